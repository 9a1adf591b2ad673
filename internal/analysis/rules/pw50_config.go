package rules

import (
	"github.com/pyworkers/pyworkers-lsp/internal/analysis/config"
	"github.com/pyworkers/pyworkers-lsp/internal/analysis/diag"
)

// configWorkers returns the wrangler settings of every environment: the
// top level and each [env.NAME]. Config rules check all of them, since a
// deploy with any environment must work; findings on inherited values
// share their range and are merged by the caller.
func configWorkers(p *ConfigPass) []*config.Worker {
	ws := p.Workspace
	if ws == nil || ws.Wrangler == nil || ws.Wrangler.Root == nil {
		return nil
	}
	out := []*config.Worker{config.ReadWorker(ws.Wrangler, "")}
	for _, env := range config.Envs(ws.Wrangler) {
		out = append(out, config.ReadWorker(ws.Wrangler, env))
	}
	return out
}

// reportSpan records a finding of the pass's rule over a span of path.
func (p *ConfigPass) reportSpan(path string, s config.Span, message string, data map[string]string) {
	p.Report(path, p.Finding(s.Start, s.End, message, data))
}

// reportWithSeverity records a finding whose severity differs from the
// rule's default (a softer variant of the rule).
func (p *ConfigPass) reportWithSeverity(path string, s config.Span, sev diag.Severity, message string, data map[string]string) {
	d := p.Finding(s.Start, s.End, message, data)
	d.Severity = sev
	p.Report(path, d)
}

// envData adds the environment a finding belongs to ("" for the top
// level) to fix data.
func envData(w *config.Worker, data map[string]string) map[string]string {
	if w.Env != "" {
		data["env"] = w.Env
	}
	return data
}
