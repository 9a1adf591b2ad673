package analysis

import (
	"strings"

	"github.com/pyworkers/pyworkers-lsp/internal/analysis/config"
	"github.com/pyworkers/pyworkers-lsp/internal/analysis/diag"
	"github.com/pyworkers/pyworkers-lsp/internal/analysis/profile"
	"github.com/pyworkers/pyworkers-lsp/internal/analysis/rules"
)

// ConfigResult is the outcome of checking a Worker's config files.
type ConfigResult struct {
	// Diagnostics maps a config file's absolute path to its findings,
	// sorted; files without findings are absent.
	Diagnostics map[string][]diag.Diagnostic
	// Errors holds analyzer panics (recovered).
	Errors []error
}

// CheckConfig runs every rule with a Config analyzer over the workspace
// (wrangler config, pyproject.toml, lock file) under profile p, the
// profile config.ResolveProfile computed for it. Options select rules and
// override severities as for Python files; a nil opts runs everything.
// Findings on values every environment shares are reported once.
func CheckConfig(ws *config.Workspace, p *profile.Profile, opts *Options) ConfigResult {
	if opts == nil {
		opts = &Options{}
	}
	res := ConfigResult{Diagnostics: map[string][]diag.Diagnostic{}}
	if ws == nil {
		return res
	}
	type key struct {
		path, code, message string
		start, end          int
	}
	seen := map[key]bool{}
	for _, r := range rules.All() {
		if r.Config == nil || !r.AppliesTo(p) || !opts.enabled(r.Code) {
			continue
		}
		pass := &rules.ConfigPass{Rule: r, Profile: p, Workspace: ws, Report: func(path string, d diag.Diagnostic) {
			k := key{path, d.Code, d.Message, d.Start, d.End}
			if !seen[k] {
				seen[k] = true
				res.Diagnostics[path] = append(res.Diagnostics[path], d)
			}
		}}
		if err := safely(r.Code, func() { r.Config(pass) }); err != nil {
			res.Errors = append(res.Errors, err)
		}
	}
	for path, ds := range res.Diagnostics {
		ds = opts.filter(path, ds)
		if len(ds) == 0 {
			delete(res.Diagnostics, path)
			continue
		}
		diag.Sort(ds)
		res.Diagnostics[path] = ds
	}
	return res
}

// OptionsFromSettings turns [tool.pyworkers-lsp] into analysis options;
// per-file-ignores globs are relative to root (the pyproject's directory).
// Invalid values are skipped here and reported by PW505.
func OptionsFromSettings(s *config.Settings, root string) *Options {
	o := &Options{Root: root}
	if s == nil {
		return o
	}
	values := func(list []config.StringValue) []string {
		out := make([]string, 0, len(list))
		for _, v := range list {
			out = append(out, strings.ToUpper(v.Value))
		}
		return out
	}
	o.Select, o.Ignore = values(s.Select), values(s.Ignore)
	for _, v := range s.Exclude {
		o.Exclude = append(o.Exclude, v.Value)
	}
	for code, level := range s.Severity {
		if sev, err := diag.ParseSeverity(level.Value); err == nil {
			if o.Severity == nil {
				o.Severity = map[string]diag.Severity{}
			}
			o.Severity[code] = sev
		}
	}
	for glob, codes := range s.PerFileIgnores {
		if o.PerFileIgnores == nil {
			o.PerFileIgnores = map[string][]string{}
		}
		o.PerFileIgnores[glob] = values(codes)
	}
	if s.DocsURL != nil {
		o.DocsURL = s.DocsURL.Value
	}
	return o
}
