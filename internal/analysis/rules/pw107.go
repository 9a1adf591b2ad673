package rules

import (
	"fmt"
	"strings"

	"github.com/pyworkers/pyworkers-lsp/internal/analysis/diag"
	"github.com/pyworkers/pyworkers-lsp/internal/analysis/profile"
	"github.com/pyworkers/pyworkers-lsp/internal/analysis/semantic"
	"github.com/pyworkers/pyworkers-lsp/internal/analysis/syntax"
)

var pw107 = &Rule{
	Code:     "PW107",
	Name:     "json-body-attribute",
	Summary:  "attribute access on the dict returned by `await request.json()`",
	Severity: diag.Error,
	Runtimes: "always",
	Fixes: []Fix{
		{Kind: FixSubscript, Title: "Use a subscript for the binding name", Safety: SafeFix},
	},
	Unit: runPW107,
}

// containerAttrs are the attributes a parsed JSON value (dict or list) has.
var containerAttrs = map[string]bool{
	"clear": true, "copy": true, "fromkeys": true, "get": true, "items": true, "keys": true,
	"pop": true, "popitem": true, "setdefault": true, "update": true, "values": true,
	"append": true, "count": true, "extend": true, "index": true, "insert": true,
	"remove": true, "reverse": true, "sort": true,
}

// requestClasses are the request types whose json() returns plain Python values.
var requestClasses = map[string]bool{
	"workers.Request": true, "cloudflare.workers.Request": true,
	"fastapi.Request": true, "starlette.requests.Request": true,
}

func runPW107(p *Pass) {
	legacy := !p.Profile.Has(profile.FlagNoGlobalHandlers)
	for _, fn := range p.Nodes(syntax.TypeFunctionDefinition) {
		for _, param := range requestParams(p, fn, legacy) {
			checkJSONUses(p, fn, param)
		}
	}
}

// requestParams returns the names of fn's parameters that hold an SDK
// request: the request of a fetch handler (a method of an entrypoint class
// or an `@handler` module function) and parameters annotated as one.
func requestParams(p *Pass, fn syntax.Node, legacy bool) []string {
	params := semantic.Params(fn)
	var out []string
	for _, prm := range params {
		if ann := prm.Field(syntax.FieldType); !ann.IsZero() {
			if inner := ann.NamedChildren(); len(inner) == 1 && requestClasses[p.Resolver.Resolve(inner[0])] {
				out = append(out, semantic.ParamName(prm))
			}
		}
	}
	name := fn.Field(syntax.FieldName).Text()
	top := fn
	if par := fn.Parent(); par.Type() == syntax.TypeDecoratedDefinition {
		top = par
	}
	switch {
	case p.Kind == syntax.Member && top == p.Root && p.Class != nil:
		if h, ok := semantic.HandlerCalled(p.Class.Entrypoint, name, legacy); ok && h.Name == "fetch" && len(params) > 1 {
			out = append(out, semantic.ParamName(params[1]))
		}
	case p.Kind == syntax.Statement && top == p.Root && len(params) > 0:
		// The SDK's @handler wraps the JS request; an undecorated legacy
		// handler gets the raw JS object, whose json() is a JsProxy.
		for _, d := range top.NamedChildren() {
			if d.Type() == syntax.TypeDecorator && len(d.NamedChildren()) > 0 && semantic.IsHandlerDecorator(p.Resolver.Resolve(d.NamedChildren()[0])) {
				out = append(out, semantic.ParamName(params[0]))
			}
		}
	}
	return out
}

// checkJSONUses reports attribute access on `await <param>.json()` in fn,
// directly or through a local assigned once from it.
func checkJSONUses(p *Pass, fn syntax.Node, param string) {
	body := fn.Field(syntax.FieldBody)
	isBody := func(n syntax.Node) bool {
		return n.Type() == syntax.TypeAwait && isJSONCall(p, fn, n, param)
	}
	var vars []syntax.Node // identifiers assigned `await param.json()`
	for _, n := range body.Descendants() {
		if !isBody(n) || semantic.EnclosingFunction(n) != fn {
			continue
		}
		switch par := n.Parent(); {
		case par.Type() == syntax.TypeParenthesizedExpression && par.Parent().Type() == syntax.TypeAttribute && par.FieldName() == "object":
			reportJSONAttr(p, par.Parent(), fmt.Sprintf("(await %s.json())", param))
		case par.Type() == syntax.TypeAssignment && n.FieldName() == "right" && par.Field(syntax.FieldLeft).Type() == syntax.TypeIdentifier:
			vars = append(vars, par.Field(syntax.FieldLeft))
		}
	}
	for _, v := range vars {
		if len(semantic.BindingSites(fn, v.Text())) != 1 {
			continue // reassigned: the value may no longer be the dict
		}
		for _, attr := range body.Descendants() {
			obj := attr.Field(syntax.FieldObject)
			if attr.Type() != syntax.TypeAttribute || obj.Type() != syntax.TypeIdentifier || obj.Text() != v.Text() || attr.Start() < v.End() {
				continue
			}
			if b, where := p.Resolver.Lookup(obj); where == semantic.Local && b.Start == v.Start() {
				reportJSONAttr(p, attr, v.Text())
			}
		}
	}
}

// isJSONCall reports whether aw is `await <param>.json()` with param a
// parameter of fn.
func isJSONCall(p *Pass, fn, aw syntax.Node, param string) bool {
	inner := aw.NamedChildren()
	if len(inner) != 1 || inner[0].Type() != syntax.TypeCall {
		return false
	}
	call := inner[0]
	callee := call.Field(syntax.FieldFunction)
	if callee.Type() != syntax.TypeAttribute || callee.Field(syntax.FieldAttribute).Text() != "json" || len(call.Field(syntax.FieldArguments).NamedChildren()) != 0 {
		return false
	}
	obj := callee.Field(syntax.FieldObject)
	if obj.Type() != syntax.TypeIdentifier || obj.Text() != param {
		return false
	}
	b, where := p.Resolver.Lookup(obj)
	params := fn.Field(syntax.FieldParameters)
	return where == semantic.Local && b.Start >= params.Start() && b.End <= params.End()
}

func reportJSONAttr(p *Pass, attr syntax.Node, holder string) {
	name := attr.Field(syntax.FieldAttribute).Text()
	if containerAttrs[name] || strings.HasPrefix(name, "__") {
		return
	}
	p.Report(attr, fmt.Sprintf("%s is a dict parsed from the JSON body: %s.%s raises AttributeError; use %s[%q] or %s.get(%q)", holder, holder, name, holder, name, holder, name),
		FixSubscript.Data("key", name))
}
