package rules

import (
	"github.com/pyworkers/pyworkers-lsp/analysis/diag"
	"github.com/pyworkers/pyworkers-lsp/analysis/semantic"
	"github.com/pyworkers/pyworkers-lsp/analysis/syntax"
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
	for _, call := range p.Nodes("call") {
		if p.Resolver.Resolve(call.Field("function")) != "pyodide.ffi.create_proxy" {
			continue
		}
		fn := semantic.EnclosingFunction(call)
		if fn.IsZero() {
			continue // import time: created once
		}
		parent := call.Parent()
		for parent.Type() == "parenthesized_expression" {
			parent = parent.Parent()
		}
		if parent.Type() == "return_statement" || destroysAll(p, fn) {
			continue
		}
		name := ""
		if parent.Type() == "assignment" && parent.Field("right").Contains(call) {
			left := parent.Field("left")
			if left.Type() != "identifier" {
				continue // stored on an object or unpacked: managed elsewhere
			}
			name = left.Text()
			if destroysName(fn, name) || returnsName(fn, name) {
				continue
			}
		}
		where := "this function"
		if n := fn.Field("name"); !n.IsZero() {
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
		return n.Type() == "call" && p.Resolver.Resolve(n.Field("function")) == "pyodide.ffi.destroy_proxies"
	})
}

// destroysName reports a `name.destroy()` call anywhere in fn.
func destroysName(fn syntax.Node, name string) bool {
	return anyNode(fn, func(n syntax.Node) bool {
		f := n.Field("function")
		return n.Type() == "call" && f.Type() == "attribute" && f.Field("attribute").Text() == "destroy" &&
			isName(f.Field("object"), name)
	})
}

// returnsName reports `return name` in fn: the caller owns the proxy.
func returnsName(fn syntax.Node, name string) bool {
	return anyNode(fn, func(n syntax.Node) bool {
		if n.Type() != "return_statement" {
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
	return n.Type() == "identifier" && n.Text() == name
}
