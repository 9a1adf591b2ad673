package rules

import (
	"bytes"
	"fmt"
	"path/filepath"

	"github.com/pyworkers/pyworkers-lsp/internal/analysis/diag"
	"github.com/pyworkers/pyworkers-lsp/internal/analysis/semantic"
)

var pw103 = &Rule{
	Code:     "PW103",
	Name:     "missing-entrypoint",
	Summary:  "the Worker's main module defines no `Default` entrypoint and no handler",
	Severity: diag.Warning,
	Runtimes: "always",
	Fixes: []Fix{
		{Kind: FixAddDefaultClass, Title: "Add class Default(WorkerEntrypoint) with a fetch stub", Safety: UnsafeFix},
	},
	Module: runPW103,
}

func runPW103(p *ModulePass) {
	m := p.Module
	if !p.IsMain || hasDefaultExport(m) || len(semantic.LegacyHandlers(m, true)) > 0 || len(jsStyleHandlerFuncs(m)) > 0 {
		return
	}
	for _, k := range m.Classes {
		// A single misnamed WorkerEntrypoint is PW110's; Durable Object and
		// Workflow hosts need no default export.
		if k.Entrypoint != semantic.NotEntrypoint {
			return
		}
	}
	end := bytes.IndexAny(p.Text, "\r\n")
	if end < 0 {
		end = len(p.Text)
	}
	name := "this module"
	if p.Path != "" {
		name = filepath.Base(p.Path)
	}
	p.ReportRange(0, end,
		fmt.Sprintf("%s is the Worker's main module but defines no class Default(WorkerEntrypoint): every request fails with \"handler does not export fetch\"", name),
		FixAddDefaultClass.Data())
}

// hasDefaultExport reports whether the module binds the name Default in any
// way (a class, an import from another module, an assignment), or star
// imports a module of the project that may define it.
func hasDefaultExport(m *semantic.Module) bool {
	if _, ok := m.Names["Default"]; ok {
		return true
	}
	for _, mod := range m.StarImports {
		switch mod {
		case "js", "workers", "pyodide.ffi", "pyodide", "cloudflare.workers":
		default:
			return true
		}
	}
	return false
}
