package rules

import (
	"github.com/pyworkers/pyworkers-lsp/analysis/diag"
	"github.com/pyworkers/pyworkers-lsp/analysis/profile"
	"github.com/pyworkers/pyworkers-lsp/analysis/semantic"
)

var pw210 = &Rule{
	Code:     "PW210",
	Name:     "dict-to-js-call",
	Summary:  "a Python dict passed straight to a JS API that cannot use a dict proxy",
	Severity: diag.Warning,
	Runtimes: "by runtime and receiver (docs/runtime-behaviour.md)",
	Fixes: []Fix{
		{Kind: FixWrapToJs, Title: "Convert the dict with to_js(..., dict_converter=Object.fromEntries)", Safety: SafeFix},
	},
	Applies: func(p *profile.Profile) bool { return failsSomewhere(p.Runtime.Generation, "dict") },
	Unit:    runPW210,
	Doc: `## What it does
Finds a Python dict — a dict display, ` + "`dict(...)`" + `, a dict comprehension, the dict from
` + "`await request.json()`" + `, or a local variable holding one — passed as a positional
argument to a JavaScript API that cannot use it on the Worker's runtime.

## Why it breaks on Workers
Pyodide does not
convert a dict argument: JavaScript receives a borrowed ` + "`PyProxy`" + ` that is destroyed when
the call returns. What that does depends on the runtime and on what the API does with the
argument (its row in the receiver table):

- reads properties (` + "`fetch`" + `/` + "`Request`" + `/` + "`Response`" + ` init, KV/R2 options, WebCrypto
  algorithms): broken on Pyodide 0.26 — the proxy has no properties, so ` + "`status`" + `,
  ` + "`method`" + `, ` + "`headers`" + ` are ignored; works on 0.28 and 314;
- serialises to JSON (` + "`JSON.stringify`" + `, Queue ` + "`send`" + `, AI ` + "`run`" + `, Vectorize): ` + "`{}`" + `
  on 0.26; works on 0.28 and 314;
- structured-clones (` + "`structuredClone`" + `, Durable Object and service RPC, Workflows
  ` + "`create`" + `): ` + "`DataCloneError`" + ` on every runtime;
- iterates pairs (` + "`Headers`" + `, ` + "`URLSearchParams`" + `): ` + "`TypeError`" + ` on every runtime (a dict
  proxy iterates its keys, not pairs);
- keeps it (listeners, HTMLRewriter handlers): "This borrowed proxy was automatically
  destroyed" on every runtime.

A call whose receiver the table does not know (your own JS, ` + "`console.log`" + `) is not
reported. Keyword arguments (` + "`js.Response.new(body, status=400)`" + `) are a plain object
on every runtime and are never reported.

Every outcome is measured by the repository's oracle (npm ` + "`pyodide`" + ` in Node) and each
receiver cites the workerd source it was read from: see
[docs/runtime-behaviour.md](runtime-behaviour.md).

## Example
` + "```python" + `
import js

# compatibility_date before 2025-09-29 (Pyodide 0.26): sent with status 200
return js.Response.new("bad input", {"status": 400})
# every runtime: DataCloneError
copy = js.structuredClone({"a": 1})
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
Decided per runtime and receiver from the measured table; nothing is reported where the
dict works.

## Fix safety
Safe, and offered only where the converted value works at that receiver: the fix wraps the
dict in ` + "`to_js(..., dict_converter=Object.fromEntries)`" + ` and adds the imports it needs.`,
}

// runPW210 reports dicts passed positionally to JS APIs whose receiver
// cannot use a dict proxy on the profile's runtime.
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
		for i, arg := range args {
			origin := v.Origin(arg)
			if origin.Kind != semantic.OriginDict {
				continue
			}
			r, callee, ok := receiverOf(p, v, call, i)
			if !ok {
				continue
			}
			value, op := dictKind(v, origin, r)
			o, measured := verdictOp(p.Profile, value, op)
			if !measured || !failsAt(r, o) {
				continue
			}
			var data map[string]string
			hint := ""
			if converterFixes(p.Profile, r) {
				data = FixWrapToJs.Data()
				hint = "; convert it with to_js(..., dict_converter=js.Object.fromEntries)"
			}
			p.Report(arg, "on "+runtimeLabel(p.Profile)+" a Python dict passed to "+callee+"() arrives as a PyProxy: "+consequence(p.Profile, value, op, callee, r, o)+hint, data)
		}
	}
}
