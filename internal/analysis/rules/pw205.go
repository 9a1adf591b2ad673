package rules

import (
	"strings"

	"github.com/pyworkers/pyworkers-lsp/internal/analysis/diag"
	"github.com/pyworkers/pyworkers-lsp/internal/analysis/profile"
	"github.com/pyworkers/pyworkers-lsp/internal/analysis/runtimefacts"
	"github.com/pyworkers/pyworkers-lsp/internal/analysis/semantic"
	"github.com/pyworkers/pyworkers-lsp/internal/analysis/syntax"
)

var pw205 = &Rule{
	Code:     "PW205",
	Name:     "is-none-on-js-value",
	Summary:  "`is None` on a value from a raw JS proxy: JS null arrives as `jsnull`",
	Severity: diag.Warning,
	Runtimes: "Pyodide 0.28 and newer",
	Fixes: []Fix{
		{Kind: FixIsNoneOrJsnull, Title: "Also test for pyodide.ffi.jsnull", Safety: UnsafeFix},
	},
	Applies: func(p *profile.Profile) bool { return !runtimefacts.JSNullIsNone(p.Runtime.Generation) },
	Unit:    runPW205,
}

// runPW205 reports None comparisons of values that may be JS null.
func runPW205(p *Pass) {
	var v *semantic.Values
	for _, cmp := range p.Nodes(syntax.TypeComparisonOperator) {
		operand, op, ok := noneComparison(cmp)
		if !ok {
			continue
		}
		if v == nil {
			v = p.values()
		}
		o := v.Origin(operand)
		if !mayBeJSNull(o) || testsJSNull(p, cmp, operand.Text()) {
			continue
		}
		from := "a raw JS value"
		switch o.Kind {
		case semantic.OriginBindingValue:
			from = "the raw binding result " + bindingLabel(o)
		case semantic.OriginQueueBody:
			from = "a raw queue message body"
		}
		never := "is never true"
		if op == "is not" || op == "!=" {
			never = "is always true"
		}
		p.Report(cmp, "on "+runtimeLabel(p.Profile)+" JS null arrives as pyodide.ffi.jsnull, not None ("+jsNullMeasured(p.Profile)+"): `"+shorten(cmp.Text())+"` "+never+" for a null from "+from+"; also test `is jsnull`", FixIsNoneOrJsnull.Data())
	}
}

// jsNullMeasured quotes the oracle's observation of a JS null in Python.
func jsNullMeasured(p *profile.Profile) string {
	o, _ := runtimefacts.Python(p.Runtime.Generation, "JS null to Python")
	is, typ, _ := strings.Cut(o.Observed, "|")
	typ, _, _ = strings.Cut(typ, "|")
	return "measured on " + runtimefacts.Measured(p.Runtime.Generation) + ": `is None` is " + is + ", type " + typ
}

// noneComparison matches `x is None`, `x is not None`, `x == None`,
// `x != None` (either side) and returns x and the operator.
func noneComparison(cmp syntax.Node) (syntax.Node, string, bool) {
	var operands []syntax.Node
	var op string
	for _, ch := range cmp.Children() {
		if ch.FieldName() == "operators" {
			if op != "" {
				return syntax.Node{}, "", false // chained comparison
			}
			op = ch.Type()
			continue
		}
		if ch.Named() && ch.Type() != syntax.TypeComment {
			operands = append(operands, ch)
		}
	}
	if len(operands) != 2 {
		return syntax.Node{}, "", false
	}
	switch op {
	case "is", "is not", "==", "!=":
	default:
		return syntax.Node{}, "", false
	}
	switch {
	case operands[1].Type() == syntax.TypeNone && operands[0].Type() != syntax.TypeNone:
		return operands[0], op, true
	case operands[0].Type() == syntax.TypeNone && operands[1].Type() != syntax.TypeNone:
		return operands[1], op, true
	}
	return syntax.Node{}, "", false
}

// testsJSNull reports whether the boolean expression around cmp also
// compares the same operand with jsnull (`x is None or x is jsnull`).
func testsJSNull(p *Pass, cmp syntax.Node, operand string) bool {
	top := cmp
	for parent := top.Parent(); parent.Is(syntax.TypeBooleanOperator, syntax.TypeParenthesizedExpression, syntax.TypeNotOperator); parent = parent.Parent() {
		top = parent
	}
	if top == cmp {
		return false
	}
	for _, n := range top.Descendants() {
		if n.Type() != syntax.TypeComparisonOperator || n == cmp {
			continue
		}
		var sawOperand, sawNull bool
		for _, ch := range n.NamedChildren() {
			switch {
			case ch.Text() == operand:
				sawOperand = true
			case p.Resolver.Resolve(ch) == "pyodide.ffi.jsnull" || ch.Text() == "jsnull":
				sawNull = true
			}
		}
		if sawOperand && sawNull {
			return true
		}
	}
	return false
}

// mayBeJSNull reports values that come unconverted from JavaScript and
// may be null: raw JS values, awaited raw binding results and what was
// read from them, and raw queue bodies. A binding itself or a statement
// still being built (env.DB.prepare(q)) is never null.
func mayBeJSNull(o semantic.Origin) bool {
	if !o.Raw {
		return false
	}
	switch o.Kind {
	case semantic.OriginJS, semantic.OriginQueueBody:
		return true
	case semantic.OriginBindingValue:
		last := o.Steps[len(o.Steps)-1]
		return o.Awaited || last.Kind != semantic.StepCall
	}
	return false
}
