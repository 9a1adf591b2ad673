package rules

import (
	"strings"

	"github.com/pyworkers/pyworkers-lsp/analysis/diag"
	"github.com/pyworkers/pyworkers-lsp/analysis/semantic"
	"github.com/pyworkers/pyworkers-lsp/analysis/syntax"
)

var pw210 = &Rule{
	Code:     "PW210",
	Name:     "dict-to-js-call",
	Summary:  "a Python dict passed straight to a JS call arrives as a PyProxy whose keys JS cannot read",
	Severity: diag.Warning,
	Runtimes: "always",
	Fix:      SafeFix,
	Unit:     runPW210,
	Doc: `## What it does
Finds a Python dict — a dict display, ` + "`dict(...)`" + `, a dict comprehension, the dict from
` + "`await request.json()`" + `, or a local variable holding one — passed as a positional
argument to a JavaScript function: anything under the ` + "`js`" + ` module
(` + "`js.Response.new(body, {\"status\": 400})`" + `, ` + "`js.fetch(url, {...})`" + `,
` + "`js.Headers.new({...})`" + `), a method of a raw JS value, or a method of a raw binding
(` + "`env.CACHE.put(key, value, {\"expirationTtl\": 60})`" + ` without the SDK wrapper).
` + "`js.console`" + ` calls are left alone.

## Why it breaks on Workers
When Python calls JavaScript, Pyodide converts only immutable values (numbers, strings,
booleans, ` + "`None`" + `). A dict arrives as a ` + "`PyProxy`" + `, and JavaScript reading
` + "`options.status`" + ` on it finds nothing: the status, headers, method or expiration are
silently ignored, and ` + "`new Headers(proxy)`" + ` throws.

Keyword arguments are different: ` + "`js.Response.new(body, status=400)`" + ` passes a real
JavaScript object, so it is not reported.

## Example
` + "```python" + `
import js

return js.Response.new("bad input", {"status": 400})  # sent with status 200
` + "```" + `

## Use instead
` + "```python" + `
import js
from js import Object
from pyodide.ffi import to_js

return js.Response.new("bad input", to_js({"status": 400}, dict_converter=Object.fromEntries))
# or: js.Response.new("bad input", status=400)
` + "```" + `

## Which runtimes
All of them.

## Fix safety
Safe: the fix wraps the dict in ` + "`to_js(..., dict_converter=Object.fromEntries)`" + ` and adds
the imports it needs.`,
}

// runPW210 reports dicts passed positionally to JS calls.
func runPW210(p *Pass) {
	var v *semantic.Values
	for _, call := range p.Nodes("call") {
		args := semantic.PositionalArgs(call)
		if len(args) == 0 {
			continue
		}
		if v == nil {
			v = p.values()
		}
		var dicts []syntax.Node
		for _, arg := range args {
			if v.Origin(arg).Kind == semantic.OriginDict {
				dicts = append(dicts, arg)
			}
		}
		if len(dicts) == 0 {
			continue
		}
		callee, ok := jsCallee(p, v, call)
		if !ok || callee == "js.console" || strings.HasPrefix(callee, "js.console.") {
			continue
		}
		for _, arg := range dicts {
			p.Report(arg, "a Python dict passed to the JS call "+callee+"() arrives as a PyProxy, not an object: JS reads none of its keys, so `"+shorten(arg.Text())+"` is ignored; convert it with to_js(..., dict_converter=js.Object.fromEntries)", map[string]string{"fix": "wrap-to-js"})
		}
	}
}
