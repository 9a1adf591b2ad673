package quickfix

import (
	"github.com/pyworkers/pyworkers-lsp/internal/analysis/syntax"
)

const qualifiedToPy = "pyodide.ffi.to_py"

// fixRemoveToPyImport fixes PW201 on `from pyodide.ffi import to_py`: it
// removes the name (the statement when it is the only one) and rewrites
// the calls that went through it, `to_py(x)` → `x.to_py()`.
func fixRemoveToPyImport(c *fixContext) []Fix {
	m := c.module()
	n := m.nodeAt(c.d.Start, c.d.End)
	stmt := n.Ancestor(syntax.TypeImportFromStatement)
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
	if entry.Type() == syntax.TypeAliasedImport {
		local = entry.Field(syntax.FieldAlias).Text()
	}
	edits := []Edit{m.removeImportEntry(stmt, entry)}
	for _, call := range m.calls() {
		fn := call.Field(syntax.FieldFunction)
		if fn.Type() == syntax.TypeIdentifier && fn.Text() == local && m.resolve(fn) == qualifiedToPy {
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
	if p := n.Parent(); p.Type() == syntax.TypeAttribute && n.FieldName() == "attribute" {
		fn = p
	}
	call := fn.Parent()
	if call.Type() != syntax.TypeCall || fn.FieldName() != "function" || m.resolve(fn) != qualifiedToPy {
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
	args := call.Field(syntax.FieldArguments)
	if args.Type() != syntax.TypeArgumentList {
		return Edit{}, false
	}
	var list []syntax.Node
	for _, a := range args.NamedChildren() {
		if a.Type() != syntax.TypeComment {
			list = append(list, a)
		}
	}
	if len(list) == 0 || list[0].Is(syntax.TypeKeywordArgument, syntax.TypeListSplat, syntax.TypeDictionarySplat) {
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
	if n.Is(syntax.TypeIdentifier, syntax.TypeAttribute, syntax.TypeSubscript, syntax.TypeCall, syntax.TypeParenthesizedExpression,
		syntax.TypeList, syntax.TypeTuple, syntax.TypeDictionary, syntax.TypeSet, syntax.TypeString, syntax.TypeListComprehension,
		syntax.TypeDictionaryComprehension, syntax.TypeSetComprehension, syntax.TypeGeneratorExpression) {
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
			if n := t.At(i); n.Type() == syntax.TypeCall {
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
	if call.Type() != syntax.TypeCall || m.resolve(call.Field(syntax.FieldFunction)) != "pyodide.ffi.to_js" {
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
	args := call.Field(syntax.FieldArguments)
	if args.Type() != syntax.TypeArgumentList {
		return syntax.Node{}
	}
	var last syntax.Node
	for _, a := range args.NamedChildren() {
		if a.Type() != syntax.TypeComment {
			last = a
		}
	}
	return last
}

// fixNoneToJsnull fixes PW204/PW211 on Pyodide 0.28+: `None` → `jsnull`.
func fixNoneToJsnull(c *fixContext) []Fix {
	m := c.module()
	none := m.nodeAt(c.d.Start, c.d.End)
	if none.Type() != syntax.TypeNone {
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
	if cmp.Type() != syntax.TypeComparisonOperator {
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
		case ch.Named() && ch.Type() != syntax.TypeComment:
			operands = append(operands, ch)
		}
	}
	if len(operands) != 2 || (op != "is" && op != "is not" && op != "==" && op != "!=") {
		return syntax.Node{}, false, false
	}
	negated = op == "is not" || op == "!="
	switch {
	case operands[1].Type() == syntax.TypeNone && operands[0].Type() != syntax.TypeNone:
		return operands[0], negated, true
	case operands[0].Type() == syntax.TypeNone && operands[1].Type() != syntax.TypeNone:
		return operands[1], negated, true
	}
	return syntax.Node{}, false, false
}

// testsJsnull reports whether a boolean operator already compares
// operand with jsnull (an earlier fix was applied).
func (m *pyModule) testsJsnull(op syntax.Node, operand string) bool {
	if op.Type() != syntax.TypeBooleanOperator {
		return false
	}
	for _, side := range []syntax.Node{op.Field(syntax.FieldLeft), op.Field(syntax.FieldRight)} {
		if side.Type() == syntax.TypeBooleanOperator && m.testsJsnull(side, operand) {
			return true
		}
		if side.Type() != syntax.TypeComparisonOperator {
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
		if d.Is(syntax.TypeCall, syntax.TypeAwait, syntax.TypeNamedExpression, syntax.TypeYield) {
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
	case syntax.TypeBooleanOperator:
		return p.Field(syntax.FieldOperator).Type() == connective
	case syntax.TypeIfStatement, syntax.TypeElifClause, syntax.TypeWhileStatement:
		return n.FieldName() == "condition"
	case syntax.TypeParenthesizedExpression, syntax.TypeArgumentList, syntax.TypeExpressionStatement, syntax.TypeReturnStatement, syntax.TypeAssertStatement:
		return true
	case syntax.TypeAssignment:
		return n.FieldName() == "right"
	case syntax.TypeKeywordArgument:
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
	fn := call.Field(syntax.FieldFunction)
	if call.Type() != syntax.TypeCall || fn.Type() != syntax.TypeAttribute || fn.Field(syntax.FieldAttribute).Text() != "to_py" {
		return nil
	}
	obj := fn.Field(syntax.FieldObject)
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
