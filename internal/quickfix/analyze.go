package quickfix

import (
	"github.com/pyworkers/pyworkers-lsp/internal/analysis"
	"github.com/pyworkers/pyworkers-lsp/internal/analysis/config"
	"github.com/pyworkers/pyworkers-lsp/internal/analysis/diag"
)

// ConfigAnalyzer re-checks the wrangler config of ws with new text, under
// the profile that text resolves to (runtime overrides it when set), for
// FixAll on a config file. It is nil when ws has no wrangler config.
func ConfigAnalyzer(ws *config.Workspace, opts *analysis.Options, runtime string) Analyze {
	if ws == nil || ws.Wrangler == nil {
		return nil
	}
	f := ws.Wrangler
	return func(text []byte) []diag.Diagnostic {
		next := *ws
		next.Wrangler = config.ParseFile(f.Path, text, f.Format)
		prof, _ := config.ResolveProfile(&next, config.ProfileOptions{RuntimeOverride: runtime})
		return analysis.CheckConfig(&next, prof, opts).Diagnostics[f.Path]
	}
}

// FixesOf returns the fixes of each diagnostic of doc (Fixes for many
// diagnostics, reading the syntax once).
func FixesOf(doc Document, diags []diag.Diagnostic) [][]Fix {
	p := newParsed(doc)
	out := make([][]Fix, len(diags))
	for i, d := range diags {
		out[i] = p.fixes(d)
	}
	return out
}
