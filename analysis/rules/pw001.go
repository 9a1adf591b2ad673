package rules

import "github.com/pyworkers/pyworkers-lsp/analysis/diag"

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
	Doc: `## What it does
Reports a ` + "`# pyworkers: ignore`" + ` comment, or a code inside
` + "`# pyworkers: ignore[...]`" + `, that matched no finding on its line.

## Why it breaks on Workers
It does not break anything by itself, but a stale suppression hides the next
real problem on that line, and the reason it was added is no longer true —
often because the runtime changed under it (a new compatibility date).

## Example
` + "```python" + `
import json  # pyworkers: ignore[PW106]
` + "```" + `

## Use instead
` + "```python" + `
import json
` + "```" + `

## Which runtimes
All of them.

## Fix safety
Safe: the fix removes the unused code, or the whole comment when none is left.`,
}
