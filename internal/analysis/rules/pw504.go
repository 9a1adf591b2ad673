package rules

import (
	"fmt"
	"strings"

	"github.com/pyworkers/pyworkers-lsp/internal/analysis/diag"
	"github.com/pyworkers/pyworkers-lsp/internal/analysis/packages"
	"github.com/pyworkers/pyworkers-lsp/internal/analysis/semantic"
	"github.com/pyworkers/pyworkers-lsp/internal/analysis/syntax"
)

var pw504 = &Rule{
	Code:     "PW504",
	Name:     "package-unavailable",
	Summary:  "dependency with no build for the runtime's Pyodide",
	Severity: diag.Error,
	Runtimes: "per profile: the Pyodide package index of the Worker's runtime",
	Unit:     runPW504Imports,
	Config:   runPW504Config,
}

// runPW504Imports reports imports of packages without a build for the
// profile's Pyodide package index.
func runPW504Imports(p *Pass) {
	release := packages.ForProfile(p.Profile)
	for _, typ := range []string{"import_statement", "import_from_statement"} {
		for _, stmt := range p.Nodes(typ) {
			if importGuarded(p, stmt) {
				continue
			}
			for _, imp := range semantic.ImportsOf(stmt) {
				if imp.Relative {
					continue
				}
				s := packages.Availability(release, imp.Module)
				if s.Status != packages.NoBuild {
					continue
				}
				at := imp.NameNode
				if typ == "import_from_statement" {
					at = stmt.Field(syntax.FieldModuleName)
				}
				msg := noBuildMessage(s.Dist, s.Dist, release, p.Profile)
				if top, _, _ := strings.Cut(imp.Module, "."); top != s.Dist {
					msg = fmt.Sprintf("%s comes from %s", top, msg) // grpc comes from grpcio is …
				}
				p.Report(at, msg+"; this import fails when the Worker starts", map[string]string{"package": s.Dist})
				if typ == "import_from_statement" {
					break
				}
			}
		}
	}
}
