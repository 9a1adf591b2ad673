package rules

import (
	"fmt"

	"github.com/pyworkers/pyworkers-lsp/analysis/config"
	"github.com/pyworkers/pyworkers-lsp/analysis/diag"
)

var pw502 = &Rule{
	Code:     "PW502",
	Name:     "invalid-remote-binding",
	Summary:  "`remote: true` on a local-only binding, or `remote: false` on one that cannot run locally",
	Severity: diag.Error,
	Runtimes: "always (config diagnostic)",
	Fixes: []Fix{
		{Kind: FixRemoveRemote, Title: "Remove remote from the binding", Safety: SafeFix},
	},
	Config: runPW502,
	Doc: `## What it does
Checks the ` + "`remote`" + ` key of every binding against what ` + "`wrangler dev`" + ` can do
with that binding kind.

## Why it breaks on Workers
Local-only bindings (Durable Objects, Hyperdrive, Analytics Engine, rate
limits, Secrets Store, Worker Loaders, assets, vars, …) have no remote mode:
wrangler rejects ` + "`remote: true`" + ` on them and the dev session does not start.
Bindings with no local simulator — Vectorize, mTLS certificates, dispatch
namespaces, and the always-remote Workers AI, AI Search, Media and VPC
services — cannot be forced local: ` + "`remote: false`" + ` is an error.

## Example
` + "```jsonc" + `
"durable_objects": { "bindings": [{ "name": "COUNTER", "class_name": "Counter", "remote": true }] },
"ai": { "binding": "AI", "remote": false }
` + "```" + `

## Use instead
` + "```jsonc" + `
"durable_objects": { "bindings": [{ "name": "COUNTER", "class_name": "Counter" }] },
"ai": { "binding": "AI" }
` + "```" + `

## Which runtimes
All of them: this is how wrangler treats the config, whatever the runtime.

## Fix safety
Safe: the fix removes the ` + "`remote`" + ` key, which is what wrangler would use anyway
(for Vectorize, mTLS and dispatch namespaces PW503 then asks for
` + "`remote: true`" + `).`,
}

func runPW502(p *ConfigPass) {
	for _, w := range configWorkers(p) {
		for _, b := range w.Bindings {
			if b.Remote == nil {
				continue
			}
			kind, _ := config.LookupBindingKind(b.Kind)
			var msg string
			switch {
			case *b.Remote && kind.Remote == config.LocalOnly:
				msg = fmt.Sprintf("%s binding %s is local only: wrangler rejects `remote: true`", b.Kind, b.Name)
			case !*b.Remote && kind.Remote == config.RemoteRequired:
				msg = fmt.Sprintf("%s binding %s has no local simulator: `remote: false` is an error (use `remote: true`)", b.Kind, b.Name)
			case !*b.Remote && kind.Remote == config.AlwaysRemote:
				msg = fmt.Sprintf("%s binding %s always runs remotely: `remote: false` is an error", b.Kind, b.Name)
			default:
				continue
			}
			p.reportSpan(p.Workspace.Wrangler.Path, b.RemoteEntry, msg,
				envData(w, FixRemoveRemote.Data("binding", b.Name, "kind", b.Kind)))
		}
	}
}
