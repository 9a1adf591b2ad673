package check

import (
	"path/filepath"

	"github.com/pyworkers/pyworkers-lsp/analysis/profile"
	"github.com/pyworkers/pyworkers-lsp/analysis/rules"
	"github.com/pyworkers/pyworkers-lsp/quickfix"
)

// fixesOf returns, per finding of f, the fix `check --fix` would apply
// for it (nil when none): the preferred fix, never a suppression, editing
// f only — the same choice quickfix.FixAll makes. Unsafe fixes are
// returned too; callers decide with their applicability.
func fixesOf(f *File) []*quickfix.Fix {
	out := make([]*quickfix.Fix, len(f.Diagnostics))
	if f.Text == nil || len(f.Diagnostics) == 0 {
		return out
	}
	abs, err := filepath.Abs(f.Path)
	if err != nil {
		return out
	}
	var prof *profile.Profile
	if f.project != nil {
		prof = f.project.Profile
	}
	all := quickfix.FixesOf(quickfix.Document{Path: abs, Text: f.Text, Profile: prof}, f.Diagnostics)
	for i, fixes := range all {
		for j := range fixes {
			fx := &fixes[j]
			if fx.Suppression || !fx.Preferred || fx.Safety == rules.NoFix || !localTo(abs, fx) {
				continue
			}
			out[i] = fx
			break
		}
	}
	return out
}

func localTo(path string, f *quickfix.Fix) bool {
	for _, e := range f.Edits {
		if e.Path != "" && e.Path != path {
			return false
		}
	}
	return true
}

// applies reports whether fix runs under `--fix` (safe) or, with unsafe,
// `--fix --unsafe-fixes`.
func applies(fix *quickfix.Fix, unsafe bool) bool {
	return fix != nil && (fix.Safety == rules.SafeFix || unsafe && fix.Safety == rules.UnsafeFix)
}

// fixCounts counts the findings of rep that `--fix` would fix, and those
// that only `--unsafe-fixes` would (hidden unless unsafe is set).
func fixCounts(rep *Report, fixes map[*File][]*quickfix.Fix, unsafe bool) (fixable, hidden int) {
	for _, f := range rep.Files {
		for _, fx := range fixes[f] {
			switch {
			case applies(fx, unsafe):
				fixable++
			case fx != nil && fx.Safety == rules.UnsafeFix:
				hidden++
			}
		}
	}
	return fixable, hidden
}

// allFixes computes fixesOf for every file with findings.
func allFixes(rep *Report) map[*File][]*quickfix.Fix {
	out := map[*File][]*quickfix.Fix{}
	for _, f := range rep.Files {
		if len(f.Diagnostics) > 0 {
			out[f] = fixesOf(f)
		}
	}
	return out
}
