package rules

import (
	"github.com/pyworkers/pyworkers-lsp/internal/analysis/config"
	"github.com/pyworkers/pyworkers-lsp/internal/analysis/diag"
)

// runPW002Config notes a compatibility_date that is a template
// placeholder (`<COMPATIBILITY_DATE>`, `<TBD>`, `%COMPAT_DATE%`): the
// tool that creates the project fills it in, so it is no error, but the
// runtime is assumed, and the note says which.
func runPW002Config(p *ConfigPass) {
	for _, w := range configWorkers(p) {
		if d := w.CompatDate; d != nil && config.IsPlaceholder(d.Value) {
			p.reportWithSeverity(p.Workspace.Wrangler.Path, d.Span, diag.Information, config.PlaceholderMessage(d.Value, p.Profile), nil)
		}
	}
}
