package rules

import "github.com/pyworkers/pyworkers-lsp/analysis/diag"

// pw003 is reported by the analysis driver, which measures each unit's
// nesting before running the rules; the rule carries the metadata and
// doc.
var pw003 = &Rule{
	Code:     "PW003",
	Name:     "too-deep-to-analyse",
	Summary:  "a statement nests deeper than 1000 syntax levels and is not analysed",
	Severity: diag.Warning,
	Runtimes: "always",
	Fix:      NoFix,
	Doc: `## What it does
Says that a top-level statement (or a method of a top-level class) nests deeper than
1000 levels of syntax — tens of thousands of chained calls, or brackets and
comprehensions nested hundreds deep — so no rule looked at it. The rest of the file
is analysed as usual.

## Why it breaks on Workers
It may not break anything, but findings inside the statement are not reported. The
limit keeps the language server answering: rules look at the ancestors of a node, so
their cost grows with the nesting, and one generated statement could stall every
keystroke.

## Example
` + "```python" + `
x = a.b().b().b()  # … 80,000 times
` + "```" + `

## Use instead
Split the statement, or generate data (JSON, a list built in a loop) instead of
deeply nested code. Python files larger than 1 MiB are not analysed at all.

## Which runtimes
All of them.`,
}
