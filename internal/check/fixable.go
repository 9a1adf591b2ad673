package check

import (
	"path/filepath"

	"github.com/pyworkers/pyworkers-lsp/internal/analysis/diag"
	"github.com/pyworkers/pyworkers-lsp/internal/analysis/profile"
	"github.com/pyworkers/pyworkers-lsp/internal/analysis/rules"
	"github.com/pyworkers/pyworkers-lsp/internal/quickfix"
)

// maxFixEdits bounds the findings of one file whose fix edits the JSON
// output computes: a fixer reads the module around its finding, so a file
// with thousands of findings (one generated line holding 8,000 imports)
// would cost time quadratic in them. Beyond it, `fix` is null.
const maxFixEdits = 200

// fixSafety is how `check --fix` treats a finding, from what the analysis
// recorded (the fix kind in its data, as its rule declares it),
// without running the fixer: cheap enough for every finding of a large
// report (the text marker, the hint and --statistics).
func fixSafety(d diag.Diagnostic) rules.FixSafety {
	if f, ok := rules.FixOf(d); ok {
		return f.Safety
	}
	return rules.NoFix
}

// fixable reports whether --fix (or, with unsafe, --fix --unsafe-fixes)
// fixes d.
func fixable(d diag.Diagnostic, unsafe bool) bool {
	s := fixSafety(d)
	return s == rules.SafeFix || unsafe && s == rules.UnsafeFix
}

// fixesOf returns, per finding of f, the fix `check --fix` would apply
// for it (nil when none): the preferred fix, never a suppression, editing
// f only — the same choice quickfix.FixAll makes. Unsafe fixes are
// returned too; callers decide with their applicability. Files with more
// than maxFixEdits findings get none.
func fixesOf(f *File) []*quickfix.Fix {
	out := make([]*quickfix.Fix, len(f.Diagnostics))
	if f.Text == nil || len(f.Diagnostics) == 0 || len(f.Diagnostics) > maxFixEdits {
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
	all := quickfix.FixesOf(quickfix.Document{Path: abs, Text: f.Text, Profile: prof, Lines: f.Lines}, f.Diagnostics)
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

// fixCounts counts the findings of rep that `--fix` would fix, and those
// that only `--unsafe-fixes` would (hidden unless unsafe is set).
func fixCounts(rep *Report, unsafe bool) (n, hidden int) {
	for _, f := range rep.Files {
		for _, d := range f.Diagnostics {
			switch {
			case fixable(d, unsafe):
				n++
			case fixSafety(d) == rules.UnsafeFix:
				hidden++
			}
		}
	}
	return n, hidden
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
