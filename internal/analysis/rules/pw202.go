package rules

import (
	"github.com/pyworkers/pyworkers-lsp/internal/analysis/diag"
	"github.com/pyworkers/pyworkers-lsp/internal/analysis/profile"
	"github.com/pyworkers/pyworkers-lsp/internal/analysis/runtimefacts"
	"github.com/pyworkers/pyworkers-lsp/internal/analysis/semantic"
	"github.com/pyworkers/pyworkers-lsp/internal/analysis/syntax"
)

var pw202 = &Rule{
	Code:     "PW202",
	Name:     "to-js-dict-map",
	Summary:  "`to_js(dict)` without `dict_converter` where the receiving JS API cannot use the result on this runtime",
	Severity: diag.Warning,
	Runtimes: "Pyodide 0.26 and 0.28, by receiver (docs/runtime-behaviour.md)",
	Fixes: []Fix{
		{Kind: FixAddDictConverter, Title: "Convert dicts to JS objects with dict_converter=Object.fromEntries", Safety: SafeFix},
	},
	Applies: func(p *profile.Profile) bool { return failsSomewhere(p.Runtime.Generation, "to_js(dict)") },
	Unit:    runPW202,
}

// runPW202 reports to_js calls on dicts that lack dict_converter, where
// a receiver of the result cannot use it on the profile's runtime.
func runPW202(p *Pass) {
	var v *semantic.Values
	for _, call := range p.Nodes(syntax.TypeCall) {
		if p.Resolver.Resolve(call.Field(syntax.FieldFunction)) != "pyodide.ffi.to_js" {
			continue
		}
		args := semantic.PositionalArgs(call)
		if len(args) == 0 || hasConverterArg(call) {
			continue
		}
		if v == nil {
			v = p.values()
		}
		o := v.Origin(args[0])
		if o.Kind != semantic.OriginDict {
			continue
		}
		r, callee, out, ok := failingReceiver(p, v, call, "to_js(dict)")
		if !ok {
			continue
		}
		what := "a dict"
		if o.Source == "await request.json()" {
			what = "the dict from await request.json()"
		}
		if args[0].Type() == syntax.TypeIdentifier {
			what = "`" + args[0].Text() + "` (" + what + ")"
		}
		var data map[string]string
		hint := ""
		if converterFixes(p.Profile, r) {
			data = FixAddDictConverter.Data()
			hint = "; pass dict_converter=js.Object.fromEntries"
		}
		p.Report(call, "on "+runtimeLabel(p.Profile)+" to_js() converts "+what+" to "+valueNoun(p.Profile, "to_js(dict)")+": "+consequence(p.Profile, "to_js(dict)", r.Operation(), callee, r, out)+hint, data)
	}
}

// failingReceiver follows the result of call (a value of the given kind)
// to the JS calls that receive it — as a direct argument, or through a
// local variable of the same function — and returns the first receiver
// where the value fails on the profile's runtime.
func failingReceiver(p *Pass, v *semantic.Values, call syntax.Node, value string) (runtimefacts.Receiver, string, runtimefacts.Outcome, bool) {
	for _, use := range usesOf(call) {
		parent := use.Parent()
		if parent.Type() == syntax.TypeKeywordArgument {
			continue // headers= iterates pairs; other keywords are unknown
		}
		if parent.Type() != syntax.TypeArgumentList {
			continue
		}
		outer := parent.Parent()
		i := argIndex(outer, use)
		if i < 0 {
			continue
		}
		r, callee, ok := receiverOf(p, v, outer, i)
		if !ok {
			continue
		}
		if out, measured := verdict(p.Profile, value, r); measured && failsAt(r, out) {
			return r, callee, out, true
		}
	}
	return runtimefacts.Receiver{}, "", runtimefacts.Outcome{}, false
}

// usesOf lists where the value of expr goes: expr itself, or, when expr
// is assigned to a plain name inside a function, every later read of
// that name in the function.
func usesOf(expr syntax.Node) []syntax.Node {
	parent := expr.Parent()
	if parent.Type() != syntax.TypeAssignment || parent.Field(syntax.FieldRight) != expr {
		return []syntax.Node{expr}
	}
	left := parent.Field(syntax.FieldLeft)
	fn := semantic.EnclosingFunction(expr)
	if left.Type() != syntax.TypeIdentifier || fn.IsZero() {
		return nil
	}
	var uses []syntax.Node
	t := fn.Tree()
	for i := fn.Index(); i < fn.SubtreeEnd(); i++ {
		n := t.At(i)
		if n.Start() > parent.End() && isName(n, left.Text()) && semantic.IsReference(n) {
			uses = append(uses, n)
		}
	}
	return uses
}

// argIndex is the positional index of arg in call, or -1.
func argIndex(call, arg syntax.Node) int {
	for i, a := range semantic.PositionalArgs(call) {
		if a == arg {
			return i
		}
	}
	return -1
}

// hasConverterArg reports a dict_converter keyword, or a **kwargs splat
// that may carry one.
func hasConverterArg(call syntax.Node) bool {
	if _, ok := semantic.KeywordArg(call, "dict_converter"); ok {
		return true
	}
	for _, a := range call.Field(syntax.FieldArguments).NamedChildren() {
		if a.Type() == syntax.TypeDictionarySplat {
			return true
		}
	}
	return false
}
