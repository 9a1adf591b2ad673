package rules

import (
	"github.com/pyworkers/pyworkers-lsp/internal/analysis/diag"
	"github.com/pyworkers/pyworkers-lsp/internal/analysis/semantic"
	"github.com/pyworkers/pyworkers-lsp/internal/analysis/syntax"
)

var pw206 = &Rule{
	Code:     "PW206",
	Name:     "proxy-leak",
	Summary:  "`create_proxy` in a per-request function without `destroy()` leaks",
	Severity: diag.Warning,
	Runtimes: "always",
	Unit:     runPW206,
}

// runPW206 reports create_proxy calls in functions without a matching
// destroy.
func runPW206(p *Pass) {
	for _, call := range p.Nodes(syntax.TypeCall) {
		if p.Resolver.Resolve(call.Field(syntax.FieldFunction)) != "pyodide.ffi.create_proxy" {
			continue
		}
		fn := semantic.EnclosingFunction(call)
		if fn.IsZero() {
			continue // import time: created once
		}
		parent := call.Parent()
		for parent.Type() == syntax.TypeParenthesizedExpression {
			parent = parent.Parent()
		}
		if parent.Type() == syntax.TypeReturnStatement || destroysAll(p, fn) {
			continue
		}
		name := ""
		if parent.Type() == syntax.TypeAssignment && parent.Field(syntax.FieldRight).Contains(call) {
			left := parent.Field(syntax.FieldLeft)
			if left.Type() != syntax.TypeIdentifier {
				continue // stored on an object or unpacked: managed elsewhere
			}
			name = left.Text()
			if destroysName(fn, name) || returnsName(fn, name) {
				continue
			}
		}
		where := "this function"
		if n := fn.Field(syntax.FieldName); !n.IsZero() {
			where = "`" + n.Text() + "`"
		}
		what := "the proxy"
		if name != "" {
			what = "`" + name + "`"
		}
		p.Report(call, "create_proxy() in "+where+" makes a new proxy on every call and "+what+" is never destroyed: JS keeps it and everything it references alive; call .destroy() when JS is done with it, or use create_once_callable for a one-shot callback", nil)
	}
}

// destroysAll reports a destroy_proxies(...) call anywhere in fn.
func destroysAll(p *Pass, fn syntax.Node) bool {
	return anyNode(fn, func(n syntax.Node) bool {
		return n.Type() == syntax.TypeCall && p.Resolver.Resolve(n.Field(syntax.FieldFunction)) == "pyodide.ffi.destroy_proxies"
	})
}

// destroysName reports a `name.destroy()` call anywhere in fn.
func destroysName(fn syntax.Node, name string) bool {
	return anyNode(fn, func(n syntax.Node) bool {
		f := n.Field(syntax.FieldFunction)
		return n.Type() == syntax.TypeCall && f.Type() == syntax.TypeAttribute && f.Field(syntax.FieldAttribute).Text() == "destroy" &&
			isName(f.Field(syntax.FieldObject), name)
	})
}

// returnsName reports `return name` in fn: the caller owns the proxy.
func returnsName(fn syntax.Node, name string) bool {
	return anyNode(fn, func(n syntax.Node) bool {
		if n.Type() != syntax.TypeReturnStatement {
			return false
		}
		for _, ch := range n.NamedChildren() {
			if isName(ch, name) {
				return true
			}
		}
		return false
	})
}

// anyNode reports whether some node of root's subtree matches.
func anyNode(root syntax.Node, match func(syntax.Node) bool) bool {
	t := root.Tree()
	for i := root.Index(); i < root.SubtreeEnd(); i++ {
		if match(t.At(i)) {
			return true
		}
	}
	return false
}

// isName reports whether n is the identifier name.
func isName(n syntax.Node, name string) bool {
	return n.Type() == syntax.TypeIdentifier && n.Text() == name
}
