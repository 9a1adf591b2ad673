package rules

import (
	"path/filepath"
	"sort"
	"strings"

	"github.com/pyworkers/pyworkers-lsp/analysis/diag"
	"github.com/pyworkers/pyworkers-lsp/analysis/profile"
	"github.com/pyworkers/pyworkers-lsp/analysis/semantic"
	"github.com/pyworkers/pyworkers-lsp/analysis/spelling"
	"github.com/pyworkers/pyworkers-lsp/analysis/syntax"
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
	Doc: `## What it does
Finds ` + "`env.NAME`" + ` — through a handler's env parameter, ` + "`self.env`" + ` in an entrypoint
class, ` + "`workers.env`" + `, or a local variable holding one of those — where NAME is not a
binding, variable or secret declared in the Worker's wrangler config, and suggests the
declared name it most likely means.

Secrets set with ` + "`wrangler secret put`" + ` and variables from ` + "`.dev.vars`" + ` are not in the
config, so a name that is only read as a value (` + "`self.env.API_TOKEN`" + `) and is not close
to a declared name is assumed to be one of those and left alone. A name that is close to
a declared one is reported, and so is an UPPER_CASE name used as a binding (a method is
called on it or an attribute other than a ` + "`str`" + ` method is read from it).

## Why it breaks on Workers
` + "`env`" + ` only has the bindings the deployed config declares. Reading any other name gives
` + "`undefined`" + ` — ` + "`None`" + ` in Python, or an AttributeError with the SDK's env wrapper — and
the first method call on it fails on the request that reaches it, often only in
production when a binding was renamed in the config and not in the code.

## Example
` + "```toml" + `
[[d1_databases]]
binding = "DB"
` + "```" + `
` + "```python" + `
rows = await self.env.DATABASE.prepare("SELECT 1").all()
` + "```" + `

## Use instead
` + "```python" + `
rows = await self.env.DB.prepare("SELECT 1").all()
` + "```" + `

## Which runtimes
All of them, when the Worker's wrangler config was found.

## Fix safety
Unsafe: the fix renames the access to the suggested binding, which changes which
resource the code uses.`,
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
	declared := make([]string, 0, len(p.Profile.Bindings))
	for name := range p.Profile.Bindings {
		declared = append(declared, name)
	}
	sort.Strings(declared)
	config := filepath.Base(p.Profile.ConfigFile)
	for _, attr := range p.Nodes("attribute") {
		name := attr.Field("attribute").Text()
		if strings.HasPrefix(name, "_") || jsProxyMembers[name] {
			continue
		}
		if _, ok := p.Profile.Bindings[name]; ok {
			continue
		}
		if v == nil {
			v = p.values()
		}
		if v.Origin(attr.Field("object")).Kind != semantic.OriginEnv {
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
		p.Report(attr.Field("attribute"), msg, data)
	}
}

// usedAsBinding reports whether env.NAME (attr) is used like a binding:
// an attribute other than a str method is read from it, or it is called.
func usedAsBinding(attr syntax.Node) bool {
	parent := attr.Parent()
	switch {
	case parent.Type() == "attribute" && attr.FieldName() == "object":
		return !strMethods[parent.Field("attribute").Text()]
	case parent.Type() == "call" && attr.FieldName() == "function":
		return true
	}
	return false
}
