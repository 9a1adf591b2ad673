package rules

import (
	"github.com/pyworkers/pyworkers-lsp/internal/analysis/diag"
	"github.com/pyworkers/pyworkers-lsp/internal/analysis/profile"
	"github.com/pyworkers/pyworkers-lsp/internal/analysis/runtimefacts"
	"github.com/pyworkers/pyworkers-lsp/internal/analysis/semantic"
	"github.com/pyworkers/pyworkers-lsp/internal/analysis/syntax"
)

var pw211 = &Rule{
	Code:     "PW211",
	Name:     "none-as-js-null",
	Summary:  "`to_js(None)` and `None` meant as JS null are `undefined`",
	Severity: diag.Warning,
	Runtimes: "always",
	Fixes: []Fix{
		{Kind: FixNoneToJsnull, Title: "Replace None with pyodide.ffi.jsnull", Safety: SafeFix},
	},
	Unit: runPW211,
}

// nullSensitiveJS are JS functions whose result differs for null and
// undefined arguments.
var nullSensitiveJS = map[string]string{
	"js.JSON.stringify":         "JSON.stringify(undefined) returns undefined, not \"null\"",
	"js.Object.create":          "Object.create(undefined) throws TypeError",
	"js.Object.setPrototypeOf":  "Object.setPrototypeOf(x, undefined) throws TypeError",
	"js.Reflect.setPrototypeOf": "Reflect.setPrototypeOf(x, undefined) throws TypeError",
}

// runPW211 reports None meant as a JS null.
func runPW211(p *Pass) {
	var v *semantic.Values
	for _, call := range p.Nodes(syntax.TypeCall) {
		q := p.Resolver.Resolve(call.Field(syntax.FieldFunction))
		args := semantic.PositionalArgs(call)
		if len(args) == 0 {
			continue
		}
		if v == nil {
			v = p.values()
		}
		switch {
		case q == "pyodide.ffi.to_js":
			if args[0].Type() == syntax.TypeNone {
				p.Report(args[0], "to_js(None) is JS "+runtimefacts.NoneBecomes(p.Profile.Runtime.Generation)+", not null ("+noneMeasured(p.Profile, "to_js(None)", "tag")+"): "+nullHint(p), nullFix(p.Profile))
				continue
			}
			for _, none := range containerNones(args[0]) {
				p.Report(none, "None inside the value given to to_js() becomes JS "+runtimefacts.NoneBecomes(p.Profile.Runtime.Generation)+", not null, and JSON.stringify drops the key ("+noneMeasured(p.Profile, "to_js(dict with None)", "JSON.stringify")+"): "+nullHint(p), nullFix(p.Profile))
			}
		case nullSensitiveJS[q] != "":
			for _, arg := range args {
				if arg.Type() == syntax.TypeNone {
					p.Report(arg, "Python None becomes JS undefined: "+nullSensitiveJS[q]+"; "+nullHint(p), nullFix(p.Profile))
				}
			}
		}
	}
}

// noneMeasured quotes the oracle's observation of a None cell.
func noneMeasured(p *profile.Profile, value, op string) string {
	o, _ := runtimefacts.Lookup(p.Runtime.Generation, value, op)
	return "measured on " + runtimefacts.Measured(p.Runtime.Generation) + ": " + measurement(value, op, o)
}

func nullHint(p *Pass) string {
	return nullHowTo(p.Profile)
}

// containerNones lists the None literals that are values of a dict or
// list display (nested displays included), not inside calls or lambdas.
func containerNones(n syntax.Node) []syntax.Node {
	var out []syntax.Node
	var walk func(n syntax.Node)
	walk = func(n syntax.Node) {
		switch n.Type() {
		case syntax.TypeDictionary:
			for _, pair := range n.NamedChildren() {
				if pair.Type() == syntax.TypePair {
					walk(pair.Field(syntax.FieldValue))
				}
			}
		case syntax.TypeList, syntax.TypeTuple:
			for _, el := range n.NamedChildren() {
				walk(el)
			}
		case syntax.TypeNone:
			out = append(out, n)
		}
	}
	if n.Is(syntax.TypeDictionary, syntax.TypeList, syntax.TypeTuple) {
		walk(n)
	}
	return out
}
