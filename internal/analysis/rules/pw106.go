package rules

import (
	"fmt"
	"strings"

	"github.com/pyworkers/pyworkers-lsp/internal/analysis/diag"
	"github.com/pyworkers/pyworkers-lsp/internal/analysis/packages"
	"github.com/pyworkers/pyworkers-lsp/internal/analysis/semantic"
	"github.com/pyworkers/pyworkers-lsp/internal/analysis/syntax"
)

var pw106 = &Rule{
	Code:     "PW106",
	Name:     "unavailable-stdlib",
	Summary:  "standard-library module that Pyodide does not ship, or API that cannot work there",
	Severity: diag.Error,
	Runtimes: "always",
	Unit:     runPW106,
}

// threadAPIs start threads, which Pyodide cannot.
var threadAPIs = map[string]bool{
	"threading.Thread": true, "threading.Timer": true, "_thread.start_new_thread": true,
	"concurrent.futures.ThreadPoolExecutor": true, "concurrent.futures.ProcessPoolExecutor": true,
	"concurrent.futures.thread.ThreadPoolExecutor": true, "asyncio.to_thread": true,
}

// harmlessMultiprocessing are the multiprocessing calls that start nothing.
var harmlessMultiprocessing = map[string]bool{
	"multiprocessing.cpu_count": true, "multiprocessing.current_process": true,
	"multiprocessing.get_start_method": true, "multiprocessing.get_all_start_methods": true,
}

func runPW106(p *Pass) {
	for _, typ := range []string{"import_statement", "import_from_statement"} {
		for _, stmt := range p.Nodes(typ) {
			if importGuarded(p, stmt) {
				continue
			}
			reported := false
			for _, imp := range semantic.ImportsOf(stmt) {
				if imp.Relative || reported {
					continue
				}
				top, _, _ := strings.Cut(imp.Module, ".")
				why := ""
				switch packages.Stdlib(top, p.Profile.Runtime.Generation) {
				case packages.StdlibMissing:
					why = "is not in Pyodide's standard library: this import raises ModuleNotFoundError when the Worker starts"
				case packages.StdlibNotImportable:
					why = "ships with Pyodide but raises on import (there is no terminal): this import fails when the Worker starts"
				default:
					continue // broken modules (threading, …) are reported where they are used
				}
				at := imp.NameNode
				if typ == "import_from_statement" {
					at = stmt.Field(syntax.FieldModuleName)
					reported = true // one finding per `from M import a, b`
				}
				p.Report(at, top+" "+why, map[string]string{"module": top})
			}
		}
	}
	for _, call := range p.Nodes(syntax.TypeCall) {
		fn := call.Field(syntax.FieldFunction)
		if q := p.Resolver.Resolve(fn); q != "" {
			if msg := unworkableAPI(q); msg != "" {
				p.Report(fn, msg, map[string]string{"api": q})
			}
		}
	}
	for _, cls := range p.Nodes(syntax.TypeClassDefinition) {
		for _, base := range cls.Field(syntax.FieldSuperclasses).NamedChildren() {
			if q := p.Resolver.Resolve(base); threadAPIs[q] {
				p.Report(base, fmt.Sprintf("subclassing %s: Pyodide cannot start threads, so start() raises RuntimeError", q), map[string]string{"api": q})
			}
		}
	}
}

// unworkableAPI explains why calling q cannot work on Pyodide, or "".
func unworkableAPI(q string) string {
	switch {
	case threadAPIs[q]:
		return fmt.Sprintf("%s needs threads, which Pyodide cannot start (RuntimeError); use asyncio tasks instead", q)
	case strings.HasPrefix(q, "multiprocessing.") && !harmlessMultiprocessing[q]:
		return fmt.Sprintf("%s needs processes, which Pyodide cannot start; use asyncio tasks instead", q)
	}
	return ""
}

// importGuarded reports whether an import is allowed to fail or never runs:
// inside `try:` with an except clause catching ImportError (or broader),
// under `if TYPE_CHECKING:`, or under a platform check.
func importGuarded(p *Pass, stmt syntax.Node) bool {
	child := stmt
	for n := stmt.Parent(); !n.IsZero(); child, n = n, n.Parent() {
		switch n.Type() {
		case syntax.TypeTryStatement:
			if child.FieldName() == "body" && catchesImportError(n) {
				return true
			}
		case syntax.TypeIfStatement, syntax.TypeElifClause:
			cond := n.Field(syntax.FieldCondition)
			if cond.Contains(child) {
				continue
			}
			q := p.Resolver.Resolve(cond)
			if (q == "typing.TYPE_CHECKING" || q == "typing_extensions.TYPE_CHECKING") && n.Field(syntax.FieldConsequence).Contains(stmt) {
				return true
			}
			for _, d := range cond.Descendants() {
				switch p.Resolver.Resolve(d) {
				case "sys.platform", "os.name", "platform.system":
					return true
				}
			}
		case syntax.TypeFunctionDefinition, syntax.TypeClassDefinition:
			return false
		}
	}
	return false
}

// catchesImportError reports whether a try statement has a handler for
// ImportError: bare `except:`, or a name among ImportError,
// ModuleNotFoundError, Exception and BaseException.
func catchesImportError(try syntax.Node) bool {
	for _, clause := range try.NamedChildren() {
		if clause.Type() != syntax.TypeExceptClause {
			continue
		}
		caught := clause.NamedChildren()
		if len(caught) == 0 || caught[0].Type() == syntax.TypeBlock {
			return true
		}
		for _, d := range caught[0].Descendants() {
			if d.Type() == syntax.TypeIdentifier {
				switch d.Text() {
				case "ImportError", "ModuleNotFoundError", "Exception", "BaseException":
					return true
				}
			}
		}
	}
	return false
}
