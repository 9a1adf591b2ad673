package rules

import (
	"fmt"

	"github.com/pyworkers/pyworkers-lsp/internal/analysis/diag"
	"github.com/pyworkers/pyworkers-lsp/internal/analysis/semantic"
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
