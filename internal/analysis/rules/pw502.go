package rules

import (
	"fmt"

	"github.com/pyworkers/pyworkers-lsp/internal/analysis/config"
	"github.com/pyworkers/pyworkers-lsp/internal/analysis/diag"
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
