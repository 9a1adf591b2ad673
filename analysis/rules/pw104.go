package rules

import (
	"fmt"
	"strings"

	"github.com/pyworkers/pyworkers-lsp/analysis/diag"
	"github.com/pyworkers/pyworkers-lsp/analysis/profile"
	"github.com/pyworkers/pyworkers-lsp/analysis/semantic"
	"github.com/pyworkers/pyworkers-lsp/analysis/syntax"
)

var pw104 = &Rule{
	Code:     "PW104",
	Name:     "handler-signature",
	Summary:  "entrypoint handler whose parameters do not match what the runtime passes",
	Severity: diag.Error,
	Runtimes: "always",
	Fix:      SafeFix,
	Unit:     runPW104,
	Doc: `## What it does
Checks the parameters of handler methods on ` + "`WorkerEntrypoint`" + `, ` + "`DurableObject`" + ` and
` + "`WorkflowEntrypoint`" + ` classes against the arguments the runtime passes.

## Why it breaks on Workers
The runtime calls ` + "`scheduled`, `queue` and `email`" + ` with three arguments —
` + "`(controller, env, ctx)`, `(batch, env, ctx)`, `(message, env, ctx)`" + ` — and a
method that cannot take all three raises TypeError on every cron run, batch
or message. ` + "`fetch`" + ` receives only the request (` + "`env` and `ctx`" + ` are
` + "`self.env` and `self.ctx`" + `), so ` + "`fetch(self, request, env)`" + ` raises TypeError on
every request. A Workflow's ` + "`run`" + ` is called with ` + "`(event, step)`" + `; Durable Object
WebSocket handlers with ` + "`(ws, message)`, `(ws, code, reason, was_clean)`" + ` and
` + "`(ws, error)`" + `.

## Example
` + "```python" + `
class Default(WorkerEntrypoint):
    async def fetch(self, request, env):
        ...

    async def scheduled(self, controller):
        ...
` + "```" + `

## Use instead
` + "```python" + `
class Default(WorkerEntrypoint):
    async def fetch(self, request):
        env = self.env
        ...

    async def scheduled(self, controller, env, ctx):
        ...
` + "```" + `

## Which runtimes
All of them. While legacy global handlers are on (compatibility dates
before 2025-08-14) the runtime calls ` + "`on_fetch`" + ` instead of ` + "`fetch`" + `; the check
follows the name the runtime actually calls.

## Fix safety
Safe: the fix rewrites the parameter list to the one the runtime calls.`,
}

func runPW104(p *Pass) {
	if p.Kind != syntax.Member || p.Class == nil || p.Class.Entrypoint == semantic.NotEntrypoint {
		return
	}
	def := p.Root
	if def.Type() != "function_definition" {
		return // decorated methods (staticmethod, wrappers) change the signature
	}
	legacy := !p.Profile.Has(profile.FlagNoGlobalHandlers)
	name := def.Field("name")
	h, ok := semantic.HandlerCalled(p.Class.Entrypoint, name.Text(), legacy)
	if !ok || h.Args == nil {
		return
	}
	sig := semantic.SignatureOf(def, 1)
	if sig.Accepts(len(h.Args), h.Relaxed) {
		return
	}
	passed := "(" + strings.Join(h.Args, ", ") + ")"
	var problem string
	switch {
	case len(sig.RequiredKeywordOnly) > 0:
		problem = fmt.Sprintf("keyword-only parameter %s is never passed", sig.RequiredKeywordOnly[0])
	case sig.Required > len(h.Args):
		problem = fmt.Sprintf("it requires %d arguments after self", sig.Required)
	default:
		problem = fmt.Sprintf("it accepts only %d after self", sig.Positional)
	}
	event := map[string]string{
		"fetch": "request", "connect": "connection", "scheduled": "cron run", "queue": "batch",
		"email": "message", "run": "workflow run", "webSocketMessage": "message",
		"webSocketClose": "close", "webSocketError": "error",
	}[h.Name]
	hint := ""
	if h.Name == "fetch" {
		hint = " (env and ctx are self.env and self.ctx)"
	}
	p.Report(def.Field("parameters"),
		fmt.Sprintf("the runtime calls %s.%s with %s but %s: every %s raises TypeError%s", p.Class.Name, name.Text(), passed, problem, event, hint),
		map[string]string{"fix": "signature", "params": strings.Join(append([]string{"self"}, h.Args...), ", ")})
}
