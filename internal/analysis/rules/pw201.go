package rules

import (
	"github.com/pyworkers/pyworkers-lsp/internal/analysis/diag"
	"github.com/pyworkers/pyworkers-lsp/internal/analysis/semantic"
	"github.com/pyworkers/pyworkers-lsp/internal/analysis/syntax"
)

var pw201 = &Rule{
	Code:     "PW201",
	Name:     "to-py-import",
	Summary:  "`to_py` is a method of JsProxy, not a function in pyodide.ffi",
	Severity: diag.Error,
	Runtimes: "always",
	Fixes: []Fix{
		{Kind: FixRemoveImport, Title: "Remove the to_py import and call .to_py() on the value", Safety: SafeFix},
		{Kind: FixToMethod, Title: "Call .to_py() on the value", Safety: SafeFix},
	},
	Unit: runPW201,
}

// runPW201 reports the imported name and every use that resolves to
// pyodide.ffi.to_py.
func runPW201(p *Pass) {
	const target = "pyodide.ffi.to_py"
	for _, stmt := range p.Nodes(syntax.TypeImportFromStatement) {
		for _, imp := range semantic.ImportsOf(stmt) {
			if imp.Qualified == target {
				p.Report(imp.NameNode, "pyodide.ffi has no to_py: conversion is the method JsProxy.to_py() (this import raises ImportError)", FixRemoveImport.Data())
			}
		}
	}
	for _, call := range p.Nodes(syntax.TypeCall) {
		fn := call.Field(syntax.FieldFunction)
		if p.Resolver.Resolve(fn) != target {
			continue
		}
		name := fn
		if fn.Type() == syntax.TypeAttribute {
			name = fn.Field(syntax.FieldAttribute)
		}
		p.Report(name, "pyodide.ffi has no to_py: call the method on the value, x.to_py()", FixToMethod.Data())
	}
}
