package semantic

import (
	"regexp"
	"sort"
	"strings"

	"github.com/pyworkers/pyworkers-lsp/internal/analysis/syntax"
)

// ImportedName is one name an import statement binds.
type ImportedName struct {
	// Local is the name bound in the importing scope ("ffi" for
	// `import pyodide.ffi as ffi`, "pyodide" for `import pyodide.ffi`).
	Local string
	// Qualified is what Local means ("pyodide.ffi", "pyodide",
	// "pyodide.ffi.to_js").
	Qualified string
	// Module is the module imported from ("pyodide.ffi"); for a plain
	// `import a.b` it is "a.b".
	Module string
	// Name is the imported member for from-imports ("to_js"), else "".
	Name string
	// Star marks `from Module import *`.
	Star bool
	// Relative marks `from . import x` and `from .m import x`.
	Relative bool
	// Start and End cover the imported name as written (the member for
	// from-imports, the dotted module for plain imports).
	Start, End int
	// NameNode is the node of the imported name as written.
	NameNode syntax.Node
}

// ImportsOf lists the names an import statement binds, as Python reads
// it. tree-sitter lexes a newline only where its grammar expects one, so
// a half-typed `from pyodide` or `import` above `import js` parses as one
// statement (`from pyodide import js`). When a statement spans a line
// break that ends Python's logical line (outside brackets, not after a
// backslash), each name is bound by what its own line says (linesImports):
// typing such a line above the module's imports then leaves what their
// names mean, and every unit reading them, as it was.
func ImportsOf(n syntax.Node) []ImportedName {
	if starts := lineStarts(n); len(starts) > 0 {
		return linesImports(n, starts)
	}
	var out []ImportedName
	switch n.Type() {
	case syntax.TypeImportStatement:
		for _, ch := range n.NamedChildren() {
			if ch.FieldName() == "name" {
				out = appendPlain(out, ch)
			}
		}
	case syntax.TypeImportFromStatement, syntax.TypeFutureImportStatement:
		modNode := n.Field(syntax.FieldModuleName)
		mod := dotted(modNode)
		if n.Type() == syntax.TypeFutureImportStatement {
			mod = "__future__"
		}
		for _, ch := range n.NamedChildren() {
			if ch.Type() == syntax.TypeWildcardImport || ch.FieldName() == "name" {
				out = appendFrom(out, ch, mod, modNode.Type() == syntax.TypeRelativeImport)
			}
		}
	}
	return out
}

// appendPlain appends the name `import a.b` or `import a.b as c` binds.
func appendPlain(out []ImportedName, ch syntax.Node) []ImportedName {
	switch ch.Type() {
	case syntax.TypeDottedName:
		mod := dotted(ch)
		head, _, _ := strings.Cut(mod, ".")
		out = append(out, ImportedName{Local: head, Qualified: head, Module: mod, Start: ch.Start(), End: ch.End(), NameNode: ch})
	case syntax.TypeAliasedImport:
		name := ch.Field(syntax.FieldName)
		mod := dotted(name)
		out = append(out, ImportedName{Local: ch.Field(syntax.FieldAlias).Text(), Qualified: mod, Module: mod, Start: name.Start(), End: name.End(), NameNode: name})
	}
	return out
}

// appendFrom appends the name (or star) ch binds in `from mod import …`.
func appendFrom(out []ImportedName, ch syntax.Node, mod string, relative bool) []ImportedName {
	if ch.Type() == syntax.TypeWildcardImport {
		return append(out, ImportedName{Module: mod, Star: true, Relative: relative, Start: ch.Start(), End: ch.End(), NameNode: ch})
	}
	nameNode, local := ch, ""
	if ch.Type() == syntax.TypeAliasedImport {
		nameNode = ch.Field(syntax.FieldName)
		local = ch.Field(syntax.FieldAlias).Text()
	}
	name := dotted(nameNode)
	if local == "" {
		local = name
	}
	q := mod + "." + name
	if relative && strings.Trim(mod, ".") == "" {
		q = mod + name // from . import util: ".util"; from .db import x: ".db.x"
	}
	return append(out, ImportedName{Local: local, Qualified: q, Module: mod, Name: name, Relative: relative, Start: nameNode.Start(), End: nameNode.End(), NameNode: nameNode})
}

// lineStarts returns the offsets (in the source) where a new logical line
// starts inside import statement n: after a line break outside brackets
// and comments that no backslash continues. Usually none.
func lineStarts(n syntax.Node) []int {
	text := n.Text()
	var starts []int
	depth := 0
	for i := 0; i < len(text); i++ {
		switch text[i] {
		case '(':
			depth++
		case ')':
			depth = max(depth-1, 0)
		case '#':
			for i+1 < len(text) && text[i+1] != '\n' {
				i++ // a comment's brackets are not brackets
			}
		case '\n':
			j := i
			if j > 0 && text[j-1] == '\r' {
				j--
			}
			if depth == 0 && (j == 0 || text[j-1] != '\\') {
				starts = append(starts, n.Start()+i+1)
			}
		}
	}
	return starts
}

// fromLine and importLine recognise how a logical line begins.
var (
	fromLine   = regexp.MustCompile(`^\s*from\s+(\.*[\w.]*)\s+import\b`)
	importLine = regexp.MustCompile(`^\s*import\b`)
)

// linesImports lists what the names of import statement n bind when it
// spans several logical lines (starts): each name as the line it is on
// begins, `from m import` or `import`; names on a line that begins
// otherwise (a broken `from p import` left `js` on a line of its own)
// bind nothing.
func linesImports(n syntax.Node, starts []int) []ImportedName {
	text := n.Text()
	var out []ImportedName
	line, next := n.Start(), 0 // the line of the child at hand; children come in source order
	for _, ch := range n.NamedChildren() {
		if ch.Type() != syntax.TypeWildcardImport && ch.FieldName() != "name" {
			continue
		}
		for next < len(starts) && starts[next] <= ch.Start() {
			line, next = starts[next], next+1
		}
		prefix := text[line-n.Start() : ch.Start()-n.Start()]
		if m := fromLine.FindStringSubmatch(prefix); m != nil {
			out = appendFrom(out, ch, m[1], strings.HasPrefix(m[1], "."))
		} else if importLine.MatchString(prefix) && ch.Type() != syntax.TypeWildcardImport {
			out = appendPlain(out, ch)
		}
	}
	return out
}

// dotted returns a dotted name without whitespace or comments.
func dotted(n syntax.Node) string {
	if n.Type() == syntax.TypeRelativeImport {
		var b strings.Builder
		for _, ch := range n.Children() {
			if ch.Type() == syntax.TypeImportPrefix {
				b.WriteString(strings.TrimSpace(ch.Text()))
			} else if ch.Type() == syntax.TypeDottedName {
				b.WriteString(dotted(ch))
			}
		}
		return b.String()
	}
	if n.Type() != syntax.TypeDottedName {
		return n.Text()
	}
	var parts []string
	for _, ch := range n.NamedChildren() {
		if ch.Type() == syntax.TypeIdentifier {
			parts = append(parts, ch.Text())
		}
	}
	return strings.Join(parts, ".")
}

// moduleExports lists the public names of modules whose star import the
// analysis resolves. `js` exports every JavaScript global, so any name.
var moduleExports = map[string][]string{
	"pyodide.ffi": {
		"to_js", "create_proxy", "create_once_callable", "destroy_proxies", "jsnull", "JsNull",
		"run_sync", "can_run_sync", "JsProxy", "JsException", "JsBuffer", "JsArray", "JsMap",
		"JsCallable", "JsDoubleProxy", "JsFetchResponse", "JsPromise", "JsIterable", "JsIterator",
		"JsGenerator", "JsAsyncGenerator", "JsMutableMap", "JsOnceCallable", "JsWeakRef",
		"JsBigInt", "JsDomElement", "JsTypedArray", "ToJsConverter", "IN_BROWSER", "register_js_module",
		"unregister_js_module", "ConversionError",
	},
	"workers": {
		"WorkerEntrypoint", "DurableObject", "WorkflowEntrypoint", "Request", "Response", "fetch",
		"handler", "env", "import_from_javascript", "wait_until", "python_to_rpc", "python_from_rpc",
		"Blob", "File", "FormData", "Headers",
	},
}

func exportsName(mod, name string) bool {
	if mod == "js" {
		return !isBuiltin(name)
	}
	for _, n := range moduleExports[mod] {
		if n == name {
			return true
		}
	}
	return false
}

// builtins are Python's builtin names; a star import of `js` does not shadow them.
var builtins = strings.Fields(`abs aiter all anext any ascii bin bool breakpoint bytearray bytes callable chr
classmethod compile complex delattr dict dir divmod enumerate eval exec filter float format frozenset
getattr globals hasattr hash help hex id input int isinstance issubclass iter len list locals map max
memoryview min next object oct open ord pow print property range repr reversed round set setattr slice
sorted staticmethod str sum super tuple type vars zip __import__ __name__ __file__ __doc__ None True False
Ellipsis NotImplemented Exception BaseException ValueError TypeError KeyError AttributeError
RuntimeError StopIteration NotImplementedError IndexError OSError ImportError`)

func isBuiltin(name string) bool {
	i := sort.SearchStrings(sortedBuiltins, name)
	return i < len(sortedBuiltins) && sortedBuiltins[i] == name
}

var sortedBuiltins = func() []string {
	s := append([]string(nil), builtins...)
	sort.Strings(s)
	return s
}()
