package rules

import (
	"fmt"

	"github.com/pyworkers/pyworkers-lsp/internal/analysis/diag"
	"github.com/pyworkers/pyworkers-lsp/internal/analysis/profile"
	"github.com/pyworkers/pyworkers-lsp/internal/analysis/semantic"
)

var pw101 = &Rule{
	Code:     "PW101",
	Name:     "global-handler-ignored",
	Summary:  "module-level `on_fetch`/`@handler` handler that the runtime ignores",
	Severity: diag.Error,
	Runtimes: "compatibility_date 2025-08-14 or newer (python_no_global_handlers), unless disabled",
	Fixes: []Fix{
		{Kind: FixConvertToDefaultClass, Title: "Convert the handler to a method of class Default(WorkerEntrypoint)", Safety: UnsafeFix},
	},
	Applies: func(p *profile.Profile) bool { return p.Has(profile.FlagNoGlobalHandlers) },
	Module:  runPW101,
}

// runPW101 reports each legacy handler. A module that also defines a
// Default entrypoint gets PW102 instead, which says more.
func runPW101(p *ModulePass) {
	if p.Module.DefaultEntrypoint() != nil {
		return
	}
	why := flagState(p.Profile, profile.FlagNoGlobalHandlers)
	for _, f := range semantic.LegacyHandlers(p.Module, p.IsMain) {
		target := "a method of class Default(WorkerEntrypoint)"
		data := FixConvertToDefaultClass.Data()
		if method, ok := legacyMethod(f.Name); ok {
			target = fmt.Sprintf("the method %s of class Default(WorkerEntrypoint)", method)
			data = FixConvertToDefaultClass.Data("method", method)
		}
		p.ReportRange(f.NameStart, f.NameEnd,
			fmt.Sprintf("%s: this module-level %s is never called; define it as %s", why, f.Name, target), data)
	}
}

// flagState says in the user's terms why flag is on or off under p:
// "compatibility_date 2025-11-02 turns on python_no_global_handlers".
func flagState(p *profile.Profile, flag string) string {
	info, _ := profile.LookupFlag(flag)
	byDate := info.Date != "" && p.CompatDate != "" && p.CompatDate >= info.Date
	switch {
	case p.Has(flag) && byDate:
		return fmt.Sprintf("compatibility_date %s turns on %s", p.CompatDate, flag)
	case p.Has(flag) && p.Default:
		return fmt.Sprintf("the default profile (no wrangler config) turns on %s", flag)
	case p.Has(flag):
		return fmt.Sprintf("compatibility flag %s is on", flag)
	case byDate && info.Opposite != "":
		return fmt.Sprintf("compatibility flag %s turns %s off", info.Opposite, flag)
	case info.Date != "" && p.CompatDate != "":
		return fmt.Sprintf("compatibility_date %s predates %s (%s)", p.CompatDate, flag, info.Date)
	}
	return fmt.Sprintf("%s is off", flag)
}
