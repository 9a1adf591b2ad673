package rules

import (
	"github.com/pyworkers/pyworkers-lsp/analysis/diag"
	"github.com/pyworkers/pyworkers-lsp/analysis/profile"
)

var pw209 = &Rule{
	Code:     "PW209",
	Name:     "to-py-on-converted",
	Summary:  "`.to_py()` on a value the SDK already converted raises AttributeError",
	Severity: diag.Error,
	Runtimes: "workers-runtime-sdk 1.3 and newer (compatibility dates from 2026-04-21 with the vendored SDK)",
	Fixes: []Fix{
		{Kind: FixDropToPy, Title: "Remove .to_py(): the value is already a Python value", Safety: SafeFix},
	},
	Applies: func(p *profile.Profile) bool { return p.SDKWrapsBindings },
	Unit:    runPW209,
	Doc: `## What it does
With workers-runtime-sdk 1.3 or newer, finds ` + "`.to_py()`" + ` called on binding results the
SDK has already converted: D1 ` + "`.first()`" + `/` + "`.all()`" + `/` + "`.run()`" + `/` + "`.raw()`" + `/` + "`.batch()`" + `
results and their ` + "`.results`" + `, KV ` + "`.get()`" + `/` + "`.list()`" + `/` + "`.getWithMetadata()`" + `,
Durable Object storage ` + "`.get()`" + `/` + "`.list()`" + `, and queue ` + "`msg.body`" + `.

## Why it breaks on Workers
The SDK wraps ` + "`env`" + ` (and the queue batch and Durable Object storage): arguments are
converted to JavaScript and results come back as Python ` + "`dict`" + `, ` + "`list`" + `, ` + "`str`" + ` or
` + "`None`" + `. Those have no ` + "`to_py`" + ` method, so code written for the older raw bindings
fails with ` + "`AttributeError: 'dict' object has no attribute 'to_py'`" + ` once the Worker
moves to a compatibility date that vendors the new SDK.

## Example
` + "```python" + `
row = await self.env.DB.prepare("SELECT * FROM users WHERE id = ?").bind(uid).first()
user = row.to_py()
` + "```" + `

## Use instead
` + "```python" + `
user = await self.env.DB.prepare("SELECT * FROM users WHERE id = ?").bind(uid).first()
` + "```" + `

## Which runtimes
Workers whose SDK wraps bindings: the vendored workers-runtime-sdk 1.3 or newer
(` + "`enable_python_external_sdk`" + `, the default from compatibility date 2026-04-21).

## Fix safety
Safe: the fix removes the ` + "`.to_py()`" + ` call.`,
}

// runPW209 reports .to_py() on SDK-converted binding data.
func runPW209(p *Pass) {
	v := p.values()
	for _, call := range p.Nodes("call") {
		fn := call.Field("function")
		if fn.Type() != "attribute" || fn.Field("attribute").Text() != "to_py" {
			continue
		}
		o := v.Origin(fn.Field("object"))
		if o.Raw || !o.FromRuntimeArgs() {
			continue
		}
		shape, label := dataOf(o)
		if shape == shapeOther {
			continue
		}
		p.Report(call, sdkLabel(p.Profile)+" already converts "+label+" to a Python value (dict, list, str or None), which has no to_py(): this raises AttributeError; drop .to_py()", FixDropToPy.Data())
	}
}
