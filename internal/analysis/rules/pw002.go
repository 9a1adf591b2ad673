package rules

import "github.com/pyworkers/pyworkers-lsp/internal/analysis/diag"

// pw002 is reported by the project loader (analysis.ProjectNotes), which
// knows whether a config was found; the rule carries the metadata and doc.
var pw002 = &Rule{
	Code:     "PW002",
	Name:     "default-profile",
	Summary:  "no usable wrangler config: the file is analysed under the default runtime profile",
	Severity: diag.Information,
	Runtimes: "files with no wrangler.toml / wrangler.jsonc / wrangler.json at or above them, or a broken one",
	Config:   runPW002Config,
}
