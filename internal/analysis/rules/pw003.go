package rules

import "github.com/pyworkers/pyworkers-lsp/internal/analysis/diag"

// pw003 is reported by the analysis driver, which measures each unit's
// nesting before running the rules; the rule carries the metadata and
// doc.
var pw003 = &Rule{
	Code:     "PW003",
	Name:     "too-deep-to-analyse",
	Summary:  "a statement nests deeper than 1000 syntax levels and is not analysed",
	Severity: diag.Warning,
	Runtimes: "always",
}
