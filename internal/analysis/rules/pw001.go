package rules

import "github.com/pyworkers/pyworkers-lsp/internal/analysis/diag"

// pw001 is reported by the analysis driver, which knows which suppression
// comments matched a finding; the rule carries the metadata and doc.
var pw001 = &Rule{
	Code:     "PW001",
	Name:     "unused-suppression",
	Summary:  "`# pyworkers: ignore[...]` comment that suppresses nothing",
	Severity: diag.Warning,
	Runtimes: "always",
	Fixes: []Fix{
		{Kind: FixRemoveSuppression, Title: "Remove the unused suppression", Safety: SafeFix},
	},
}
