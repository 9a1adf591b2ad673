package semantic

import (
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
// it: tree-sitter lexes a newline only where its grammar expects one, so
// a half-typed `from pyodide` above `import js` parses as one statement,
// `from pyodide import js`. A line break that ends the statement early
// (outside brackets, without a backslash) ends what it binds there: the
// names on the lines after it are bound by what those lines say alone
// (`import js`), and none from a statement broken after its `import`.
// Typing such a line above the module's imports then leaves what their
// names mean, and every unit reading them, as it was.
func ImportsOf(n syntax.Node) []ImportedName {
	var out []ImportedName
	brk := lineBreak(n)
	switch n.Type() {
	case syntax.TypeImportStatement:
		if brk >= 0 && startsImport(n, brk) {
			// `import` / `import js`: the second line alone.
			return plainImportsAfter(n, brk)
		}
		out = plainImports(n, brk)
	case syntax.TypeImportFromStatement, syntax.TypeFutureImportStatement:
		if kw := importKeyword(n); brk >= 0 && !kw.IsZero() && brk < kw.Start() {
			// `from pyodide` / `import js`: the second line alone.
			return plainImports(n, -1)
		}
		modNode := n.Field(syntax.FieldModuleName)
		mod := dotted(modNode)
		relative := modNode.Type() == syntax.TypeRelativeImport
		if n.Type() == syntax.TypeFutureImportStatement {
			mod = "__future__"
		}
		for _, ch := range n.NamedChildren() {
			if ch.Type() == syntax.TypeWildcardImport {
				out = append(out, ImportedName{Module: mod, Star: true, Relative: relative, Start: ch.Start(), End: ch.End(), NameNode: ch})
				continue
			}
			if ch.FieldName() != "name" || brk >= 0 && ch.Start() > brk {
				continue
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
			out = append(out, ImportedName{Local: local, Qualified: q, Module: mod, Name: name, Relative: relative, Start: nameNode.Start(), End: nameNode.End(), NameNode: nameNode})
		}
	}
	return out
}

// plainImports lists the names `import a.b, c as d` binds, those before
// byte brk if it is not negative.
func plainImports(n syntax.Node, brk int) []ImportedName {
	var out []ImportedName
	for _, ch := range n.NamedChildren() {
		if ch.FieldName() != "name" || brk >= 0 && ch.Start() > brk {
			continue
		}
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
	}
	return out
}

// startsImport reports whether the line after byte brk of n starts with
// `import` (a half-typed `import` above `import js`, which tree-sitter
// reads as one statement with the second keyword in an ERROR node).
func startsImport(n syntax.Node, brk int) bool {
	rest := strings.TrimLeft(n.Text()[brk-n.Start():], " \t\r\n\f")
	return strings.HasPrefix(rest, "import") && len(rest) > len("import") && strings.ContainsRune(" \t\\", rune(rest[len("import")]))
}

// plainImportsAfter lists the names of a plain import statement that
// start after byte brk.
func plainImportsAfter(n syntax.Node, brk int) []ImportedName {
	var out []ImportedName
	for _, imp := range plainImports(n, -1) {
		if imp.Start > brk {
			out = append(out, imp)
		}
	}
	return out
}

// importKeyword returns the `import` keyword of a from-import.
func importKeyword(n syntax.Node) syntax.Node {
	for _, ch := range n.Children() {
		if ch.Type() == "import" {
			return ch
		}
	}
	return syntax.Node{}
}

// lineBreak returns the offset of the first line break inside an import
// statement that ends its logical line (not in brackets, not after a
// backslash), or -1. Python ends the statement there; tree-sitter read on.
func lineBreak(n syntax.Node) int {
	text := n.Text()
	for i := 0; i < len(text); i++ {
		switch text[i] {
		case '(':
			return -1 // a parenthesized name list spans lines freely
		case '#':
			for i+1 < len(text) && text[i+1] != '\n' {
				i++ // a comment's brackets are not brackets
			}
		case '\n':
			j := i
			if j > 0 && text[j-1] == '\r' {
				j--
			}
			if j == 0 || text[j-1] != '\\' {
				return n.Start() + i
			}
		}
	}
	return -1
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
