package quickfix

import (
	"strings"

	"github.com/pyworkers/pyworkers-lsp/analysis/semantic"
	"github.com/pyworkers/pyworkers-lsp/analysis/syntax"
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
	if def.Type() != "function_definition" || dd.Type() != "decorated_definition" {
		return workflowStep{}, false
	}
	for _, d := range dd.NamedChildren() {
		if d.Type() != "decorator" || len(d.NamedChildren()) == 0 {
			continue
		}
		expr := d.NamedChildren()[0]
		s := workflowStep{def: def, deco: expr}
		if expr.Type() == "call" {
			s.call, expr = expr, expr.Field("function")
		}
		if expr.Type() == "attribute" && expr.Field("attribute").Text() == "do" {
			return s, true
		}
	}
	return workflowStep{}, false
}

// name is the name the step registers under: its literal name argument,
// else the function's name; "" when computed.
func (s workflowStep) name() string {
	var arg syntax.Node
	for _, a := range s.call.Field("arguments").NamedChildren() {
		switch {
		case a.Type() == "keyword_argument" && a.Field("name").Text() == "name":
			arg = a.Field("value")
		case a.Type() != "keyword_argument" && a.Type() != "comment" && arg.IsZero():
			arg = a
		}
	}
	switch {
	case arg.IsZero() || arg.Type() == "none":
		return s.def.Field("name").Text()
	case arg.Type() == "string" && !strings.ContainsAny(arg.Text(), "{\\"):
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
		if st.Type() == "decorated_definition" {
			if e, ok := stepOf(st.Field("definition")); ok {
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
	def := param.Ancestor("function_definition")
	s, ok := stepOf(def)
	if !ok || !def.Field("parameters").Contains(param) {
		return nil
	}
	earlier := map[string]bool{}
	for _, e := range earlierSteps(s) {
		earlier[e.def.Field("name").Text()] = true
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
		args := s.call.Field("arguments")
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
	call := kw.Ancestor("call")
	dd := call.Ancestor("decorated_definition")
	if kw.Type() != "keyword_argument" || kw.Field("name").Text() != "depends" || dd.IsZero() {
		return nil
	}
	s, ok := stepOf(dd.Field("definition"))
	if !ok || s.call != call {
		return nil
	}
	list := kw.Field("value")
	if !list.Is("list", "tuple") {
		return nil
	}
	byFunc := map[string]string{}
	for _, e := range earlierSteps(s) {
		byFunc[e.def.Field("name").Text()] = e.name()
	}
	params := resultParams(s.def)
	items := list.NamedChildren()
	if len(items) != len(params) {
		return nil
	}
	edits := []Edit{removeArgument(kw)}
	for i, it := range items {
		step := byFunc[it.Text()]
		if it.Type() != "identifier" || !isIdentifier(step) {
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
	if p.Type() == "identifier" {
		return p
	}
	if n := p.Field("name"); !n.IsZero() {
		return n
	}
	for _, ch := range p.NamedChildren() {
		if ch.Type() == "identifier" {
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
		if a.Type() != "comment" {
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
