package rules

import (
	"github.com/pyworkers/pyworkers-lsp/internal/analysis/diag"
	"github.com/pyworkers/pyworkers-lsp/internal/analysis/profile"
	"github.com/pyworkers/pyworkers-lsp/internal/analysis/syntax"
)

var pw209 = &Rule{
	Code:     "PW209",
	Name:     "to-py-on-converted",
	Summary:  "`.to_py()` on a value the SDK already converted raises AttributeError",
	Severity: diag.Error,
	Runtimes: "workers-runtime-sdk 1.3 and newer (compatibility dates from 2026-04-21 with the vendored SDK)",
	Fixes: []Fix{
		{Kind: FixDropToPy, Title: "Remove .to_py(): the value is already a Python value", Safety: SafeFix},
	},
	Applies: func(p *profile.Profile) bool { return p.SDKWrapsBindings },
	Unit:    runPW209,
}

// runPW209 reports .to_py() on SDK-converted binding data.
func runPW209(p *Pass) {
	v := p.values()
	for _, call := range p.Nodes(syntax.TypeCall) {
		fn := call.Field(syntax.FieldFunction)
		if fn.Type() != syntax.TypeAttribute || fn.Field(syntax.FieldAttribute).Text() != "to_py" {
			continue
		}
		o := v.Origin(fn.Field(syntax.FieldObject))
		if o.Raw || !o.FromRuntimeArgs() {
			continue
		}
		shape, label := dataOf(o)
		if shape == shapeOther {
			continue
		}
		p.Report(call, sdkLabel(p.Profile)+" already converts "+label+" to a Python value (dict, list, str or None), which has no to_py(): this raises AttributeError; drop .to_py()", FixDropToPy.Data())
	}
}
