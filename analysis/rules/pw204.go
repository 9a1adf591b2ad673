package rules

import (
	"github.com/pyworkers/pyworkers-lsp/analysis/diag"
	"github.com/pyworkers/pyworkers-lsp/analysis/semantic"
	"github.com/pyworkers/pyworkers-lsp/analysis/syntax"
)

var pw204 = &Rule{
	Code:     "PW204",
	Name:     "none-to-raw-binding",
	Summary:  "Python `None` passed to a raw JS binding call arrives as `undefined`",
	Severity: diag.Warning,
	Runtimes: "raw bindings: the built-in SDK, workers-runtime-sdk < 1.3, or bindings reached through `js`",
	Fix:      SafeFix,
	Unit:     runPW204,
	Doc: `## What it does
Finds ` + "`None`" + ` — written directly or through a local variable — passed to a method of a
binding that the SDK does not wrap: ` + "`env.DB.prepare(q).bind(None)`" + `,
` + "`env.CACHE.put(key, None)`" + `, ` + "`self.ctx.storage.put(key, None)`" + `.

## Why it breaks on Workers
Pyodide converts Python ` + "`None`" + ` to JavaScript ` + "`undefined`" + `, not ` + "`null`" + `. Bindings
treat the two differently: D1 rejects ` + "`undefined`" + ` parameters
(` + "`D1_TYPE_ERROR: Type 'undefined' not supported`" + `) instead of storing SQL NULL, and
KV and storage calls fail or drop the value.

workers-runtime-sdk 1.3 and newer wraps ` + "`env`" + ` and converts ` + "`None`" + ` to ` + "`null`" + `
itself, so the rule only looks at raw bindings: the built-in SDK (compatibility dates
before 2026-04-21), older vendored SDKs, and bindings reached through ` + "`js`" + ` or
` + "`import_from_javascript`" + `.

## Example
` + "```python" + `
await self.env.DB.prepare("UPDATE users SET bio = ? WHERE id = ?").bind(None, uid).run()
` + "```" + `

## Use instead
` + "```python" + `
from pyodide.ffi import jsnull  # Pyodide 0.28 and newer

await self.env.DB.prepare("UPDATE users SET bio = ? WHERE id = ?").bind(jsnull, uid).run()
` + "```" + `
` + noJSNullOn026 + `

## Which runtimes
Raw bindings on every runtime.

## Fix safety
Safe for a literal ` + "`None`" + ` on Pyodide 0.28 and newer: the fix replaces it with
` + "`jsnull`" + ` and adds the import. A variable that may hold ` + "`None`" + `, and any finding on
0.26 (where no Python value is a JS null), gets no automatic fix.`,
}

// runPW204 reports None arguments of raw binding method calls.
func runPW204(p *Pass) {
	var v *semantic.Values
	for _, call := range p.Nodes("call") {
		fn := call.Field("function")
		if fn.Type() != "attribute" {
			continue
		}
		if v == nil {
			v = p.values()
		}
		var nones []syntax.Node
		for _, arg := range callArgValues(call) {
			if v.Origin(arg).Kind == semantic.OriginNone {
				nones = append(nones, arg)
			}
		}
		if len(nones) == 0 {
			continue
		}
		obj := v.Origin(fn.Field("object"))
		if !obj.Raw || (obj.Kind != semantic.OriginBinding && obj.Kind != semantic.OriginBindingValue) {
			continue
		}
		method := fn.Field("attribute").Text()
		callee := bindingLabel(obj) + "." + method + "()"
		for _, arg := range nones {
			msg := "Python None passed to the raw binding call " + callee + " arrives as JS undefined, not null"
			if obj.BindingKind == semantic.D1Databases && method == "bind" {
				msg += ": D1 rejects it (D1_TYPE_ERROR: Type 'undefined' not supported) instead of storing NULL"
			}
			msg += "; " + nullHowTo(p.Profile)
			var data map[string]string
			if arg.Type() == "none" {
				data = nullFix(p.Profile)
			}
			p.Report(arg, msg, data)
		}
	}
}

// callArgValues lists a call's positional arguments and keyword values.
func callArgValues(call syntax.Node) []syntax.Node {
	var out []syntax.Node
	for _, a := range call.Field("arguments").NamedChildren() {
		switch a.Type() {
		case "keyword_argument":
			out = append(out, a.Field("value"))
		case "list_splat", "dictionary_splat", "comment":
		default:
			out = append(out, a)
		}
	}
	return out
}

// noJSNullOn026 is what PW204 and PW211 say about Pyodide 0.26, where a
// JS null cannot be kept in Python.
const noJSNullOn026 = `On Pyodide 0.26 there is no ` + "`jsnull`" + `, and no Python value can stand for JS ` + "`null`" + `:
a ` + "`null`" + ` coming from JavaScript — even ` + "`js.JSON.parse(\"null\")`" + ` — turns into ` + "`None`" + `
the moment it reaches Python. Build the whole value on the JavaScript side instead, e.g.
` + "`js.JSON.parse(json.dumps(params))`" + ` for a JSON-shaped value, or move the Worker to
compatibility_date 2025-09-29 or later (Pyodide 0.28) and use ` + "`jsnull`" + `.`
