package rules

import (
	"fmt"

	"github.com/pyworkers/pyworkers-lsp/internal/analysis/config"
	"github.com/pyworkers/pyworkers-lsp/internal/analysis/diag"
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
