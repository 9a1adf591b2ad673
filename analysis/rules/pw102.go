package rules

import (
	"fmt"

	"github.com/pyworkers/pyworkers-lsp/analysis/diag"
	"github.com/pyworkers/pyworkers-lsp/analysis/semantic"
)

var pw102 = &Rule{
	Code:     "PW102",
	Name:     "default-class-and-global-handler",
	Summary:  "`class Default(WorkerEntrypoint)` and module-level handlers in one module",
	Severity: diag.Error,
	Runtimes: "always",
	Fixes: []Fix{
		{Kind: FixMoveToDefaultClass, Title: "Move the handler into class Default", Safety: UnsafeFix},
	},
	Module: runPW102,
	Doc: `## What it does
Finds module-level handlers (` + "`on_fetch`, `on_scheduled`, `on_queue`, `test`, `@handler`" + `)
in a module that also defines ` + "`class Default(WorkerEntrypoint)`" + `.

## Why it breaks on Workers
A Worker has one default export. When the module defines a ` + "`Default`" + ` entrypoint
class, the class is the default export and the module-level handlers are
dropped without a word — code you expect to run on every request or cron
trigger never does. Runtimes before mid-2025 refused to start instead, with
"Cannot define multiple default entrypoints".

## Example
` + "```python" + `
class Default(WorkerEntrypoint):
    async def fetch(self, request):
        return Response("hello")

async def on_scheduled(controller, env, ctx):
    await cleanup(env)
` + "```" + `

## Use instead
` + "```python" + `
class Default(WorkerEntrypoint):
    async def fetch(self, request):
        return Response("hello")

    async def scheduled(self, controller, env, ctx):
        await cleanup(self.env)
` + "```" + `

## Which runtimes
All of them.

## Fix safety
Unsafe: the fix moves the handler into the class as a method, which changes
how it reaches ` + "`env`" + `.`,
}

func runPW102(p *ModulePass) {
	def := p.Module.DefaultEntrypoint()
	if def == nil {
		return
	}
	for _, f := range semantic.LegacyHandlers(p.Module, p.IsMain) {
		method := f.Name
		if h, ok := legacyMethod(f.Name); ok {
			method = h
		}
		p.ReportRange(f.NameStart, f.NameEnd,
			fmt.Sprintf("module-level %s is dropped: class Default(WorkerEntrypoint) is this Worker's default export; make it the method Default.%s", f.Name, method),
			FixMoveToDefaultClass.Data("method", method))
	}
}

// legacyMethod maps a legacy global handler to the Default method that
// replaces it ("on_fetch" → "fetch").
func legacyMethod(name string) (string, bool) {
	switch name {
	case "on_fetch", "on_scheduled", "on_queue", "on_alarm", "on_trace", "on_pubsub":
		return name[len("on_"):], true
	}
	return "", false
}
