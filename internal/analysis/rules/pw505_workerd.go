package rules

import (
	"fmt"
	"time"

	"github.com/pyworkers/pyworkers-lsp/internal/analysis/config"
	"github.com/pyworkers/pyworkers-lsp/internal/analysis/diag"
	"github.com/pyworkers/pyworkers-lsp/internal/analysis/profile"
)

// checkWorkerdConfigs reports PW505 findings in the workspace's workerd
// configurations (config.capnp, *.wd-test): syntax errors, then for
// each Python Worker a missing embedded file, a malformed or missing
// date, a missing python_workers flag and unknown flags. Placeholders
// filled in by a build step are not findings.
func checkWorkerdConfigs(p *ConfigPass) {
	for _, c := range p.Workspace.Workerd {
		for _, e := range c.File.Errors {
			p.reportSpan(c.Path, config.Span{Start: e.Span.Start, End: e.Span.End}, e.Message, nil)
		}
		for _, pr := range c.Problems {
			p.reportSpan(c.Path, pr.Span, pr.Message, nil)
		}
		for _, w := range c.Workers {
			checkWorkerdWorker(p, w)
		}
	}
}

func checkWorkerdWorker(p *ConfigPass, w *config.WorkerdWorker) {
	c := w.Config
	for _, m := range w.Modules {
		// capnp refuses to compile a config whose embedded file is missing.
		if m.Path != "" && !c.IsTemplate() && !p.Workspace.Exists(m.Path) {
			p.reportSpan(c.Path, m.Span, fmt.Sprintf("embedded file %s does not exist", m.Path), nil)
		}
	}
	switch {
	case w.CompatDate != nil:
		if _, err := time.Parse("2006-01-02", w.CompatDate.Value); err != nil {
			p.reportSpan(c.Path, w.CompatDate.Span, fmt.Sprintf("compatibilityDate %q is not a YYYY-MM-DD date; workerd refuses it (the runtime is assumed the newest)", w.CompatDate.Value), nil)
		}
	case w.DatePlaceholder == nil && !c.IsTest():
		// workerd serve: "Worker must specify compatibilityDate."
		// (server.c++); `workerd test --compat-date` supplies it for
		// .wd-test files.
		p.reportSpan(c.Path, w.Decl, fmt.Sprintf("%s has no compatibilityDate; workerd refuses to start it", w.Label()), nil)
	}
	if !w.HasFlag(profile.FlagPythonWorkers) && !w.HasFlag("python_workers_development") && len(w.FlagPlaceholders) == 0 {
		at := w.Decl
		if w.FlagsField != nil {
			at = *w.FlagsField
		}
		p.reportSpan(c.Path, at, fmt.Sprintf("%s has Python modules but not the python_workers compatibility flag; workerd refuses it (\"The python_workers compatibility flag is required to use Python.\")", w.Label()), nil)
	}
	for _, f := range w.CompatFlags {
		if profile.IsKnownFlag(f.Value) {
			continue
		}
		msg := fmt.Sprintf("unknown compatibility flag %q", f.Value)
		if sug, ok := profile.SuggestFlag(f.Value); ok {
			msg += fmt.Sprintf("; did you mean %q?", sug)
		}
		p.reportWithSeverity(c.Path, f.Span, diag.Warning, msg, nil)
	}
}
