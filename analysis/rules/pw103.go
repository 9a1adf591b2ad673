package rules

import (
	"bytes"
	"fmt"
	"path/filepath"

	"github.com/pyworkers/pyworkers-lsp/analysis/diag"
	"github.com/pyworkers/pyworkers-lsp/analysis/semantic"
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
	Doc: `## What it does
Checks that the module named by ` + "`main`" + ` in the wrangler config defines
` + "`class Default(WorkerEntrypoint)`" + ` (or imports it), or — on compatibility dates
before 2025-08-14 — a module-level handler such as ` + "`on_fetch`" + `.

## Why it breaks on Workers
The runtime imports the main module and looks for the default export there.
Without one the Worker deploys, and every request fails with "handler does
not export fetch"; cron triggers and queues have nothing to call.

## Example
` + "```python" + `
# src/entry.py (main)
from workers import Response

async def handle(request):
    return Response("hello")
` + "```" + `

## Use instead
` + "```python" + `
from workers import Response, WorkerEntrypoint

class Default(WorkerEntrypoint):
    async def fetch(self, request):
        return Response("hello")
` + "```" + `

## Which runtimes
All of them. A main module that only exports Durable Object or Workflow
classes is left alone: it can be a Worker that hosts them for others.

## Fix safety
Unsafe: the fix adds a ` + "`Default`" + ` class with a ` + "`fetch`" + ` stub that you have to fill in.`,
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
