package quickfix

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/pyworkers/pyworkers-lsp/internal/analysis/analysistest"
	"github.com/pyworkers/pyworkers-lsp/internal/analysis/diag"
	"github.com/pyworkers/pyworkers-lsp/internal/analysis/rules"
)

// TestEveryFixKindHasAFixer checks each kind a rule can declare has a
// fixer here.
func TestEveryFixKindHasAFixer(t *testing.T) {
	for _, k := range rules.FixKinds() {
		if k.String() == "" {
			t.Errorf("fix kind %d has no name", k)
		}
		if !implemented(k) {
			t.Errorf("fix kind %s has no fixer", k)
		}
	}
}

// TestDeclaredFixes checks the catalogue's fix declarations against what
// the fixtures offer: every fix offered (the code actions of a finding,
// which `check --fix` also applies) is declared by the finding's rule with
// the safety it is offered with; fix-all applies it exactly as that
// safety says; and every declared fix is offered by some fixture under
// testdata/rules or testdata/fixes.
func TestDeclaredFixes(t *testing.T) {
	declared := map[string]map[rules.FixKind]rules.Fix{}
	for _, r := range rules.All() {
		declared[r.Code] = map[rules.FixKind]rules.Fix{}
		for _, f := range r.Fixes {
			if f.Kind.String() == "" || f.Title == "" || f.Safety == rules.NoFix {
				t.Errorf("%s: incomplete fix declaration %+v", r.Code, f)
			}
			if _, dup := declared[r.Code][f.Kind]; dup {
				t.Errorf("%s declares %s twice", r.Code, f.Kind)
			}
			declared[r.Code][f.Kind] = f
		}
	}
	reached := map[string]map[rules.FixKind]bool{}
	check := func(where string, doc Document, diags []diag.Diagnostic) {
		p := newParsed(doc)
		for _, d := range diags {
			name := d.Data["fix"]
			decl, ok := rules.FixOf(d)
			if name != "" && !ok {
				t.Errorf("%s: %s offers fix %q its rule does not declare", where, d.Code, name)
				continue
			}
			for _, fx := range p.fixes(d) {
				if fx.Suppression {
					continue
				}
				if !ok || fx.Kind != decl.Kind || fx.Safety != decl.Safety {
					t.Errorf("%s: %s offers %q (%s, %s); declared: %+v", where, d.Code, fx.Title, fx.Kind, fx.Safety, decl)
					continue
				}
				if reached[d.Code] == nil {
					reached[d.Code] = map[rules.FixKind]bool{}
				}
				reached[d.Code][decl.Kind] = true
			}
			// Fix-all (`check --fix`) applies a fix exactly as its
			// declared safety says.
			safe := len(applicable(p, []diag.Diagnostic{d}, false)) > 0
			unsafe := len(applicable(p, []diag.Diagnostic{d}, true)) > 0
			if safe && decl.Safety != rules.SafeFix || unsafe && decl.Safety != rules.SafeFix && decl.Safety != rules.UnsafeFix {
				t.Errorf("%s: fix-all applies the %s fix of %s (declared %s)", where, decl.Kind, d.Code, decl.Safety)
			}
		}
	}
	for _, path := range pythonFixtures(t) {
		fx, err := analysistest.Load(path)
		if err != nil {
			t.Fatal(err)
		}
		for _, np := range fx.Profiles {
			res := analysistest.Analyze(t, path, fx.Text, np)
			check(path+" ["+np.Name+"]", Document{Path: path, Text: fx.Text, Profile: np.Profile}, res.Diagnostics)
		}
	}
	configs, _ := filepath.Glob(filepath.Join(fixesDir, "PW*", "*", "before"))
	for _, before := range configs {
		doc, analyze := configWorkspace(t, before, "")
		check(before, doc, analyze(doc.Text))
	}
	for code, fixes := range declared {
		for k := range fixes {
			if !reached[code][k] {
				t.Errorf("%s declares the fix %s but no fixture offers it", code, k)
			}
		}
	}
}

// pythonFixtures lists the rule fixtures and the before.py of the fix
// cases, as absolute paths.
func pythonFixtures(t *testing.T) []string {
	t.Helper()
	var out []string
	for _, root := range []string{"../../testdata/rules", fixesDir} {
		err := filepath.WalkDir(root, func(path string, d os.DirEntry, err error) error {
			if err != nil || d.IsDir() || !strings.HasSuffix(path, ".py") || (root == fixesDir && d.Name() != "before.py") {
				return err
			}
			abs, err := filepath.Abs(path)
			out = append(out, abs)
			return err
		})
		if err != nil {
			t.Fatal(err)
		}
	}
	if len(out) == 0 {
		t.Fatal("no fixtures")
	}
	return out
}
