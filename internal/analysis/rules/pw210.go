package rules

import (
	"github.com/pyworkers/pyworkers-lsp/internal/analysis/diag"
	"github.com/pyworkers/pyworkers-lsp/internal/analysis/profile"
	"github.com/pyworkers/pyworkers-lsp/internal/analysis/semantic"
	"github.com/pyworkers/pyworkers-lsp/internal/analysis/syntax"
)

var pw210 = &Rule{
	Code:     "PW210",
	Name:     "dict-to-js-call",
	Summary:  "a Python dict passed straight to a JS API that cannot use a dict proxy",
	Severity: diag.Warning,
	Runtimes: "by runtime and receiver (docs/runtime-behaviour.md)",
	Fixes: []Fix{
		{Kind: FixWrapToJs, Title: "Convert the dict with to_js(..., dict_converter=Object.fromEntries)", Safety: SafeFix},
	},
	Applies: func(p *profile.Profile) bool { return failsSomewhere(p.Runtime.Generation, "dict") },
	Unit:    runPW210,
}

// runPW210 reports dicts passed positionally to JS APIs whose receiver
// cannot use a dict proxy on the profile's runtime.
func runPW210(p *Pass) {
	var v *semantic.Values
	for _, call := range p.Nodes(syntax.TypeCall) {
		args := semantic.PositionalArgs(call)
		if len(args) == 0 {
			continue
		}
		if v == nil {
			v = p.values()
		}
		for i, arg := range args {
			origin := v.Origin(arg)
			if origin.Kind != semantic.OriginDict {
				continue
			}
			r, callee, ok := receiverOf(p, v, call, i)
			if !ok {
				continue
			}
			value, op := dictKind(v, origin, r)
			o, measured := verdictOp(p.Profile, value, op)
			if !measured || !failsAt(r, o) {
				continue
			}
			var data map[string]string
			hint := ""
			if converterFixes(p.Profile, r) {
				data = FixWrapToJs.Data()
				hint = "; convert it with to_js(..., dict_converter=js.Object.fromEntries)"
			}
			p.Report(arg, "on "+runtimeLabel(p.Profile)+" a Python dict passed to "+callee+"() arrives as a PyProxy: "+consequence(p.Profile, value, op, callee, r, o)+hint, data)
		}
	}
}
