package rules

import (
	"path/filepath"
	"strings"

	"github.com/pyworkers/pyworkers-lsp/internal/analysis/diag"
	"github.com/pyworkers/pyworkers-lsp/internal/analysis/profile"
	"github.com/pyworkers/pyworkers-lsp/internal/analysis/semantic"
	"github.com/pyworkers/pyworkers-lsp/internal/analysis/spelling"
	"github.com/pyworkers/pyworkers-lsp/internal/analysis/syntax"
)

var pw402 = &Rule{
	Code:     "PW402",
	Name:     "unknown-binding-method",
	Summary:  "method or property the binding's type does not offer (e.g. `.prepare` on KV)",
	Severity: diag.Error,
	Runtimes: "when a wrangler config is found",
	Fixes: []Fix{
		{Kind: FixRenameMethod, Title: "Change to the method the binding has", Safety: UnsafeFix},
	},
	Applies: func(p *profile.Profile) bool { return p.HasConfig() },
	Unit:    runPW402,
}

// runPW402 reports attributes a binding's type does not have.
func runPW402(p *Pass) {
	var v *semantic.Values
	config := filepath.Base(p.Profile.ConfigFile)
	for _, attr := range p.Nodes(syntax.TypeAttribute) {
		member := attr.Field(syntax.FieldAttribute).Text()
		if strings.HasPrefix(member, "_") || jsProxyMembers[member] {
			continue
		}
		if v == nil {
			v = p.values()
		}
		o := v.Origin(attr.Field(syntax.FieldObject))
		if o.Kind != semantic.OriginBinding || o.BindingKind == "" {
			continue
		}
		api, ok := apiOf(o.BindingKind)
		if !ok || api.has(member, !o.Raw) {
			continue
		}
		msg := "env." + o.Binding + " is declared as " + o.BindingKind + " in " + config + " (" + api.Label + "), which has no ." + member
		suggestion := ""
		if camel := camelCase(member); camel != member && api.has(camel, false) {
			suggestion = camel
			msg += ": binding methods keep their JavaScript names, use ." + camel
		} else if s := spelling.Closest(member, api.Members); s != "" {
			suggestion = s
			msg += "; did you mean ." + s + "?"
		} else if others := kindsOffering(member); len(others) > 0 {
			msg += "; ." + member + " belongs to " + strings.Join(others, ", ") + " bindings"
		}
		var data map[string]string
		if suggestion != "" {
			data = FixRenameMethod.Data("name", suggestion)
		}
		p.Report(attr.Field(syntax.FieldAttribute), msg+" (AttributeError at runtime)", data)
	}
}
