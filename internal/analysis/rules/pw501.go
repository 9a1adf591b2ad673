package rules

import (
	"strings"

	"github.com/pyworkers/pyworkers-lsp/internal/analysis/diag"
	"github.com/pyworkers/pyworkers-lsp/internal/analysis/profile"
)

var pw501 = &Rule{
	Code:     "PW501",
	Name:     "missing-python-workers-flag",
	Summary:  "`main` is a Python file but compatibility_flags lacks `python_workers`",
	Severity: diag.Error,
	Runtimes: "always (config diagnostic; `main` is a .py file)",
	Fixes: []Fix{
		{Kind: FixAddFlag, Title: "Add the flag to compatibility_flags", Safety: SafeFix},
	},
	Config: runPW501,
}

func runPW501(p *ConfigPass) {
	for _, w := range configWorkers(p) {
		if w.Main == nil || !strings.HasSuffix(w.Main.Value, ".py") || w.HasFlag(profile.FlagPythonWorkers) {
			continue
		}
		span, where := w.Main.Span, "`main` is "+w.Main.Value
		if w.FlagsField != nil {
			span = w.FlagsField.Value.Span
		}
		msg := where + " but compatibility_flags does not list python_workers: the Worker will not load"
		if w.Env != "" && w.FlagsField != nil && w.Table.Field("compatibility_flags") == w.FlagsField {
			msg = "[env." + w.Env + "] compatibility_flags replaces the top-level list and lacks python_workers"
		}
		p.reportSpan(p.Workspace.Wrangler.Path, span, msg, envData(w, FixAddFlag.Data("flag", profile.FlagPythonWorkers)))
	}
}
