package rules

import (
	"github.com/pyworkers/pyworkers-lsp/internal/analysis/diag"
	"github.com/pyworkers/pyworkers-lsp/internal/analysis/semantic"
	"github.com/pyworkers/pyworkers-lsp/internal/analysis/syntax"
)

var pw208 = &Rule{
	Code:     "PW208",
	Name:     "missing-to-py",
	Summary:  "raw D1 results and queue message bodies need `.to_py()` before Python uses them",
	Severity: diag.Warning,
	Runtimes: "raw bindings: the built-in SDK, workers-runtime-sdk < 1.3, or bindings reached through `js`",
	Fixes: []Fix{
		{Kind: FixAddToPy, Title: "Convert with .to_py()", Safety: SafeFix},
	},
	Unit: runPW208,
}

// mappingMethods are dict methods a JsProxy of a plain object lacks.
var mappingMethods = map[string]bool{"get": true, "keys": true, "items": true, "values": true}

// dataUse is how Python code uses a value.
type dataUse uint8

const (
	useSubscript dataUse = iota // value[key] with a non-integer key
	useIndex                    // value[0]
	useMapping                  // value.get() / .keys() / .items() / .values()
	useIter                     // for x in value
	useJSON                     // json.dumps(value)
	useDict                     // dict(value)
)

// breaks reports whether a use of raw data of the given shape fails.
// JS arrays index and iterate fine; a queue body may be an array or a
// string, so only uses that need a mapping or JSON count for it.
func breaks(shape dataShape, use dataUse) bool {
	switch shape {
	case shapeObject:
		return true
	case shapeObjects, shapeArrays:
		if use == useDict {
			// dict() of an array of pairs works; of objects it does not.
			return shape == shapeObjects
		}
		return use == useJSON || use == useMapping || use == useSubscript
	case shapeQueueBody:
		return use == useSubscript || use == useMapping || use == useJSON || use == useDict
	}
	return false
}

// runPW208 reports raw data used as Python values.
func runPW208(p *Pass) {
	v := p.values()
	check := func(value syntax.Node, use dataUse, effect string) {
		o := v.Origin(value)
		if !o.Raw {
			return
		}
		shape, label := dataOf(o)
		if !breaks(shape, use) {
			return
		}
		what := "a JS object (JsProxy)"
		switch shape {
		case shapeObjects, shapeArrays:
			what = "a JS array (JsProxy)"
		case shapeQueueBody:
			what = "the raw JS value that was sent (JsProxy)"
		}
		subject := "`" + shorten(value.Text()) + "`"
		if subject == "`"+label+"`" {
			label = "" // the chain is spelled out already
		} else {
			label = " (" + label + ")"
		}
		p.Report(value, "with "+sdkLabel(p.Profile)+" on "+runtimeLabel(p.Profile)+", "+subject+label+" is "+what+": "+effect+"; convert it with .to_py() first", FixAddToPy.Data())
	}
	for _, sub := range p.Nodes(syntax.TypeSubscript) {
		use := useSubscript
		if key := sub.Field(syntax.FieldSubscript); key.Type() == syntax.TypeInteger || key.Type() == syntax.TypeUnaryOperator {
			use = useIndex
		}
		check(sub.Field(syntax.FieldValue), use, "subscripting it raises TypeError")
	}
	for _, call := range p.Nodes(syntax.TypeCall) {
		fn := call.Field(syntax.FieldFunction)
		if fn.Type() == syntax.TypeAttribute && mappingMethods[fn.Field(syntax.FieldAttribute).Text()] {
			check(fn.Field(syntax.FieldObject), useMapping, "."+fn.Field(syntax.FieldAttribute).Text()+"() raises AttributeError")
			continue
		}
		if fn.Type() == syntax.TypeIdentifier && fn.Text() == "dict" && p.Resolver.IsBuiltin(fn) {
			if args := semantic.PositionalArgs(call); len(args) == 1 {
				check(args[0], useDict, "dict() raises TypeError ('pyodide.ffi.JsProxy' object is not iterable)")
			}
			continue
		}
		if p.Resolver.Resolve(fn) == "json.dumps" {
			if args := semantic.PositionalArgs(call); len(args) > 0 {
				check(args[0], useJSON, "json.dumps raises TypeError (JsProxy is not JSON serializable)")
			}
		}
	}
	for _, loop := range p.Nodes(syntax.TypeForStatement) {
		check(loop.Field(syntax.FieldRight), useIter, "iterating it raises TypeError")
	}
	for _, clause := range p.Nodes(syntax.TypeForInClause) {
		check(clause.Field(syntax.FieldRight), useIter, "iterating it raises TypeError")
	}
}
