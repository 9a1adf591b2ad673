package rules

import (
	"fmt"

	"github.com/pyworkers/pyworkers-lsp/analysis/config"
	"github.com/pyworkers/pyworkers-lsp/analysis/diag"
)

var pw503 = &Rule{
	Code:     "PW503",
	Name:     "remote-binding-without-remote",
	Summary:  "Vectorize, mTLS certificate or dispatch namespace binding without `remote: true`",
	Severity: diag.Warning,
	Runtimes: "always (config diagnostic)",
	Fixes: []Fix{
		{Kind: FixAddRemote, Title: "Add remote: true to the binding", Safety: UnsafeFix},
	},
	Config: runPW503,
	Doc: `## What it does
Finds Vectorize, mTLS certificate and dispatch namespace bindings that do not
set ` + "`remote: true`" + `.

## Why it breaks on Workers
These bindings have no local simulator. Without ` + "`remote: true`" + ` the binding is
missing or inert under ` + "`wrangler dev`" + `, so ` + "`env.VEC.query(...)`" + ` fails locally
while the deployed Worker works — the kind of difference that hides bugs until
production.

## Example
` + "```toml" + `
[[vectorize]]
binding = "VEC"
index_name = "embeddings"
` + "```" + `

## Use instead
` + "```toml" + `
[[vectorize]]
binding = "VEC"
index_name = "embeddings"
remote = true
` + "```" + `

## Which runtimes
All of them: this is how ` + "`wrangler dev`" + ` runs bindings.

## Fix safety
Unsafe: the fix adds ` + "`remote = true`" + `, after which local development reads and
writes the real resource on your account (and is billed for it).`,
}

func runPW503(p *ConfigPass) {
	for _, w := range configWorkers(p) {
		for _, b := range w.Bindings {
			kind, _ := config.LookupBindingKind(b.Kind)
			if b.Remote != nil || kind.Remote != config.RemoteRequired {
				continue
			}
			p.reportSpan(p.Workspace.Wrangler.Path, b.NameSpan,
				fmt.Sprintf("%s binding %s has no local simulator: add `remote: true` so `wrangler dev` uses the real %s", b.Kind, b.Name, kind.Doc),
				envData(w, FixAddRemote.Data("binding", b.Name, "kind", b.Kind)))
		}
	}
}
