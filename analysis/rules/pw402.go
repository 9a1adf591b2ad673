package rules

import (
	"path/filepath"
	"strings"

	"github.com/pyworkers/pyworkers-lsp/analysis/diag"
	"github.com/pyworkers/pyworkers-lsp/analysis/profile"
	"github.com/pyworkers/pyworkers-lsp/analysis/semantic"
	"github.com/pyworkers/pyworkers-lsp/analysis/spelling"
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
	Doc: `## What it does
Looks up the type of each binding read from ` + "`env`" + ` in the wrangler config and checks the
attribute used on it against that type's API: KV ` + "`get`" + `/` + "`getWithMetadata`" + `/` + "`put`" + `/
` + "`list`" + `/` + "`delete`" + `; D1 ` + "`prepare`" + `/` + "`batch`" + `/` + "`exec`" + `/` + "`dump`" + `/` + "`withSession`" + `; R2,
Queue producers, Durable Object namespaces, Workflows, Workers AI, Vectorize, Hyperdrive,
Analytics Engine, rate limiters, assets, send_email, Browser Rendering, Images, Secrets
Store, version metadata, dispatch namespaces and Pipelines likewise. Service bindings
(any RPC method), variables and secrets are not checked.

## Why it breaks on Workers
Bindings are JavaScript objects; Python sees exactly their JavaScript API, with
JavaScript names. A method of another binding type (` + "`.prepare`" + ` on a KV namespace,
` + "`.get`" + ` on a Queue producer) or a snake_case spelling (` + "`.get_with_metadata`" + `) raises
AttributeError on the request that reaches it. The SDK wrapper forwards names unchanged,
so this holds with and without it (it adds only a few snake_case helpers, such as
Workflows' ` + "`create_batch`" + `).

## Example
` + "```toml" + `
[[kv_namespaces]]
binding = "CACHE"
` + "```" + `
` + "```python" + `
value = await self.env.CACHE.get_with_metadata(key)
` + "```" + `

## Use instead
` + "```python" + `
value = await self.env.CACHE.getWithMetadata(key)
` + "```" + `

## Which runtimes
All of them, when the Worker's wrangler config was found.

## Fix safety
Unsafe: when a close name exists the fix renames the method, which may not be what was
meant.`,
}

// runPW402 reports attributes a binding's type does not have.
func runPW402(p *Pass) {
	var v *semantic.Values
	config := filepath.Base(p.Profile.ConfigFile)
	for _, attr := range p.Nodes("attribute") {
		member := attr.Field("attribute").Text()
		if strings.HasPrefix(member, "_") || jsProxyMembers[member] {
			continue
		}
		if v == nil {
			v = p.values()
		}
		o := v.Origin(attr.Field("object"))
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
		p.Report(attr.Field("attribute"), msg+" (AttributeError at runtime)", data)
	}
}
