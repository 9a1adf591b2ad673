package quickfix

import (
	"github.com/pyworkers/pyworkers-lsp/analysis/syntax"
)

const qualifiedToPy = "pyodide.ffi.to_py"

// fixRemoveToPyImport fixes PW201 on `from pyodide.ffi import to_py`: it
// removes the name (the statement when it is the only one) and rewrites
// the calls that went through it, `to_py(x)` → `x.to_py()`.
func fixRemoveToPyImport(c *fixContext) []Fix {
	m := c.module()
	n := m.nodeAt(c.d.Start, c.d.End)
	stmt := n.Ancestor("import_from_statement")
	if stmt.IsZero() {
		return nil
	}
	var entry syntax.Node
	for _, e := range importEntries(stmt) {
		if e.Contains(n) {
			entry = e
		}
	}
	if entry.IsZero() {
		return nil
	}
	local := entry.Text()
	if entry.Type() == "aliased_import" {
		local = entry.Field("alias").Text()
	}
	edits := []Edit{m.removeImportEntry(stmt, entry)}
	for _, call := range m.calls() {
		fn := call.Field("function")
		if fn.Type() == "identifier" && fn.Text() == local && m.resolve(fn) == qualifiedToPy {
			if e, ok := toMethod(m, call); ok {
				edits = append(edits, e)
			}
		}
	}
	return []Fix{{Title: "Remove the to_py import and call .to_py() on the value", Edits: edits}}
}

// fixToMethod fixes PW201 on a call: `to_py(x, …)` → `x.to_py(…)`.
func fixToMethod(c *fixContext) []Fix {
	m := c.module()
	n := m.nodeAt(c.d.Start, c.d.End)
	fn := n
	if p := n.Parent(); p.Type() == "attribute" && n.FieldName() == "attribute" {
		fn = p
	}
	call := fn.Parent()
	if call.Type() != "call" || fn.FieldName() != "function" || m.resolve(fn) != qualifiedToPy {
		return nil
	}
	e, ok := toMethod(m, call)
	if !ok {
		return nil
	}
	return []Fix{{Title: "Call .to_py() on the value", Edits: []Edit{e}}}
}

// toMethod rewrites `f(x, rest…)` as `x.to_py(rest…)`.
func toMethod(m *pyModule, call syntax.Node) (Edit, bool) {
	args := call.Field("arguments")
	if args.Type() != "argument_list" {
		return Edit{}, false
	}
	var list []syntax.Node
	for _, a := range args.NamedChildren() {
		if a.Type() != "comment" {
			list = append(list, a)
		}
	}
	if len(list) == 0 || list[0].Is("keyword_argument", "list_splat", "dictionary_splat") {
		return Edit{}, false
	}
	text := receiver(list[0]) + ".to_py("
	if len(list) > 1 {
		text += string(m.text[list[1].Start():list[len(list)-1].End()])
	}
	return edit(call.Start(), call.End(), text+")"), true
}

// receiver returns the text of an expression to put before `.method`,
// parenthesised unless it is a primary expression.
func receiver(n syntax.Node) string {
	if n.Is("identifier", "attribute", "subscript", "call", "parenthesized_expression",
		"list", "tuple", "dictionary", "set", "string", "list_comprehension",
		"dictionary_comprehension", "set_comprehension", "generator_expression") {
		return n.Text()
	}
	return "(" + n.Text() + ")"
}

// calls returns every call node of the module.
func (m *pyModule) calls() []syntax.Node {
	var out []syntax.Node
	for _, t := range m.trees {
		for i := 0; i < t.Len(); i++ {
			if n := t.At(i); n.Type() == "call" {
				out = append(out, n)
			}
		}
	}
	return out
}
