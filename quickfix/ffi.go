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

// calls returns every call node of the module, listed on first use (a
// fix per finding scanned the module once per finding).
func (m *pyModule) calls() []syntax.Node {
	if m.callNodes != nil {
		return m.callNodes
	}
	out := []syntax.Node{}
	for ti := range m.units {
		t := m.tree(ti)
		for i := 0; i < t.Len(); i++ {
			if n := t.At(i); n.Type() == "call" {
				out = append(out, n)
			}
		}
	}
	m.callNodes = out
	return out
}

// fixAddDictConverter fixes PW202: `to_js(d)` →
// `to_js(d, dict_converter=Object.fromEntries)`.
func fixAddDictConverter(c *fixContext) []Fix {
	m := c.module()
	call := m.nodeAt(c.d.Start, c.d.End)
	if call.Type() != "call" || m.resolve(call.Field("function")) != "pyodide.ffi.to_js" {
		return nil
	}
	last := lastArgument(call)
	if last.IsZero() {
		return nil
	}
	object, edits, ok := m.importName("js", "Object")
	if !ok {
		return nil
	}
	edits = append(edits, edit(last.End(), last.End(), ", dict_converter="+object+".fromEntries"))
	return []Fix{{Title: "Convert dicts to JS objects: dict_converter=" + object + ".fromEntries", Edits: edits}}
}

// lastArgument returns the last argument of a call (comments skipped).
func lastArgument(call syntax.Node) syntax.Node {
	args := call.Field("arguments")
	if args.Type() != "argument_list" {
		return syntax.Node{}
	}
	var last syntax.Node
	for _, a := range args.NamedChildren() {
		if a.Type() != "comment" {
			last = a
		}
	}
	return last
}

// fixNoneToJsnull fixes PW204/PW211 on Pyodide 0.28+: `None` → `jsnull`.
func fixNoneToJsnull(c *fixContext) []Fix {
	m := c.module()
	none := m.nodeAt(c.d.Start, c.d.End)
	if none.Type() != "none" {
		return nil
	}
	ref, edits, ok := m.importName("pyodide.ffi", "jsnull")
	if !ok {
		return nil
	}
	edits = append(edits, edit(none.Start(), none.End(), ref))
	return []Fix{{Title: "Replace None with " + ref + " (JS null)", Edits: edits}}
}

// fixIsNoneOrJsnull fixes PW205: `x is None` → `x is None or x is jsnull`
// (and `x is not None` → `x is not None and x is not jsnull`). Operands
// with calls or awaits are not repeated.
func fixIsNoneOrJsnull(c *fixContext) []Fix {
	m := c.module()
	cmp := m.nodeAt(c.d.Start, c.d.End)
	operand, negated, ok := noneTest(cmp)
	if !ok || hasEffects(operand) || m.testsJsnull(cmp.Parent(), operand.Text()) {
		return nil
	}
	ref, edits, ok := m.importName("pyodide.ffi", "jsnull")
	if !ok {
		return nil
	}
	connective := "or"
	text := cmp.Text() + " or " + operand.Text() + " is " + ref
	if negated {
		connective = "and"
		text = cmp.Text() + " and " + operand.Text() + " is not " + ref
	}
	if !bareExpressionContext(cmp, connective) {
		text = "(" + text + ")"
	}
	edits = append(edits, edit(cmp.Start(), cmp.End(), text))
	return []Fix{{Title: "Also test for " + ref + " (JS null)", Edits: edits}}
}

// noneTest matches `x is None`, `x is not None`, `x == None`, `x != None`
// (either side) and returns x and whether the test is negated.
func noneTest(cmp syntax.Node) (operand syntax.Node, negated, ok bool) {
	if cmp.Type() != "comparison_operator" {
		return syntax.Node{}, false, false
	}
	var operands []syntax.Node
	op := ""
	for _, ch := range cmp.Children() {
		switch {
		case ch.FieldName() == "operators":
			if op != "" {
				return syntax.Node{}, false, false
			}
			op = ch.Type()
		case ch.Named() && ch.Type() != "comment":
			operands = append(operands, ch)
		}
	}
	if len(operands) != 2 || (op != "is" && op != "is not" && op != "==" && op != "!=") {
		return syntax.Node{}, false, false
	}
	negated = op == "is not" || op == "!="
	switch {
	case operands[1].Type() == "none" && operands[0].Type() != "none":
		return operands[0], negated, true
	case operands[0].Type() == "none" && operands[1].Type() != "none":
		return operands[1], negated, true
	}
	return syntax.Node{}, false, false
}

// testsJsnull reports whether a boolean operator already compares
// operand with jsnull (an earlier fix was applied).
func (m *pyModule) testsJsnull(op syntax.Node, operand string) bool {
	if op.Type() != "boolean_operator" {
		return false
	}
	for _, side := range []syntax.Node{op.Field("left"), op.Field("right")} {
		if side.Type() == "boolean_operator" && m.testsJsnull(side, operand) {
			return true
		}
		if side.Type() != "comparison_operator" {
			continue
		}
		ops := side.NamedChildren()
		if len(ops) == 2 && ops[0].Text() == operand && m.resolve(ops[1]) == "pyodide.ffi.jsnull" {
			return true
		}
	}
	return false
}

// hasEffects reports whether evaluating n twice could differ from once.
func hasEffects(n syntax.Node) bool {
	for _, d := range n.Descendants() {
		if d.Is("call", "await", "named_expression", "yield") {
			return true
		}
	}
	return false
}

// bareExpressionContext reports whether `a <connective> b` may replace n
// without parentheses: n is a whole condition, value or argument, or an
// operand of the same boolean operator (`and` and `or` associate).
func bareExpressionContext(n syntax.Node, connective string) bool {
	p := n.Parent()
	switch p.Type() {
	case "boolean_operator":
		return p.Field("operator").Type() == connective
	case "if_statement", "elif_clause", "while_statement":
		return n.FieldName() == "condition"
	case "parenthesized_expression", "argument_list", "expression_statement", "return_statement", "assert_statement":
		return true
	case "assignment":
		return n.FieldName() == "right"
	case "keyword_argument":
		return n.FieldName() == "value"
	}
	return false
}

// fixAddToPy fixes PW208: `value` → `value.to_py()`.
func fixAddToPy(c *fixContext) []Fix {
	m := c.module()
	n := m.nodeAt(c.d.Start, c.d.End)
	if n.IsZero() {
		return nil
	}
	return []Fix{{Title: "Convert with .to_py()", Edits: []Edit{edit(n.Start(), n.End(), receiver(n)+".to_py()")}}}
}

// fixDropToPy fixes PW209: `value.to_py()` → `value`.
func fixDropToPy(c *fixContext) []Fix {
	m := c.module()
	call := m.nodeAt(c.d.Start, c.d.End)
	fn := call.Field("function")
	if call.Type() != "call" || fn.Type() != "attribute" || fn.Field("attribute").Text() != "to_py" {
		return nil
	}
	obj := fn.Field("object")
	return []Fix{{Title: "Remove .to_py(): the value is already a Python value", Edits: []Edit{edit(call.Start(), call.End(), obj.Text())}}}
}

// fixWrapToJs fixes PW210: a dict passed to JS becomes
// `to_js(d, dict_converter=Object.fromEntries)`.
func fixWrapToJs(c *fixContext) []Fix {
	m := c.module()
	n := m.nodeAt(c.d.Start, c.d.End)
	if n.IsZero() {
		return nil
	}
	toJs, edits, ok := m.importName("pyodide.ffi", "to_js")
	if !ok {
		return nil
	}
	object, more, ok := m.importName("js", "Object")
	if !ok {
		return nil
	}
	edits = append(append(edits, more...), edit(n.Start(), n.End(), toJs+"("+n.Text()+", dict_converter="+object+".fromEntries)"))
	return []Fix{{Title: "Convert the dict with " + toJs + "(…, dict_converter=" + object + ".fromEntries)", Edits: edits}}
}
