package rules

import "github.com/pyworkers/pyworkers-lsp/analysis/diag"

// pw002 is reported by the project loader (analysis.ProjectNotes), which
// knows whether a config was found; the rule carries the metadata and doc.
var pw002 = &Rule{
	Code:     "PW002",
	Name:     "default-profile",
	Summary:  "no usable wrangler config: the file is analysed under the default runtime profile",
	Severity: diag.Information,
	Runtimes: "files with no wrangler.toml / wrangler.jsonc / wrangler.json at or above them, or a broken one",
	Config:   runPW002Config,
	Doc: `## What it does
Says that no wrangler config was found at or above the file (or that it could not be
read), or that its ` + "`compatibility_date`" + ` is a template placeholder such as
` + "`<COMPATIBILITY_DATE>`" + ` or ` + "`%COMPAT_DATE%`" + ` (then a current date is assumed, as
create-cloudflare fills in), so the analysis assumed the default profile: the newest runtime (Pyodide 314,
Python 3.14) with every dated Python compatibility flag on and the vendored
workers-runtime-sdk.

## Why it breaks on Workers
Which mistakes break a Worker depends on its compatibility date and flags: JS null is
` + "`None`" + ` on Pyodide 0.26 but ` + "`jsnull`" + ` on 0.28; module-level handlers work before
2025-08-14 and are ignored after. Without the config the findings may not match the
runtime the Worker really gets.

## Example
A Worker checked out without its ` + "`wrangler.toml`" + `, or a file outside the Worker's folder.

## Use instead
Keep ` + "`wrangler.toml`" + ` (or ` + "`wrangler.jsonc`" + `) in the Worker's folder, or set the runtime
explicitly: ` + "`runtime = \"0.28\"`" + ` in ` + "`[tool.pyworkers-lsp]`" + ` of pyproject.toml, the
` + "`pyworkers.runtime`" + ` editor setting, or ` + "`check --runtime 0.28`" + `.

## Which runtimes
All of them; the note names the profile it assumed.`,
}
