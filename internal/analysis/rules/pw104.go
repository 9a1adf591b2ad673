package rules

import (
	"fmt"
	"strings"

	"github.com/pyworkers/pyworkers-lsp/internal/analysis/diag"
	"github.com/pyworkers/pyworkers-lsp/internal/analysis/profile"
	"github.com/pyworkers/pyworkers-lsp/internal/analysis/semantic"
	"github.com/pyworkers/pyworkers-lsp/internal/analysis/syntax"
)

var pw104 = &Rule{
	Code:     "PW104",
	Name:     "handler-signature",
	Summary:  "entrypoint handler whose parameters do not match what the runtime passes",
	Severity: diag.Error,
	Runtimes: "always",
	Fixes: []Fix{
		{Kind: FixSignature, Title: "Change the handler's parameters to the ones the runtime passes", Safety: SafeFix},
	},
	Unit: runPW104,
}

func runPW104(p *Pass) {
	if p.Kind != syntax.Member || p.Class == nil || p.Class.Entrypoint == semantic.NotEntrypoint {
		return
	}
	def := p.Root
	if def.Type() != syntax.TypeFunctionDefinition {
		return // decorated methods (staticmethod, wrappers) change the signature
	}
	legacy := !p.Profile.Has(profile.FlagNoGlobalHandlers)
	name := def.Field(syntax.FieldName)
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
	if h.Relaxed && len(sig.RequiredKeywordOnly) == 0 && sig.Required <= 3 {
		// workerd passes (event, undefined, undefined) to an entrypoint
		// class's fetch/connect and calls it relaxed: no TypeError, but the
		// extra parameters are None.
		p.Report(def.Field(syntax.FieldParameters),
			fmt.Sprintf("the runtime calls %s.%s with %s, env undefined and ctx undefined (an entrypoint class gets them as self.env and self.ctx): the parameters after %s are always None here; use self.env and self.ctx", p.Class.Name, name.Text(), passed, h.Args[len(h.Args)-1]),
			FixSignature.Data("params", strings.Join(append([]string{"self"}, h.Args...), ", ")))
		return
	}
	p.Report(def.Field(syntax.FieldParameters),
		fmt.Sprintf("the runtime calls %s.%s with %s but %s: every %s raises TypeError%s", p.Class.Name, name.Text(), passed, problem, event, hint),
		FixSignature.Data("params", strings.Join(append([]string{"self"}, h.Args...), ", ")))
}
