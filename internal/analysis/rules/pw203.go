package rules

import (
	"strings"

	"github.com/pyworkers/pyworkers-lsp/internal/analysis/diag"
	"github.com/pyworkers/pyworkers-lsp/internal/analysis/semantic"
	"github.com/pyworkers/pyworkers-lsp/internal/analysis/syntax"
)

var pw203 = &Rule{
	Code:     "PW203",
	Name:     "js-eval",
	Summary:  "`js.eval` and `js.Function` are blocked in Workers",
	Severity: diag.Error,
	Runtimes: "always",
	Unit:     runPW203,
}

// blockedJS are the qualified names that generate code from strings.
var blockedJS = map[string]string{
	"js.eval":                "js.eval",
	"js.Function":            "js.Function (new Function)",
	"js.globalThis.eval":     "js.eval",
	"js.globalThis.Function": "js.Function (new Function)",
}

const pw203Message = " is blocked in Workers: code generation from strings is disallowed (EvalError: Code generation from strings disallowed for this context)"

// runPW203 reports imports and references of js.eval and js.Function.
func runPW203(p *Pass) {
	for _, stmt := range p.Nodes(syntax.TypeImportFromStatement) {
		for _, imp := range semantic.ImportsOf(stmt) {
			if what, ok := blockedJS[imp.Qualified]; ok {
				p.Report(imp.NameNode, what+pw203Message, nil)
			}
		}
	}
	names := importedAs(p, blockedJS)
	for _, id := range p.Nodes(syntax.TypeIdentifier) {
		if !names[id.Text()] || !semantic.IsReference(id) || inImport(id) {
			continue
		}
		if what, ok := blockedJS[p.Resolver.Resolve(id)]; ok {
			p.Report(id, what+pw203Message, nil)
		}
	}
	for _, attr := range p.Nodes(syntax.TypeAttribute) {
		if name := attr.Field(syntax.FieldAttribute).Text(); name != "eval" && name != "Function" {
			continue
		}
		if what, ok := blockedJS[p.Resolver.Resolve(attr)]; ok {
			p.Report(attr, what+pw203Message, nil)
		}
	}
}

// importedAs lists the local names that may refer to one of the
// qualified names in targets: names imported as one of them (at module
// level or in the unit), and their last component when the module is
// star-imported. Rules check an identifier's text against it before
// resolving it, which is far cheaper than resolving every identifier.
func importedAs[V any](p *Pass, targets map[string]V) map[string]bool {
	names := map[string]bool{}
	for q := range targets {
		for _, name := range p.Resolver.ImportedAs(q) {
			names[name] = true
		}
	}
	for _, stmt := range p.Nodes(syntax.TypeImportFromStatement) {
		for _, imp := range semantic.ImportsOf(stmt) {
			if _, ok := targets[imp.Qualified]; ok {
				names[imp.Local] = true
			}
		}
	}
	for q := range targets {
		mod, last := q[:strings.LastIndex(q, ".")], q[strings.LastIndex(q, ".")+1:]
		for _, star := range p.Resolver.StarImports() {
			if star == mod {
				names[last] = true
			}
		}
	}
	return names
}
