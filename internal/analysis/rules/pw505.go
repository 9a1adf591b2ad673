package rules

import (
	"fmt"
	"path/filepath"
	"regexp"
	"time"

	"github.com/pyworkers/pyworkers-lsp/internal/analysis/config"
	"github.com/pyworkers/pyworkers-lsp/internal/analysis/diag"
	"github.com/pyworkers/pyworkers-lsp/internal/analysis/profile"
)

var pw505 = &Rule{
	Code:     "PW505",
	Name:     "invalid-config",
	Summary:  "config that wrangler or pyworkers-lsp cannot use: missing `main`, unknown flag, bad date, syntax error, unknown setting",
	Severity: diag.Error,
	Runtimes: "always (config diagnostic)",
	Fixes: []Fix{
		{Kind: FixReplaceFlag, Title: "Change to the flag it resembles", Safety: UnsafeFix},
	},
	Config: runPW505,
}

func runPW505(p *ConfigPass) {
	ws := p.Workspace
	if ws == nil {
		return
	}
	for _, f := range syntaxErrors(ws) {
		p.reportSpan(f.path, f.err.Span, f.err.Message, nil)
	}
	if ws.Pyproject != nil && ws.Pyproject.Settings != nil {
		checkSettings(p, ws.Pyproject)
	}
	for _, w := range configWorkers(p) {
		checkWorker(p, w)
	}
	checkWorkerdConfigs(p)
}

type fileError struct {
	path string
	err  *config.ParseError
}

func syntaxErrors(ws *config.Workspace) []fileError {
	var out []fileError
	if ws.Wrangler != nil && ws.Wrangler.Err != nil {
		out = append(out, fileError{ws.Wrangler.Path, ws.Wrangler.Err})
	}
	if ws.Pyproject != nil && ws.Pyproject.File.Err != nil {
		out = append(out, fileError{ws.Pyproject.File.Path, ws.Pyproject.File.Err})
	}
	if ws.Lock != nil && ws.Lock.Err != nil {
		out = append(out, fileError{ws.Lock.Path, ws.Lock.Err})
	}
	return out
}

func checkWorker(p *ConfigPass, w *config.Worker) {
	path := p.Workspace.Wrangler.Path
	for _, pr := range w.Problems {
		if !pr.Span.IsZero() { // an unknown environment is a note, not a finding
			p.reportSpan(path, pr.Span, pr.Message, nil)
		}
	}
	// Template placeholders (`<COMPATIBILITY_DATE>`, `%COMPAT_DATE`) are
	// filled in before the config is used: not errors (PW002 notes the
	// profile assumed).
	if w.Main != nil && !config.IsPlaceholder(w.Main.Value) {
		main := filepath.Join(filepath.Dir(path), filepath.FromSlash(w.Main.Value))
		if !p.Workspace.Exists(main) {
			p.reportSpan(path, w.Main.Span, fmt.Sprintf("main %q does not exist (no such file relative to %s's folder)", w.Main.Value, filepath.Base(path)), nil)
		}
	}
	if d := w.CompatDate; d != nil && !config.IsPlaceholder(d.Value) {
		if _, err := time.Parse("2006-01-02", d.Value); err != nil {
			p.reportSpan(path, d.Span, fmt.Sprintf("compatibility_date %q is not a YYYY-MM-DD date; the runtime cannot be chosen (assuming the newest)", d.Value), nil)
		}
	}
	for _, f := range w.CompatFlags {
		if profile.IsKnownFlag(f.Value) || config.IsPlaceholder(f.Value) {
			continue
		}
		msg := fmt.Sprintf("unknown compatibility flag %q", f.Value)
		data := map[string]string{}
		if sug, ok := profile.SuggestFlag(f.Value); ok {
			msg += fmt.Sprintf("; did you mean %q?", sug)
			data = FixReplaceFlag.Data("flag", sug)
		}
		p.reportWithSeverity(path, f.Span, diag.Warning, msg, envData(w, data))
	}
}

// checkSettings reports unknown keys and invalid values of
// [tool.pyworkers-lsp].
func checkSettings(p *ConfigPass, pp *config.Pyproject) {
	s := pp.Settings
	path := pp.File.Path
	for _, pr := range s.Problems {
		p.reportWithSeverity(path, pr.Span, diag.Warning, pr.Message, nil)
	}
	for code, level := range s.Severity {
		if _, err := diag.ParseSeverity(level.Value); err != nil {
			p.reportWithSeverity(path, level.Span, diag.Warning, fmt.Sprintf("severity of %s: %v", code, err), nil)
		}
	}
	if s.Runtime != nil {
		if _, err := profile.ParseRuntime(s.Runtime.Value); err != nil {
			p.reportWithSeverity(path, s.Runtime.Span, diag.Warning, err.Error(), nil)
		}
	}
	for _, list := range [][]config.StringValue{s.Select, s.Ignore} {
		for _, c := range list {
			if !codePrefix.MatchString(c.Value) {
				p.reportWithSeverity(path, c.Span, diag.Warning, fmt.Sprintf("%q is not a rule code or prefix (PW followed by up to three digits)", c.Value), nil)
			}
		}
	}
}

// codePrefix matches a rule code or code prefix as select/ignore take
// them ("PW", "PW2", "PW201"). The catalogue itself cannot be consulted
// here: the registry refers to this rule.
var codePrefix = regexp.MustCompile(`^(?i:PW)[0-9]{0,3}$`)
