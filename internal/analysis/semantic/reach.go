package semantic

import (
	"github.com/pyworkers/pyworkers-lsp/internal/analysis/syntax"
)

// Reaching bindings: which bindings of a local name may give its value at
// a use. The answer is read from the statement structure of the function
// (no control-flow graph is built): the statements before the use, in the
// blocks enclosing it, are followed in order; an if statement joins the
// bindings its branches leave (a branch that returns leaves none, a
// missing else keeps the bindings before the if); a try statement's
// handlers see the bindings before it and any made in its body. Loops are
// not iterated: a name bound inside a loop and read after it, or read in
// the loop before its binding, is unknown, and so is one bound in a match
// statement or read in a finally clause after a binding in the try.

// reach is the set of bindings of one name that may reach a point.
type reach struct {
	evs []reachEv
	// entry: the function's entry reaches (the parameter's value, or the
	// name unbound); entryNotNone: only where a check proved it not None.
	entry, entryNotNone bool
	// unknown: a value the analysis does not follow may reach.
	unknown bool
	// dead: no path reaches (after return, raise, continue or break).
	dead bool
}

func (r reach) union(o reach) reach {
	switch {
	case r.dead:
		return o
	case o.dead:
		return r
	}
	out := reach{entry: r.entry || o.entry, unknown: r.unknown || o.unknown}
	out.entryNotNone = out.entry && (!r.entry || r.entryNotNone) && (!o.entry || o.entryNotNone)
	out.evs = append(append(out.evs, r.evs...), o.evs...)
	return out
}

// reachEv is a binding that reaches, notNone where the path from it
// passed a check proving the name not None (the fall-through of
// `if x is None: x = ""`).
type reachEv struct {
	bindEvent
	notNone bool
}

func one(ev bindEvent) reach { return reach{evs: []reachEv{{bindEvent: ev}}} }

// notNone marks what reaches as proven not None.
func (r reach) notNone() reach {
	evs := make([]reachEv, len(r.evs))
	for i, ev := range r.evs {
		evs[i] = reachEv{ev.bindEvent, true}
	}
	r.evs, r.entryNotNone = evs, r.entry
	return r
}

// when is in on the path where cond is true (truthy) or false.
func (r *reacher) when(cond syntax.Node, truthy bool, in reach) reach {
	if truthy && truthyNotNone(cond, r.name) || !truthy && falsyNotNone(cond, r.name) {
		return in.notNone()
	}
	return in
}

// reacher finds reaching bindings of one name in one function.
type reacher struct {
	name string
	evs  []bindEvent // the name's bindings in the function
}

// binds reports whether n's range holds a binding of the name.
func (r *reacher) binds(n syntax.Node) bool {
	for _, ev := range r.evs {
		if s := ev.target.Start(); s >= n.Start() && s < n.End() {
			return true
		}
	}
	return false
}

// last is the binding of the name written last in n, if any.
func (r *reacher) last(n syntax.Node) (bindEvent, bool) {
	var best bindEvent
	found := false
	for _, ev := range r.evs {
		if s := ev.target.Start(); s >= n.Start() && s < n.End() && (!found || s > best.target.Start()) {
			best, found = ev, true
		}
	}
	return best, found
}

// all is every binding of the name in n.
func (r *reacher) all(n syntax.Node) reach {
	var out reach
	for _, ev := range r.evs {
		if s := ev.target.Start(); s >= n.Start() && s < n.End() {
			out.evs = append(out.evs, reachEv{bindEvent: ev})
		}
	}
	return out
}

// header replaces in by the last binding in n (a condition's walrus, a
// with item's target), if n binds the name.
func (r *reacher) header(n syntax.Node, in reach) reach {
	if ev, ok := r.last(n); ok && !n.IsZero() {
		return one(ev)
	}
	return in
}

// block follows the statements of b that start before offset before.
func (r *reacher) block(b syntax.Node, in reach, before int) reach {
	for _, st := range b.NamedChildren() {
		if st.Start() >= before {
			break
		}
		in = r.stmt(st, in)
	}
	return in
}

// stmt is what reaches the end of statement st, given in at its start.
func (r *reacher) stmt(st syntax.Node, in reach) reach {
	if in.dead {
		return in
	}
	if !r.binds(st) {
		switch st.Type() {
		case syntax.TypeReturnStatement, syntax.TypeRaiseStatement, syntax.TypeContinueStatement, syntax.TypeBreakStatement:
			return reach{dead: true}
		}
		return in
	}
	switch st.Type() {
	case syntax.TypeIfStatement:
		cond := st.Field(syntax.FieldCondition)
		in = r.header(cond, in)
		out := r.branch(st.Field(syntax.FieldConsequence), r.when(cond, true, in))
		rest := r.when(cond, false, in) // every condition so far false
		hasElse := false
		for _, c := range st.NamedChildren() {
			switch c.Type() {
			case syntax.TypeElifClause:
				ec := c.Field(syntax.FieldCondition)
				out = out.union(r.branch(c.Field(syntax.FieldConsequence), r.when(ec, true, r.header(ec, rest))))
				rest = r.when(ec, false, rest)
			case syntax.TypeElseClause:
				hasElse = true
				out = out.union(r.branch(c.Field(syntax.FieldBody), rest))
			}
		}
		if !hasElse {
			out = out.union(rest)
		}
		return out
	case syntax.TypeTryStatement:
		return r.try(st, in)
	case syntax.TypeWithStatement:
		body := st.Field(syntax.FieldBody)
		for _, c := range st.NamedChildren() {
			if c.Type() == syntax.TypeWithClause {
				in = r.header(c, in)
			}
		}
		return r.block(body, in, body.End())
	case syntax.TypeForStatement, syntax.TypeWhileStatement, syntax.TypeMatchStatement:
		// Not iterated: a binding in the loop may or may not have run.
		in.unknown = true
		return in
	case syntax.TypeExpressionStatement, syntax.TypeAssignment, syntax.TypeAugmentedAssignment, syntax.TypeImportStatement, syntax.TypeImportFromStatement,
		syntax.TypeFunctionDefinition, syntax.TypeClassDefinition, syntax.TypeDecoratedDefinition, syntax.TypeReturnStatement, syntax.TypeAssertStatement,
		syntax.TypeDeleteStatement, syntax.TypeGlobalStatement, syntax.TypeNonlocalStatement, syntax.TypePrintStatement, syntax.TypeExecStatement, syntax.TypeTypeAliasStatement:
		ev, _ := r.last(st)
		if st.Type() == syntax.TypeReturnStatement {
			return reach{dead: true}
		}
		return one(ev)
	}
	in.unknown = true
	return in
}

// branch follows a whole branch block; one that always leaves reaches
// nothing after its statement.
func (r *reacher) branch(b syntax.Node, in reach) reach {
	if b.IsZero() {
		return in
	}
	out := r.block(b, in, b.End())
	if Terminates(b) {
		return reach{dead: true}
	}
	return out
}

// try follows a try statement: its handlers may start after any binding
// of its body.
func (r *reacher) try(st syntax.Node, in reach) reach {
	body := st.Field(syntax.FieldBody)
	out := r.block(body, in, body.End())
	if Terminates(body) {
		out = reach{dead: true}
	}
	handlerIn := in.union(r.all(body))
	var finally syntax.Node
	for _, c := range st.NamedChildren() {
		switch c.Type() {
		case syntax.TypeElseClause:
			out = r.branch(c.Field(syntax.FieldBody), out)
		case syntax.TypeExceptClause, syntax.TypeExceptGroupClause:
			out = out.union(r.branch(lastBlock(c), handlerIn))
		case syntax.TypeFinallyClause:
			finally = lastBlock(c)
		}
	}
	if !finally.IsZero() {
		out = r.block(finally, out, finally.End())
	}
	return out
}

// enter is what reaches the start of block b, a part of statement st
// reached with in at st's start.
func (r *reacher) enter(st, b syntax.Node, in reach) reach {
	p := b.Parent()
	switch p.Type() {
	case syntax.TypeIfStatement:
		return r.header(p.Field(syntax.FieldCondition), in)
	case syntax.TypeElifClause:
		return r.header(p.Field(syntax.FieldCondition), r.header(st.Field(syntax.FieldCondition), in))
	case syntax.TypeElseClause:
		switch st.Type() {
		case syntax.TypeIfStatement:
			return r.header(st.Field(syntax.FieldCondition), in)
		case syntax.TypeTryStatement:
			body := st.Field(syntax.FieldBody)
			return r.block(body, in, body.End())
		}
		in.unknown = in.unknown || r.binds(st) // after a loop
		return in
	case syntax.TypeForStatement:
		if ev, ok := r.last(p.Field(syntax.FieldLeft)); ok {
			return one(ev)
		}
		in.unknown = in.unknown || r.binds(st)
		return in
	case syntax.TypeWhileStatement:
		in.unknown = in.unknown || r.binds(st)
		return in
	case syntax.TypeTryStatement:
		return in
	case syntax.TypeExceptClause, syntax.TypeExceptGroupClause:
		in = in.union(r.all(st.Field(syntax.FieldBody)))
		for _, ev := range r.evs {
			if s := ev.target.Start(); s >= p.Start() && s < b.Start() {
				return one(ev) // except E as name
			}
		}
		return in
	case syntax.TypeFinallyClause:
		in.unknown = in.unknown || r.binds(st)
		return in
	case syntax.TypeWithStatement:
		for _, c := range st.NamedChildren() {
			if c.Type() == syntax.TypeWithClause {
				in = r.header(c, in)
			}
		}
		return in
	case syntax.TypeCaseClause:
		in.unknown = in.unknown || r.binds(st) || containsName(p, b, r)
		return in
	}
	in.unknown = true
	return in
}

// containsName reports whether a case clause's pattern (before its block
// b) names the name, which it may bind.
func containsName(clause, b syntax.Node, r *reacher) bool {
	if len(r.evs) == 0 {
		return false
	}
	name := r.evs[0].target.Text()
	for _, d := range clause.Descendants() {
		if d.Start() >= b.Start() {
			break
		}
		if d.Type() == syntax.TypeIdentifier && d.Text() == name {
			return true
		}
	}
	return false
}

// reaching returns the bindings of use's name, among evs, that may reach
// use in function definition fn.
func reaching(fn syntax.Node, name string, evs []bindEvent, use syntax.Node) reach {
	body := fn.Field(syntax.FieldBody)
	var buf [32]syntax.Node // the use's ancestors: most are fewer, and stay on the stack
	chain := buf[:0]
	for n := use; n != body; n = n.Parent() {
		if n.IsZero() || n.Is(syntax.TypeFunctionDefinition, syntax.TypeLambda, syntax.TypeClassDefinition) {
			return reach{unknown: true}
		}
		chain = append(chain, n)
	}
	// The common cases, without walking the statements: no binding (a
	// parameter), or one binding made by a top-level statement (not in one
	// of its blocks) before the use's.
	switch {
	case len(evs) == 0:
		return reach{entry: true}
	case len(evs) == 1:
		top := topStatement(evs[0].target, body)
		if !top.IsZero() && top.End() <= chain[len(chain)-1].Start() && !inBlockOf(evs[0].target, top) &&
			top.Is(syntax.TypeExpressionStatement, syntax.TypeWithStatement, syntax.TypeImportStatement, syntax.TypeImportFromStatement, syntax.TypeFunctionDefinition, syntax.TypeClassDefinition, syntax.TypeDecoratedDefinition) {
			return one(evs[0])
		}
	}
	r := &reacher{name: name, evs: evs}
	state := reach{entry: true}
	block, stmt := body, syntax.Node{}
	for i := len(chain) - 1; i >= 0; i-- {
		n := chain[i]
		switch {
		case n.Parent() == block:
			state = r.block(block, state, n.Start())
			stmt = n
		case n.Type() == syntax.TypeBlock && !stmt.IsZero():
			state = r.enter(stmt, n, state)
			block = n
		}
	}
	if state.dead || stmt.IsZero() {
		return reach{unknown: true}
	}
	// Bindings in the use's own statement before it (a walrus, a with
	// item, a loop header), outside the statement's blocks.
	var best bindEvent
	found := false
	for _, ev := range evs {
		s := ev.target.Start()
		if s < stmt.Start() || ev.target.End() > use.Start() || (!ev.value.IsZero() && ev.value.Contains(use)) || inBlockOf(ev.target, stmt) {
			continue
		}
		if !found || s > best.target.Start() {
			best, found = ev, true
		}
	}
	if found {
		return one(best)
	}
	return state
}

// inBlockOf reports whether n lies in a block nested in statement st.
func inBlockOf(n, st syntax.Node) bool {
	for p := n.Parent(); !p.IsZero() && p != st; p = p.Parent() {
		if p.Type() == syntax.TypeBlock {
			return true
		}
	}
	return false
}

// topStatement is the statement of block body that holds n.
func topStatement(n, body syntax.Node) syntax.Node {
	for ; !n.IsZero(); n = n.Parent() {
		if n.Parent() == body {
			return n
		}
	}
	return syntax.Node{}
}
