package rules

import (
	"fmt"
	"strings"

	"github.com/pyworkers/pyworkers-lsp/internal/analysis/profile"
	"github.com/pyworkers/pyworkers-lsp/internal/analysis/semantic"
	"github.com/pyworkers/pyworkers-lsp/internal/analysis/syntax"
)

// Helpers shared by the FFI and binding rules (PW2xx, PW4xx).

// values returns the value analysis of the pass's unit, shared by every
// rule that runs on the unit (they see the same resolver, class and
// profile).
func (p *Pass) values() *semantic.Values {
	if !p.index.valued {
		p.index.values, p.index.valued = p.index.values.Reuse(p.Resolver, p.Class, p.Profile), true
	}
	return p.index.values
}

// runtimeLabel names the runtime and what selected it, for messages:
// "Pyodide 0.28.2 (compatibility_date 2025-11-02)".
func runtimeLabel(p *profile.Profile) string {
	rt := "Pyodide " + p.Runtime.Pyodide
	switch {
	case p.Default || p.CompatDate == "":
		return rt + " (the default runtime)"
	default:
		return fmt.Sprintf("%s (compatibility_date %s)", rt, p.CompatDate)
	}
}

// sdkLabel names the SDK that provides `workers`, for messages.
func sdkLabel(p *profile.Profile) string {
	switch {
	case !p.ExternalSDK:
		return "the built-in workers SDK"
	case p.SDKVersion != "":
		return "workers-runtime-sdk " + p.SDKVersion
	}
	return "the vendored workers-runtime-sdk"
}

// nullFix is the fix data for replacing a Python None with a JS null on
// the profile's runtime: pyodide.ffi.jsnull exists from Pyodide 0.28. On
// 0.26 there is no fix: a JS null turns into None as soon as it reaches
// Python (js.JSON.parse("null") returns None there), so no Python value
// can stand for it.
func nullFix(p *profile.Profile) map[string]string {
	if p.Runtime.AtLeast(profile.Pyodide028) {
		return FixNoneToJsnull.Data()
	}
	return nil
}

// nullHowTo says how to send a JS null on the profile's runtime.
func nullHowTo(p *profile.Profile) string {
	if p.Runtime.AtLeast(profile.Pyodide028) {
		return "pass pyodide.ffi.jsnull on " + runtimeLabel(p)
	}
	return "on " + runtimeLabel(p) + " a JS null cannot reach Python (it arrives as None), so build the value in JavaScript, e.g. js.JSON.parse(json.dumps(value)), or move to compatibility_date 2025-09-29 or later (Pyodide 0.28) and pass pyodide.ffi.jsnull"
}

// inImport reports whether n sits in an import statement.
func inImport(n syntax.Node) bool {
	return !n.Ancestor(syntax.TypeImportStatement, syntax.TypeImportFromStatement).IsZero()
}

// guardedImport reports whether an import sits in a try block whose
// handlers catch ImportError (the compatibility idiom
// `try: from pyodide.ffi import jsnull / except ImportError: ...`).
func guardedImport(n syntax.Node) bool {
	for p := n.Parent(); !p.IsZero(); p = p.Parent() {
		if p.Type() != syntax.TypeTryStatement || !p.Field(syntax.FieldBody).Contains(n) {
			continue
		}
		for _, clause := range p.NamedChildren() {
			if clause.Type() != syntax.TypeExceptClause {
				continue
			}
			caught := clause.NamedChildren()
			if len(caught) == 0 || caught[0].Type() == syntax.TypeBlock {
				return true // bare except
			}
			text := caught[0].Text()
			for _, name := range []string{"ImportError", "ModuleNotFoundError", "AttributeError", "Exception", "BaseException"} {
				if strings.Contains(text, name) {
					return true
				}
			}
		}
	}
	return false
}

// bindingLabel renders a binding value's chain: "DB.prepare().bind()".
func bindingLabel(o semantic.Origin) string {
	name := o.Binding
	if name != "ctx.storage" {
		name = "env." + name
	}
	return name + o.Path()
}

// shorten keeps messages readable when they quote source text.
func shorten(s string) string {
	s = strings.Join(strings.Fields(s), " ")
	if len(s) > 40 {
		return s[:37] + "..."
	}
	return s
}

// dataShape says what a binding value holds when the SDK does not
// convert it.
type dataShape uint8

const (
	shapeOther     dataShape = iota // not data, or not known
	shapeObject                     // a JS object: D1 row or result, KV metadata/list result
	shapeObjects                    // an array of objects: .results, batch()
	shapeArrays                     // an array of arrays: raw()
	shapeQueueBody                  // a queue message body (whatever was sent)
	shapeValue                      // a stored value of any type: KV get(), storage get()/list()
)

// dataCalls lists, per binding kind, the methods whose awaited result is
// data (rather than another JS object with methods).
var dataCalls = map[string]map[string]dataShape{
	semantic.D1Databases:          {"first": shapeObject, "all": shapeObject, "run": shapeObject, "raw": shapeArrays, "batch": shapeObjects, "exec": shapeObject},
	"kv_namespaces":               {"get": shapeValue, "getWithMetadata": shapeObject, "list": shapeObject},
	semantic.DurableObjectStorage: {"get": shapeValue, "list": shapeValue},
}

// dataOf classifies a binding value or queue body as data and returns its
// shape and a description for messages ("env.DB.prepare().first()").
func dataOf(o semantic.Origin) (dataShape, string) {
	switch o.Kind {
	case semantic.OriginQueueBody:
		return shapeQueueBody, "msg.body"
	case semantic.OriginBindingValue:
	default:
		return shapeOther, ""
	}
	calls := dataCalls[o.BindingKind]
	// The data call is the last call of the chain; a first(column) or a
	// further call makes it something else.
	at := -1
	for i, s := range o.Steps {
		if s.Kind == semantic.StepCall {
			at = i
		}
	}
	if at < 0 || !o.Awaited {
		return shapeOther, ""
	}
	shape, ok := calls[o.Steps[at].Name]
	if !ok || (o.Steps[at].Name == "first" && o.Steps[at].Args > 0) {
		// first("column") gives one column's value, not a row.
		return shapeOther, ""
	}
	for _, s := range o.Steps[at+1:] {
		switch {
		case s.Kind == semantic.StepAttr && shape == shapeObject && s.Name == "results":
			shape = shapeObjects
		case s.Kind == semantic.StepAttr && shape == shapeObject && s.Name == "meta":
		case s.Kind == semantic.StepElement && shape == shapeObjects:
			shape = shapeObject
		case s.Kind == semantic.StepElement && shape == shapeArrays:
			shape = shapeOther // a row of raw(): a JS array, indexable
		default:
			return shapeOther, ""
		}
	}
	return shape, bindingLabel(o)
}
