package quickfix

import (
	"strings"

	"github.com/pyworkers/pyworkers-lsp/internal/analysis/semantic"
	"github.com/pyworkers/pyworkers-lsp/internal/analysis/syntax"
)

// Workflow step fixes (PW108). A step is a function in a Workflow's run
// decorated with `@step.do(...)`; whether earlier results arrive through
// `depends=[...]` or through parameters named after the steps depends on
// python_workflows_implicit_dependencies.

// workflowStep is a step function and its decorator.
type workflowStep struct {
	def  syntax.Node // function_definition
	call syntax.Node // the step.do(...) call; zero for a bare @step.do
	deco syntax.Node // the decorator expression
}

// stepOf returns the step a function definition is, if it is one.
func stepOf(def syntax.Node) (workflowStep, bool) {
	dd := def.Parent()
	if def.Type() != syntax.TypeFunctionDefinition || dd.Type() != syntax.TypeDecoratedDefinition {
		return workflowStep{}, false
	}
	for _, d := range dd.NamedChildren() {
		if d.Type() != syntax.TypeDecorator || len(d.NamedChildren()) == 0 {
			continue
		}
		expr := d.NamedChildren()[0]
		s := workflowStep{def: def, deco: expr}
		if expr.Type() == syntax.TypeCall {
			s.call, expr = expr, expr.Field(syntax.FieldFunction)
		}
		if expr.Type() == syntax.TypeAttribute && expr.Field(syntax.FieldAttribute).Text() == "do" {
			return s, true
		}
	}
	return workflowStep{}, false
}

// name is the name the step registers under: its literal name argument,
// else the function's name; "" when computed.
func (s workflowStep) name() string {
	var arg syntax.Node
	for _, a := range s.call.Field(syntax.FieldArguments).NamedChildren() {
		switch {
		case a.Type() == syntax.TypeKeywordArgument && a.Field(syntax.FieldName).Text() == "name":
			arg = a.Field(syntax.FieldValue)
		case a.Type() != syntax.TypeKeywordArgument && a.Type() != syntax.TypeComment && arg.IsZero():
			arg = a
		}
	}
	switch {
	case arg.IsZero() || arg.Type() == syntax.TypeNone:
		return s.def.Field(syntax.FieldName).Text()
	case arg.Type() == syntax.TypeString && !strings.ContainsAny(arg.Text(), "{\\"):
		body := strings.TrimLeft(arg.Text(), "rRuU")
		triple := strings.HasPrefix(body, `"""`) || strings.HasPrefix(body, "'''")
		if !triple && len(body) >= 2 && (body[0] == '"' || body[0] == '\'') && body[len(body)-1] == body[0] {
			return body[1 : len(body)-1]
		}
	}
	return ""
}

// earlierSteps returns the steps defined in the same block before s.
func earlierSteps(s workflowStep) []workflowStep {
	block := s.def.Parent().Parent()
	var out []workflowStep
	for _, st := range block.NamedChildren() {
		if st.Start() >= s.def.Start() {
			break
		}
		if st.Type() == syntax.TypeDecoratedDefinition {
			if e, ok := stepOf(st.Field(syntax.FieldDefinition)); ok {
				out = append(out, e)
			}
		}
	}
	return out
}

// resultParams returns the parameters of a step that receive earlier
// results (all but ctx).
func resultParams(def syntax.Node) []syntax.Node {
	var out []syntax.Node
	for _, p := range semantic.Params(def) {
		if semantic.ParamName(p) != "ctx" {
			out = append(out, p)
		}
	}
	return out
}

// fixAddDepends fixes PW108 without implicit dependencies: the step's
// parameters name earlier step functions, so pass them as depends=[...].
func fixAddDepends(c *fixContext) []Fix {
	m := c.module()
	param := m.nodeAt(c.d.Start, c.d.End)
	def := param.Ancestor(syntax.TypeFunctionDefinition)
	s, ok := stepOf(def)
	if !ok || !def.Field(syntax.FieldParameters).Contains(param) {
		return nil
	}
	earlier := map[string]bool{}
	for _, e := range earlierSteps(s) {
		earlier[e.def.Field(syntax.FieldName).Text()] = true
	}
	var names []string
	for _, p := range resultParams(def) {
		name := semantic.ParamName(p)
		if !earlier[name] {
			return nil // not a step function in scope: which step is meant is unclear
		}
		names = append(names, name)
	}
	arg := "depends=[" + strings.Join(names, ", ") + "]"
	var e Edit
	switch last := lastArgument(s.call); {
	case s.call.IsZero():
		e = edit(s.deco.End(), s.deco.End(), "("+arg+")")
	case last.IsZero():
		args := s.call.Field(syntax.FieldArguments)
		e = edit(args.End()-1, args.End()-1, arg)
	default:
		e = edit(last.End(), last.End(), ", "+arg)
	}
	return []Fix{{Title: "Pass " + arg, Edits: []Edit{e}}}
}

// fixDependsToParams fixes PW108 with implicit dependencies: depends= is
// gone, so the step's parameters are renamed to the names of the steps
// it listed, and the depends= argument is removed.
func fixDependsToParams(c *fixContext) []Fix {
	m := c.module()
	kw := m.nodeAt(c.d.Start, c.d.End)
	call := kw.Ancestor(syntax.TypeCall)
	dd := call.Ancestor(syntax.TypeDecoratedDefinition)
	if kw.Type() != syntax.TypeKeywordArgument || kw.Field(syntax.FieldName).Text() != "depends" || dd.IsZero() {
		return nil
	}
	s, ok := stepOf(dd.Field(syntax.FieldDefinition))
	if !ok || s.call != call {
		return nil
	}
	list := kw.Field(syntax.FieldValue)
	if !list.Is(syntax.TypeList, syntax.TypeTuple) {
		return nil
	}
	byFunc := map[string]string{}
	for _, e := range earlierSteps(s) {
		byFunc[e.def.Field(syntax.FieldName).Text()] = e.name()
	}
	params := resultParams(s.def)
	items := list.NamedChildren()
	if len(items) != len(params) {
		return nil
	}
	edits := []Edit{removeArgument(kw)}
	for i, it := range items {
		step := byFunc[it.Text()]
		if it.Type() != syntax.TypeIdentifier || !isIdentifier(step) {
			return nil
		}
		old := semantic.ParamName(params[i])
		if old == step {
			continue
		}
		refs, ok := m.paramReferences(s.def, old)
		if !ok {
			return nil
		}
		id := paramIdentifier(params[i])
		edits = append(edits, edit(id.Start(), id.End(), step))
		for _, r := range refs {
			edits = append(edits, edit(r.Start(), r.End(), step))
		}
	}
	return []Fix{{Title: "Name the earlier steps as parameters instead of depends=", Edits: edits}}
}

// paramIdentifier returns the name identifier of a parameter node.
func paramIdentifier(p syntax.Node) syntax.Node {
	if p.Type() == syntax.TypeIdentifier {
		return p
	}
	if n := p.Field(syntax.FieldName); !n.IsZero() {
		return n
	}
	for _, ch := range p.NamedChildren() {
		if ch.Type() == syntax.TypeIdentifier {
			return ch
		}
	}
	return syntax.Node{}
}

// removeArgument deletes one argument of a call with its comma.
func removeArgument(arg syntax.Node) Edit {
	args := arg.Parent()
	var list []syntax.Node
	for _, a := range args.NamedChildren() {
		if a.Type() != syntax.TypeComment {
			list = append(list, a)
		}
	}
	for i, a := range list {
		if a != arg {
			continue
		}
		switch {
		case i+1 < len(list):
			return edit(a.Start(), list[i+1].Start(), "")
		case i > 0:
			return edit(list[i-1].End(), a.End(), "")
		}
	}
	return edit(arg.Start(), arg.End(), "")
}
