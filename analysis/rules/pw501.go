package rules

import (
	"strings"

	"github.com/pyworkers/pyworkers-lsp/analysis/diag"
	"github.com/pyworkers/pyworkers-lsp/analysis/profile"
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
	Doc: `## What it does
Checks that a wrangler config whose ` + "`main`" + ` is a ` + "`.py`" + ` file lists the
` + "`python_workers`" + ` compatibility flag, at the top level and in every ` + "`[env.*]`" + `
section that sets its own ` + "`compatibility_flags`" + `.

## Why it breaks on Workers
Python Workers are opt-in: without ` + "`python_workers`" + ` the runtime does not load a
Python entry point, and ` + "`wrangler dev`" + ` / ` + "`wrangler deploy`" + ` fail before your code
runs. An environment that sets ` + "`compatibility_flags`" + ` replaces the top-level list,
so the flag must be repeated there.

## Example
` + "```toml" + `
main = "src/entry.py"
compatibility_date = "2025-11-02"
compatibility_flags = ["nodejs_compat"]
` + "```" + `

## Use instead
` + "```toml" + `
main = "src/entry.py"
compatibility_date = "2025-11-02"
compatibility_flags = ["python_workers", "nodejs_compat"]
` + "```" + `

## Which runtimes
All of them: every Python Workers runtime needs the flag.

## Fix safety
Safe: the fix adds ` + "`\"python_workers\"`" + ` to the ` + "`compatibility_flags`" + ` array of the
environment (creating the key if needed) and changes nothing else.`,
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
