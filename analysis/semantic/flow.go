package semantic

import (
	"github.com/pyworkers/pyworkers-lsp/analysis/syntax"
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

// notNoneAt reports whether the local name of identifier use is proven
// not None at the use, given the binding at offset bound (the start of
// the binding's target; -1 for a parameter).
func notNoneAt(use syntax.Node, bound int) bool {
	name := use.Text()
	child := use
	for p := use.Parent(); !p.IsZero(); child, p = p, p.Parent() {
		switch p.Type() {
		case "function_definition", "lambda", "class_definition":
			return false
		case "if_statement", "elif_clause", "while_statement":
			if child.FieldName() == "consequence" || (p.Type() == "while_statement" && child.FieldName() == "body") {
				if truthyNotNone(p.Field("condition"), name) {
					return true
				}
				if p.Type() == "elif_clause" && earlierFalsyNotNone(p, name) {
					return true
				}
			}
		case "else_clause":
			if ifs := p.Parent(); ifs.Type() == "if_statement" && earlierFalsyNotNone(p, name) {
				return true
			}
		case "conditional_expression":
			parts := p.NamedChildren()
			if len(parts) == 3 {
				if child == parts[0] && truthyNotNone(parts[1], name) {
					return true
				}
				if child == parts[2] && falsyNotNone(parts[1], name) {
					return true
				}
			}
		case "boolean_operator":
			if child == p.Field("right") {
				left := p.Field("left")
				if op := operatorOf(p); op == "and" && truthyNotNone(left, name) || op == "or" && falsyNotNone(left, name) {
					return true
				}
			}
		case "block", "module":
			if guardedBefore(p, child, name, bound) {
				return true
			}
		}
	}
	return false
}

// earlierFalsyNotNone reports whether the conditions of the if statement
// before clause (an elif or else clause) all being false prove name is not
// None: one of them falsy-implies it.
func earlierFalsyNotNone(clause syntax.Node, name string) bool {
	ifs := clause.Parent()
	if ifs.Type() != "if_statement" {
		return false
	}
	if falsyNotNone(ifs.Field("condition"), name) {
		return true
	}
	for _, c := range ifs.NamedChildren() {
		if c == clause {
			break
		}
		if c.Type() == "elif_clause" && falsyNotNone(c.Field("condition"), name) {
			return true
		}
	}
	return false
}

// guardedBefore reports whether a statement of block, before child and
// not entirely before the binding at offset bound, guards name.
func guardedBefore(block, child syntax.Node, name string, bound int) bool {
	for _, st := range block.NamedChildren() {
		if st == child || st.Start() >= child.Start() {
			break
		}
		if st.End() <= bound {
			continue
		}
		switch st.Type() {
		case "if_statement":
			if falsyExitGuard(st, name) {
				return true
			}
		case "assert_statement":
			if conds := st.NamedChildren(); len(conds) > 0 && truthyNotNone(conds[0], name) {
				return true
			}
		}
	}
	return false
}

// falsyExitGuard reports whether if statement st leaves the block unless
// name is not None: `if x is None: return` (every branch whose condition
// may hold with x None ends in return/raise/continue/break).
func falsyExitGuard(st syntax.Node, name string) bool {
	if !Terminates(st.Field("consequence")) {
		return false
	}
	if !falsyNotNone(st.Field("condition"), name) {
		return false
	}
	// Falling past the if means the condition was false (x not None) or an
	// elif/else branch ran; those must exit too unless they rebind x,
	// which the binding lookup sees anyway.
	for _, c := range st.NamedChildren() {
		switch c.Type() {
		case "elif_clause":
			if !Terminates(c.Field("consequence")) {
				return false
			}
		case "else_clause":
			if !Terminates(c.Field("body")) {
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
	for len(sts) > 0 && sts[len(sts)-1].Type() == "comment" {
		sts = sts[:len(sts)-1]
	}
	if len(sts) == 0 {
		return false
	}
	last := sts[len(sts)-1]
	switch last.Type() {
	case "return_statement", "raise_statement", "continue_statement", "break_statement":
		return true
	case "if_statement":
		if !Terminates(last.Field("consequence")) {
			return false
		}
		hasElse := false
		for _, c := range last.NamedChildren() {
			switch c.Type() {
			case "elif_clause":
				if !Terminates(c.Field("consequence")) {
					return false
				}
			case "else_clause":
				hasElse = true
				if !Terminates(c.Field("body")) {
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
	case "parenthesized_expression":
		if inner := cond.NamedChildren(); len(inner) == 1 {
			return truthyNotNone(inner[0], name)
		}
	case "identifier":
		return cond.Text() == name
	case "named_expression":
		return cond.Field("name").Text() == name
	case "not_operator":
		return falsyNotNone(cond.Field("argument"), name)
	case "boolean_operator":
		l, r := cond.Field("left"), cond.Field("right")
		if operatorOf(cond) == "and" {
			return truthyNotNone(l, name) || truthyNotNone(r, name)
		}
		return truthyNotNone(l, name) && truthyNotNone(r, name)
	case "comparison_operator":
		subject, op, other, ok := comparison(cond)
		if !ok {
			return false
		}
		switch {
		case op == "is not" || op == "!=":
			return isName(subject, name) && other.Type() == "none" || isName(other, name) && subject.Type() == "none"
		case op == "==":
			// x == "literal": None equals no literal but None.
			return isName(subject, name) && isLiteral(other) || isName(other, name) && isLiteral(subject)
		}
	case "call":
		// isinstance(x, T) with T not NoneType.
		fn := cond.Field("function")
		args := PositionalArgs(cond)
		if fn.Type() == "identifier" && fn.Text() == "isinstance" && len(args) == 2 && isName(args[0], name) {
			return !containsText(args[1], "None")
		}
	}
	return false
}

// falsyNotNone reports whether cond being false proves name is not None.
func falsyNotNone(cond syntax.Node, name string) bool {
	switch cond.Type() {
	case "parenthesized_expression":
		if inner := cond.NamedChildren(); len(inner) == 1 {
			return falsyNotNone(inner[0], name)
		}
	case "not_operator":
		return truthyNotNone(cond.Field("argument"), name)
	case "boolean_operator":
		l, r := cond.Field("left"), cond.Field("right")
		if operatorOf(cond) == "or" {
			return falsyNotNone(l, name) || falsyNotNone(r, name)
		}
		return falsyNotNone(l, name) && falsyNotNone(r, name)
	case "comparison_operator":
		subject, op, other, ok := comparison(cond)
		if ok && (op == "is" || op == "==") {
			return isName(subject, name) && other.Type() == "none" || isName(other, name) && subject.Type() == "none"
		}
	}
	return false
}

// comparison splits a two-operand comparison: `a is not b`.
func comparison(n syntax.Node) (left syntax.Node, op string, right syntax.Node, ok bool) {
	var operands []syntax.Node
	for _, ch := range n.Children() {
		if ch.Named() {
			if ch.Type() != "comment" {
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
	for n.Type() == "parenthesized_expression" {
		inner := n.NamedChildren()
		if len(inner) != 1 {
			return false
		}
		n = inner[0]
	}
	switch n.Type() {
	case "identifier":
		return n.Text() == name
	case "named_expression":
		return n.Field("name").Text() == name
	}
	return false
}

func isLiteral(n syntax.Node) bool {
	return n.Is("string", "integer", "float", "true", "false", "concatenated_string")
}

// operatorOf returns a boolean operator's keyword ("and", "or").
func operatorOf(n syntax.Node) string {
	return n.Field("operator").Type()
}

func containsText(n syntax.Node, word string) bool {
	for _, d := range n.Descendants() {
		if d.Type() == "identifier" && d.Text() == word || d.Type() == "none" {
			return true
		}
	}
	return false
}
