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

var pw401 = &Rule{
	Code:     "PW401",
	Name:     "undeclared-binding",
	Summary:  "`env.NAME` is not declared in the wrangler config",
	Severity: diag.Warning,
	Runtimes: "when a wrangler config is found",
	Fixes: []Fix{
		{Kind: FixRenameBinding, Title: "Change to the binding the config declares", Safety: UnsafeFix},
	},
	Applies: func(p *profile.Profile) bool { return p.HasConfig() },
	Unit:    runPW401,
}

// strMethods are methods of Python str: a value read from env that calls
// one of them is a variable or secret, not a binding.
var strMethods = func() map[string]bool {
	m := map[string]bool{}
	for _, s := range strings.Fields(`capitalize casefold center count encode endswith expandtabs find format
		format_map index isalnum isalpha isascii isdecimal isdigit isidentifier islower isnumeric isprintable
		isspace istitle isupper join ljust lower lstrip maketrans partition removeprefix removesuffix replace
		rfind rindex rjust rpartition rsplit rstrip split splitlines startswith strip swapcase title translate
		upper zfill`) {
		m[s] = true
	}
	return m
}()

// runPW401 reports env attributes the config does not declare.
func runPW401(p *Pass) {
	var v *semantic.Values
	declared := p.Profile.BindingNames()
	config := filepath.Base(p.Profile.ConfigFile)
	for _, attr := range p.Nodes(syntax.TypeAttribute) {
		name := attr.Field(syntax.FieldAttribute).Text()
		if strings.HasPrefix(name, "_") || jsProxyMembers[name] {
			continue
		}
		if _, ok := p.Profile.Bindings[name]; ok {
			continue
		}
		if v == nil {
			v = p.values()
		}
		if v.Origin(attr.Field(syntax.FieldObject)).Kind != semantic.OriginEnv {
			continue
		}
		suggestion := spelling.Closest(name, declared)
		if suggestion == "" && (!usedAsBinding(attr) || !semantic.BindingLikeName(name)) {
			continue // likely a secret, a .dev.vars variable, or not the Worker's env
		}
		msg := "env." + name + " is not declared in " + config + ": at runtime it is undefined and the first use fails"
		var data map[string]string
		if suggestion != "" {
			msg += "; did you mean " + suggestion + "?"
			data = FixRenameBinding.Data("name", suggestion)
		}
		p.Report(attr.Field(syntax.FieldAttribute), msg, data)
	}
}

// usedAsBinding reports whether env.NAME (attr) is used like a binding:
// an attribute other than a str method is read from it, or it is called.
func usedAsBinding(attr syntax.Node) bool {
	parent := attr.Parent()
	switch {
	case parent.Type() == syntax.TypeAttribute && attr.FieldName() == "object":
		return !strMethods[parent.Field(syntax.FieldAttribute).Text()]
	case parent.Type() == syntax.TypeCall && attr.FieldName() == "function":
		return true
	}
	return false
}
