package rules

import (
	"strings"

	"github.com/pyworkers/pyworkers-lsp/analysis/diag"
	"github.com/pyworkers/pyworkers-lsp/analysis/semantic"
	"github.com/pyworkers/pyworkers-lsp/analysis/syntax"
)

var pw202 = &Rule{
	Code:     "PW202",
	Name:     "to-js-dict-map",
	Summary:  "`to_js(dict)` without `dict_converter` makes a JS Map, not an object",
	Severity: diag.Warning,
	Runtimes: "always",
	Fix:      SafeFix,
	Unit:     runPW202,
	Doc: `## What it does
Finds calls of ` + "`pyodide.ffi.to_js`" + ` on a Python dict — a dict display, ` + "`dict(...)`" + `,
a dict comprehension, the dict from ` + "`await request.json()`" + `, or a local variable
assigned one of those — that do not pass ` + "`dict_converter`" + `.

## Why it breaks on Workers
` + "`to_js`" + ` converts a dict to a JavaScript **Map** unless it is told otherwise.
Most JavaScript APIs read options and payloads as object *properties*, and a Map has
none: ` + "`fetch`" + ` ignores the method and headers, ` + "`JSON.stringify`" + ` prints ` + "`{}`" + `,
and bindings receive an empty object. Nothing fails; the values are silently lost.

` + "`Headers`" + ` is the exception — it accepts any iterable of pairs, including a
Map — so when the result feeds ` + "`Headers`" + ` or a ` + "`headers=`" + ` argument the finding is
information only.

## Example
` + "```python" + `
from pyodide.ffi import to_js
import js

init = to_js({"method": "POST", "body": payload})
await js.fetch(url, init)  # sent as GET with no body
` + "```" + `

## Use instead
` + "```python" + `
from pyodide.ffi import to_js
from js import Object
import js

init = to_js({"method": "POST", "body": payload}, dict_converter=Object.fromEntries)
await js.fetch(url, init)
` + "```" + `

## Which runtimes
All of them: every Pyodide release converts dicts to Maps by default.

## Fix safety
Safe: the fix adds ` + "`dict_converter=Object.fromEntries`" + ` and the ` + "`from js import Object`" + `
import when it is missing.`,
}

// runPW202 reports to_js calls on dicts that lack dict_converter.
func runPW202(p *Pass) {
	var v *semantic.Values
	for _, call := range p.Nodes("call") {
		if p.Resolver.Resolve(call.Field("function")) != "pyodide.ffi.to_js" {
			continue
		}
		args := semantic.PositionalArgs(call)
		if len(args) == 0 || hasConverterArg(call) {
			continue
		}
		if v == nil {
			v = p.values()
		}
		o := v.Origin(args[0])
		if o.Kind != semantic.OriginDict {
			continue
		}
		what := "a dict"
		if o.Source == "await request.json()" {
			what = "the dict from await request.json()"
		}
		if args[0].Type() == "identifier" {
			what = "`" + args[0].Text() + "` (" + what + ")"
		}
		data := map[string]string{"fix": "add-dict-converter"}
		if feedsHeaders(p, call) {
			p.reportSeverity(call, diag.Information, "to_js("+args[0].Text()+") converts "+what+" to a JS Map; Headers accepts a Map, but dict_converter=js.Object.fromEntries makes a plain object every JS API reads", data)
			continue
		}
		p.Report(call, "to_js() converts "+what+" to a JS Map, not an object: JS APIs that read properties (fetch options, JSON.stringify, bindings) see none of its keys; pass dict_converter=js.Object.fromEntries", data)
	}
}

// hasConverterArg reports a dict_converter keyword, or a **kwargs splat
// that may carry one.
func hasConverterArg(call syntax.Node) bool {
	if _, ok := semantic.KeywordArg(call, "dict_converter"); ok {
		return true
	}
	for _, a := range call.Field("arguments").NamedChildren() {
		if a.Type() == "dictionary_splat" {
			return true
		}
	}
	return false
}

// feedsHeaders reports whether call's result goes straight into Headers:
// an argument of js.Headers / js.Headers.new / workers.Headers, or the
// value of a headers= keyword.
func feedsHeaders(p *Pass, call syntax.Node) bool {
	parent := call.Parent()
	if parent.Type() == "keyword_argument" {
		return parent.Field("name").Text() == "headers"
	}
	if parent.Type() != "argument_list" {
		return false
	}
	outer := parent.Parent()
	q := p.Resolver.Resolve(outer.Field("function"))
	return q == "js.Headers" || q == "js.Headers.new" || strings.HasSuffix(q, "workers.Headers")
}
