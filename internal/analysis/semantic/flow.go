package semantic

import (
	"github.com/pyworkers/pyworkers-lsp/internal/analysis/syntax"
)

// Narrowing: the value analysis takes a local name's value from the
// binding written last before the use, then asks whether the code between
// that binding and the use proves the name is not None there. The proof
// is structural, read from the syntax around the use — no control-flow
// graph is built:
//
//   - the use sits in a branch whose condition implies it (`if x:`,
//     `if x is not None:`, the else of `if x is None:`/`if not x:`,
//     `while x:`, `a if x is not None else b`, `x and f(x)`,
//     `isinstance(x, str)`, a walrus in the condition);
//   - a statement before the use, after the binding, in an enclosing
//     block, is a guard: `if x is None: return/raise/continue/break`,
//     `if not x: …` ending so, or `assert x`.

// fact is a proposition about the program state that a condition can
// prove: truthy(cond) says cond being true proves it, falsy(cond) that
// cond being false does.
type fact struct {
	truthy, falsy func(cond syntax.Node) bool
}

// nameNotNone is the fact "local name is not None".
func nameNotNone(name string) fact {
	return fact{
		truthy: func(c syntax.Node) bool { return truthyNotNone(c, name) },
		falsy:  func(c syntax.Node) bool { return falsyNotNone(c, name) },
	}
}

// notNoneAt reports whether the local name of identifier use is proven
// not None at the use, given the binding at offset bound (the start of
// the binding's target; -1 for a parameter).
func notNoneAt(use syntax.Node, bound int) bool {
	return provenAt(use, bound, nameNotNone(use.Text()))
}

// provenAt reports whether the code around node n proves f where n is
// evaluated, counting guards only after offset bound.
func provenAt(n syntax.Node, bound int, f fact) bool {
	child := n
	for p := n.Parent(); !p.IsZero(); child, p = p, p.Parent() {
		switch p.Type() {
		case syntax.TypeFunctionDefinition, syntax.TypeLambda, syntax.TypeClassDefinition:
			return false
		case syntax.TypeIfStatement, syntax.TypeElifClause, syntax.TypeWhileStatement:
			if child.FieldName() == "consequence" || (p.Type() == syntax.TypeWhileStatement && child.FieldName() == "body") {
				if f.truthy(p.Field(syntax.FieldCondition)) {
					return true
				}
				if p.Type() == syntax.TypeElifClause && earlierFalsy(p, f) {
					return true
				}
			}
		case syntax.TypeElseClause:
			if ifs := p.Parent(); ifs.Type() == syntax.TypeIfStatement && earlierFalsy(p, f) {
				return true
			}
		case syntax.TypeConditionalExpression:
			parts := p.NamedChildren()
			if len(parts) == 3 {
				if child == parts[0] && f.truthy(parts[1]) {
					return true
				}
				if child == parts[2] && f.falsy(parts[1]) {
					return true
				}
			}
		case syntax.TypeBooleanOperator:
			if child == p.Field(syntax.FieldRight) {
				left := p.Field(syntax.FieldLeft)
				if op := operatorOf(p); op == "and" && f.truthy(left) || op == "or" && f.falsy(left) {
					return true
				}
			}
		case syntax.TypeBlock, syntax.TypeModule:
			if guardedBefore(p, child, bound, f) {
				return true
			}
		}
	}
	return false
}

// earlierFalsy reports whether the conditions of the if statement before
// clause (an elif or else clause) all being false prove f: one of them
// falsy-implies it.
func earlierFalsy(clause syntax.Node, f fact) bool {
	ifs := clause.Parent()
	if ifs.Type() != syntax.TypeIfStatement {
		return false
	}
	if f.falsy(ifs.Field(syntax.FieldCondition)) {
		return true
	}
	for _, c := range ifs.NamedChildren() {
		if c == clause {
			break
		}
		if c.Type() == syntax.TypeElifClause && f.falsy(c.Field(syntax.FieldCondition)) {
			return true
		}
	}
	return false
}

// guardedBefore reports whether a statement of block, before child and
// not entirely before offset bound, guards f.
func guardedBefore(block, child syntax.Node, bound int, f fact) bool {
	for _, st := range block.NamedChildren() {
		if st == child || st.Start() >= child.Start() {
			break
		}
		if st.End() <= bound {
			continue
		}
		switch st.Type() {
		case syntax.TypeIfStatement:
			if exitGuard(st, f) {
				return true
			}
		case syntax.TypeAssertStatement:
			if conds := st.NamedChildren(); len(conds) > 0 && f.truthy(conds[0]) {
				return true
			}
		}
	}
	return false
}

// exitGuard reports whether if statement st leaves the block unless f
// holds: `if x is None: return` (every branch whose condition may hold
// without f ends in return/raise/continue/break).
func exitGuard(st syntax.Node, f fact) bool {
	if !Terminates(st.Field(syntax.FieldConsequence)) {
		return false
	}
	if !f.falsy(st.Field(syntax.FieldCondition)) {
		return false
	}
	// Falling past the if means the condition was false (f holds) or an
	// elif/else branch ran; those must exit too unless they rebind the
	// name, which the binding lookup sees anyway.
	for _, c := range st.NamedChildren() {
		switch c.Type() {
		case syntax.TypeElifClause:
			if !Terminates(c.Field(syntax.FieldConsequence)) {
				return false
			}
		case syntax.TypeElseClause:
			if !Terminates(c.Field(syntax.FieldBody)) {
				return false
			}
		}
	}
	return true
}

// Terminates reports whether a block always leaves by return, raise,
// continue or break (its last statement does, or is an if whose every
// branch does).
func Terminates(block syntax.Node) bool {
	sts := block.NamedChildren()
	for len(sts) > 0 && sts[len(sts)-1].Type() == syntax.TypeComment {
		sts = sts[:len(sts)-1]
	}
	if len(sts) == 0 {
		return false
	}
	last := sts[len(sts)-1]
	switch last.Type() {
	case syntax.TypeReturnStatement, syntax.TypeRaiseStatement, syntax.TypeContinueStatement, syntax.TypeBreakStatement:
		return true
	case syntax.TypeIfStatement:
		if !Terminates(last.Field(syntax.FieldConsequence)) {
			return false
		}
		hasElse := false
		for _, c := range last.NamedChildren() {
			switch c.Type() {
			case syntax.TypeElifClause:
				if !Terminates(c.Field(syntax.FieldConsequence)) {
					return false
				}
			case syntax.TypeElseClause:
				hasElse = true
				if !Terminates(c.Field(syntax.FieldBody)) {
					return false
				}
			}
		}
		return hasElse
	}
	return false
}

// truthyNotNone reports whether cond being true proves name is not None.
func truthyNotNone(cond syntax.Node, name string) bool {
	switch cond.Type() {
	case syntax.TypeParenthesizedExpression:
		if inner := cond.NamedChildren(); len(inner) == 1 {
			return truthyNotNone(inner[0], name)
		}
	case syntax.TypeIdentifier:
		return cond.Text() == name
	case syntax.TypeNamedExpression:
		return cond.Field(syntax.FieldName).Text() == name
	case syntax.TypeNotOperator:
		return falsyNotNone(cond.Field(syntax.FieldArgument), name)
	case syntax.TypeBooleanOperator:
		l, r := cond.Field(syntax.FieldLeft), cond.Field(syntax.FieldRight)
		if operatorOf(cond) == "and" {
			return truthyNotNone(l, name) || truthyNotNone(r, name)
		}
		return truthyNotNone(l, name) && truthyNotNone(r, name)
	case syntax.TypeComparisonOperator:
		subject, op, other, ok := comparison(cond)
		if !ok {
			return false
		}
		switch op {
		case "is not", "!=":
			return isName(subject, name) && other.Type() == syntax.TypeNone || isName(other, name) && subject.Type() == syntax.TypeNone
		case "==":
			// x == "literal": None equals no literal but None.
			return isName(subject, name) && isLiteral(other) || isName(other, name) && isLiteral(subject)
		}
	case syntax.TypeCall:
		// isinstance(x, T) with T not NoneType.
		fn := cond.Field(syntax.FieldFunction)
		args := PositionalArgs(cond)
		if fn.Type() == syntax.TypeIdentifier && fn.Text() == "isinstance" && len(args) == 2 && isName(args[0], name) {
			return !containsText(args[1], "None")
		}
	}
	return false
}

// falsyNotNone reports whether cond being false proves name is not None.
func falsyNotNone(cond syntax.Node, name string) bool {
	switch cond.Type() {
	case syntax.TypeParenthesizedExpression:
		if inner := cond.NamedChildren(); len(inner) == 1 {
			return falsyNotNone(inner[0], name)
		}
	case syntax.TypeNotOperator:
		return truthyNotNone(cond.Field(syntax.FieldArgument), name)
	case syntax.TypeBooleanOperator:
		l, r := cond.Field(syntax.FieldLeft), cond.Field(syntax.FieldRight)
		if operatorOf(cond) == "or" {
			return falsyNotNone(l, name) || falsyNotNone(r, name)
		}
		return falsyNotNone(l, name) && falsyNotNone(r, name)
	case syntax.TypeComparisonOperator:
		subject, op, other, ok := comparison(cond)
		if ok && (op == "is" || op == "==") {
			return isName(subject, name) && other.Type() == syntax.TypeNone || isName(other, name) && subject.Type() == syntax.TypeNone
		}
	}
	return false
}

// comparison splits a two-operand comparison: `a is not b`.
func comparison(n syntax.Node) (left syntax.Node, op string, right syntax.Node, ok bool) {
	var operands []syntax.Node
	for _, ch := range n.Children() {
		if ch.Named() {
			if ch.Type() != syntax.TypeComment {
				operands = append(operands, ch)
			}
			continue
		}
		if op != "" {
			op += " "
		}
		op += ch.Type()
	}
	if len(operands) != 2 {
		return syntax.Node{}, "", syntax.Node{}, false
	}
	return operands[0], op, operands[1], true
}

// isName reports whether n is name (or a walrus binding it).
func isName(n syntax.Node, name string) bool {
	for n.Type() == syntax.TypeParenthesizedExpression {
		inner := n.NamedChildren()
		if len(inner) != 1 {
			return false
		}
		n = inner[0]
	}
	switch n.Type() {
	case syntax.TypeIdentifier:
		return n.Text() == name
	case syntax.TypeNamedExpression:
		return n.Field(syntax.FieldName).Text() == name
	}
	return false
}

func isLiteral(n syntax.Node) bool {
	return n.Is(syntax.TypeString, syntax.TypeInteger, syntax.TypeFloat, syntax.TypeTrue, syntax.TypeFalse, syntax.TypeConcatenatedString)
}

// operatorOf returns a boolean operator's keyword ("and", "or").
func operatorOf(n syntax.Node) string {
	return n.Field(syntax.FieldOperator).Type()
}

func containsText(n syntax.Node, word string) bool {
	for _, d := range n.Descendants() {
		if d.Type() == syntax.TypeIdentifier && d.Text() == word || d.Type() == syntax.TypeNone {
			return true
		}
	}
	return false
}

// keyPresent is the fact "key is in container", which `key in container`
// proves; `container.get(key)` then finds a value rather than None.
func keyPresent(container, key syntax.Node) fact {
	var truthy, falsy func(c syntax.Node) bool
	truthy = func(c syntax.Node) bool {
		switch c.Type() {
		case syntax.TypeParenthesizedExpression:
			if inner := c.NamedChildren(); len(inner) == 1 {
				return truthy(inner[0])
			}
		case syntax.TypeNotOperator:
			return falsy(c.Field(syntax.FieldArgument))
		case syntax.TypeBooleanOperator:
			if operatorOf(c) == "and" {
				return truthy(c.Field(syntax.FieldLeft)) || truthy(c.Field(syntax.FieldRight))
			}
			return truthy(c.Field(syntax.FieldLeft)) && truthy(c.Field(syntax.FieldRight))
		case syntax.TypeComparisonOperator:
			l, op, r, ok := comparison(c)
			return ok && op == "in" && sameExpr(l, key) && sameExpr(r, container)
		}
		return false
	}
	falsy = func(c syntax.Node) bool {
		switch c.Type() {
		case syntax.TypeParenthesizedExpression:
			if inner := c.NamedChildren(); len(inner) == 1 {
				return falsy(inner[0])
			}
		case syntax.TypeNotOperator:
			return truthy(c.Field(syntax.FieldArgument))
		case syntax.TypeBooleanOperator:
			if operatorOf(c) == "or" {
				return falsy(c.Field(syntax.FieldLeft)) || falsy(c.Field(syntax.FieldRight))
			}
			return falsy(c.Field(syntax.FieldLeft)) && falsy(c.Field(syntax.FieldRight))
		case syntax.TypeComparisonOperator:
			l, op, r, ok := comparison(c)
			return ok && op == "not in" && sameExpr(l, key) && sameExpr(r, container)
		}
		return false
	}
	return fact{truthy: truthy, falsy: falsy}
}

// keyFound reports whether call, a `container.get(key)` lookup, is proven
// to find its key where it runs, or (for a value bound from it) at use,
// counting guards after offset bound.
func keyFound(call, use syntax.Node, bound int) bool {
	if call.Type() != syntax.TypeCall || call.Tree() != use.Tree() {
		return false
	}
	fn := call.Field(syntax.FieldFunction)
	args := PositionalArgs(call)
	if fn.Type() != syntax.TypeAttribute || fn.Field(syntax.FieldAttribute).Text() != "get" || len(args) == 0 {
		return false
	}
	return provenAt(use, bound, keyPresent(fn.Field(syntax.FieldObject), args[0]))
}

// sameExpr reports whether a and b are the same simple expression as
// written: a name, an attribute chain or a literal (quotes aside).
func sameExpr(a, b syntax.Node) bool {
	for _, n := range []*syntax.Node{&a, &b} {
		for n.Type() == syntax.TypeParenthesizedExpression && len(n.NamedChildren()) == 1 {
			*n = n.NamedChildren()[0]
		}
	}
	if a.Type() != b.Type() {
		return false
	}
	switch a.Type() {
	case syntax.TypeString:
		va, vb := StringValue(a), StringValue(b)
		return va != "" && va == vb
	case syntax.TypeIdentifier, syntax.TypeInteger:
		return a.Text() == b.Text()
	case syntax.TypeAttribute:
		return a.Field(syntax.FieldAttribute).Text() == b.Field(syntax.FieldAttribute).Text() && sameExpr(a.Field(syntax.FieldObject), b.Field(syntax.FieldObject))
	}
	return false
}
