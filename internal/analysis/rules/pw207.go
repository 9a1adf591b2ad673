package rules

import (
	"github.com/pyworkers/pyworkers-lsp/internal/analysis/diag"
	"github.com/pyworkers/pyworkers-lsp/internal/analysis/profile"
	"github.com/pyworkers/pyworkers-lsp/internal/analysis/semantic"
	"github.com/pyworkers/pyworkers-lsp/internal/analysis/syntax"
)

var pw207 = &Rule{
	Code:     "PW207",
	Name:     "ffi-newer-than-runtime",
	Summary:  "`jsnull`, `run_sync`, `eager_converter`, `JsWeakRef` and friends do not exist on Pyodide 0.26",
	Severity: diag.Error,
	Runtimes: "Pyodide 0.26 (compatibility dates before 2025-09-29)",
	Applies:  func(p *profile.Profile) bool { return p.Runtime.Generation == profile.Pyodide026 },
	Unit:     runPW207,
}

// newerFFI lists the pyodide.ffi names 0.26.0a2 lacks, with what to do.
var newerFFI = map[string]string{
	"pyodide.ffi.jsnull":         "JS null already arrives as None on 0.26",
	"pyodide.ffi.JsNull":         "JS null already arrives as None on 0.26",
	"pyodide.ffi.run_sync":       "0.26 cannot block on an awaitable; make the caller async and await it",
	"pyodide.ffi.can_run_sync":   "0.26 cannot block on an awaitable",
	"pyodide.ffi.JsWeakRef":      "0.26 has no weak references to JS objects",
	"pyodide.ffi.JsOnceCallable": "use create_once_callable's result without the type",
	"pyodide.ffi.ToJsConverter":  "annotate converters as plain callables",
}

// newerMethods are JsProxy methods 0.26.0a2 lacks.
var newerMethods = map[string]string{
	"to_weakref": "0.26 has no weak references to JS objects",
	"as_py_json": "use .to_py() instead",
}

// runPW207 reports imports, references, keyword arguments and methods
// that need Pyodide 0.27 or 0.28.
func runPW207(p *Pass) {
	rt := runtimeLabel(p.Profile)
	for _, stmt := range p.Nodes(syntax.TypeImportFromStatement) {
		if guardedImport(stmt) {
			continue
		}
		for _, imp := range semantic.ImportsOf(stmt) {
			if hint, ok := newerFFI[imp.Qualified]; ok {
				p.Report(imp.NameNode, imp.Qualified+" does not exist on "+rt+": this import raises ImportError when the Worker starts; "+hint, nil)
			}
		}
	}
	names := importedAs(p, newerFFI)
	for _, id := range p.Nodes(syntax.TypeIdentifier) {
		if !names[id.Text()] || !semantic.IsReference(id) || inImport(id) {
			continue
		}
		q := p.Resolver.Resolve(id)
		hint, ok := newerFFI[q]
		if !ok || !starImported(p, id) {
			continue // explicit imports are reported at the import
		}
		p.Report(id, q+" does not exist on "+rt+" (NameError); "+hint, nil)
	}
	for _, attr := range p.Nodes(syntax.TypeAttribute) {
		name := attr.Field(syntax.FieldAttribute).Text()
		if _, ok := newerFFI["pyodide.ffi."+name]; !ok && newerMethods[name] == "" {
			continue
		}
		q := p.Resolver.Resolve(attr)
		if hint, ok := newerFFI[q]; ok {
			p.Report(attr, q+" does not exist on "+rt+" (AttributeError); "+hint, nil)
			continue
		}
		if hint, ok := newerMethods[name]; ok && attr.Parent().Type() == syntax.TypeCall && attr.FieldName() == "function" {
			p.Report(attr.Field(syntax.FieldAttribute), "JsProxy."+name+"() does not exist on "+rt+" (AttributeError); "+hint, nil)
		}
	}
	for _, call := range p.Nodes(syntax.TypeCall) {
		if p.Resolver.Resolve(call.Field(syntax.FieldFunction)) != "pyodide.ffi.to_js" {
			continue
		}
		for _, a := range call.Field(syntax.FieldArguments).NamedChildren() {
			if a.Type() == syntax.TypeKeywordArgument && a.Field(syntax.FieldName).Text() == "eager_converter" {
				p.Report(a.Field(syntax.FieldName), "to_js(eager_converter=...) needs Pyodide 0.27.6 or newer: on "+rt+" it raises TypeError; use default_converter", nil)
			}
		}
	}
}

// starImported reports whether identifier id is bound by a star import
// rather than an explicit one (which is reported where it is written).
func starImported(p *Pass, id syntax.Node) bool {
	b, where := p.Resolver.Lookup(id)
	if where != semantic.Global || b.Kind != semantic.Import {
		return false
	}
	return !p.Resolver.BoundHere(id.Text())
}
