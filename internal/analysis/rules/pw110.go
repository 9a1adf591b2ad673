package rules

import (
	"fmt"

	"github.com/pyworkers/pyworkers-lsp/internal/analysis/diag"
	"github.com/pyworkers/pyworkers-lsp/internal/analysis/profile"
	"github.com/pyworkers/pyworkers-lsp/internal/analysis/semantic"
	"github.com/pyworkers/pyworkers-lsp/internal/analysis/syntax"
)

var pw110 = &Rule{
	Code:     "PW110",
	Name:     "handler-never-called",
	Summary:  "handler the runtime never calls: JS-style module function, `on_` method name, misnamed entrypoint",
	Severity: diag.Error,
	Runtimes: "by compatibility date: handler names changed with python_no_global_handlers (2025-08-14)",
	Fixes: []Fix{
		{Kind: FixRename, Title: "Rename to the name the runtime looks up", Safety: SafeFix},
		{Kind: FixConvertToDefaultClass, Title: "Convert the handler to a method of class Default(WorkerEntrypoint)", Safety: SafeFix},
	},
	Unit:   runPW110Methods,
	Module: runPW110Module,
}

func runPW110Methods(p *Pass) {
	if p.Kind != syntax.Member || p.Class == nil {
		return
	}
	kind := p.Class.Entrypoint
	if kind != semantic.WorkerEntrypoint && kind != semantic.DurableObject {
		return
	}
	def := p.Root
	if def.Type() == syntax.TypeDecoratedDefinition {
		def = def.Field(syntax.FieldDefinition)
	}
	if def.Type() != syntax.TypeFunctionDefinition {
		return
	}
	legacy := !p.Profile.Has(profile.FlagNoGlobalHandlers)
	name := def.Field(syntax.FieldName)
	h, ok := semantic.HandlerMisnamed(kind, name.Text(), legacy)
	if !ok || p.Class.Name == "" {
		return
	}
	want := h.Method(legacy)
	var msg string
	if h.PrefixedWhenLegacy {
		msg = fmt.Sprintf("%s: the runtime calls %s.%s, so %s is never called", flagState(p.Profile, profile.FlagNoGlobalHandlers), p.Class.Name, want, name.Text())
		if legacy {
			msg += fmt.Sprintf(" (%s fail with \"Method %s does not exist\"); rename it, or move the compatibility date to 2025-08-14 or later", eventsOf(h.Name), want)
		}
	} else {
		msg = fmt.Sprintf("the runtime calls %s.%s, never %s", p.Class.Name, want, name.Text())
	}
	p.Report(name, msg, FixRename.Data("to", want))
}

// jsStyleHandlerFuncs lists module functions shaped like JavaScript
// handlers — fetch(request, env, …) — in a main module with no Python
// entrypoint at all: next to a Default class or a legacy on_fetch, such a
// function is a helper they call.
func jsStyleHandlerFuncs(m *semantic.Module) []*semantic.Function {
	if hasDefaultExport(m) || len(semantic.LegacyHandlers(m, true)) > 0 {
		return nil
	}
	var out []*semantic.Function
	for f := range m.HandlerCandidates {
		if semantic.IsJSHandlerName(f.Name) && len(f.Params) >= 2 && f.Params[1] == "env" {
			out = append(out, f)
		}
	}
	return out
}

// eventsOf names what a handler receives, for messages.
func eventsOf(handler string) string {
	switch handler {
	case "fetch":
		return "requests"
	case "alarm":
		return "alarms"
	case "connect":
		return "connections"
	}
	return "WebSocket events"
}

func runPW110Module(p *ModulePass) {
	if !p.IsMain {
		return
	}
	m := p.Module
	for _, f := range jsStyleHandlerFuncs(m) {
		p.ReportRange(f.NameStart, f.NameEnd,
			fmt.Sprintf("module-level %s(%s, env, …) is a JavaScript-style handler: Python Workers never call it; define %s as a method of class Default(WorkerEntrypoint)", f.Name, f.Params[0], f.Name),
			FixConvertToDefaultClass.Data())
	}
	if hasDefaultExport(m) {
		return
	}
	if len(semantic.LegacyHandlers(m, true)) > 0 && !p.Profile.Has(profile.FlagNoGlobalHandlers) {
		return // legacy handlers are the default export; other classes are named entrypoints
	}
	var only *semantic.Class
	for i := range m.Classes {
		if m.Classes[i].Entrypoint != semantic.WorkerEntrypoint {
			continue
		}
		if only != nil {
			return // several named entrypoints: which one is meant is unclear
		}
		only = &m.Classes[i]
	}
	if only == nil {
		return
	}
	p.ReportRange(only.NameStart, only.NameEnd,
		fmt.Sprintf("%s is the only WorkerEntrypoint in the main module, but the default export must be named exactly Default: requests fail with \"handler does not export fetch\"", only.Name),
		FixRename.Data("to", "Default"))
}
