package quickfix

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/pyworkers/pyworkers-lsp/internal/analysis/analysistest"
	"github.com/pyworkers/pyworkers-lsp/internal/analysis/diag"
)

// fixtureFiles lists every Python fixture of the rules and fixes.
func fixtureFiles(t *testing.T) []string {
	t.Helper()
	var files []string
	for _, dir := range []string{"../../testdata/rules", fixesDir} {
		err := filepath.WalkDir(dir, func(path string, d os.DirEntry, err error) error {
			if err == nil && !d.IsDir() && strings.HasSuffix(path, ".py") {
				abs, aerr := filepath.Abs(path)
				files = append(files, abs)
				return aerr
			}
			return err
		})
		if err != nil {
			t.Fatal(err)
		}
	}
	return files
}

// TestFixProperties checks, for every finding of every Python fixture
// under every profile it declares, that each of its fixes (suppressions
// included) applies, adds no syntax error and removes the finding; and
// that fix-all is deterministic and idempotent.
func TestFixProperties(t *testing.T) {
	fixed := 0
	for _, path := range fixtureFiles(t) {
		fx, err := analysistest.Load(path)
		if err != nil {
			t.Error(err)
			continue
		}
		name := filepath.Base(filepath.Dir(path)) + "/" + filepath.Base(path)
		for _, np := range fx.Profiles {
			analyze := func(text []byte) []diag.Diagnostic {
				return analysistest.Analyze(t, path, text, np).Diagnostics
			}
			doc := Document{Path: path, Text: fx.Text, Profile: np.Profile}
			fixed += checkFixProperties(t, name+" ["+np.Name+"]", doc, analyze)
		}
	}
	if fixed == 0 {
		t.Error("no fix was exercised")
	}
}

// TestConfigFixProperties does the same for the wrangler configs of the
// workspace fixtures and the config fix cases.
func TestConfigFixProperties(t *testing.T) {
	dirs, _ := filepath.Glob("../../testdata/workspaces/*")
	cases, _ := filepath.Glob(filepath.Join(fixesDir, "PW*", "*", "before"))
	fixed := 0
	for _, dir := range append(dirs, cases...) {
		if m, _ := filepath.Glob(filepath.Join(dir, "wrangler.*")); len(m) == 0 {
			continue
		}
		doc, analyze := configWorkspace(t, dir, "")
		fixed += checkFixProperties(t, dir, doc, analyze)
	}
	if fixed == 0 {
		t.Error("no config fix was exercised")
	}
}

// checkFixProperties checks the fixes of doc's findings and fix-all, and
// returns how many non-suppression fixes it applied.
func checkFixProperties(t *testing.T, name string, doc Document, analyze Analyze) int {
	t.Helper()
	fixed := 0
	errorsBefore := syntaxErrors(doc)
	diags := analyze(doc.Text)
	for _, d := range diags {
		for _, f := range Fixes(doc, d) {
			if !localEdits(doc, f) {
				continue
			}
			where := fmt.Sprintf("%s %s at %d %q", name, d.Code, d.Start, f.Title)
			out, err := Apply(doc.Text, f.Edits)
			if err != nil {
				t.Errorf("%s: %v", where, err)
				continue
			}
			if n := syntaxErrors(Document{Path: doc.Path, Text: out}); n > errorsBefore {
				t.Errorf("%s: adds a syntax error:\n%s", where, Diff(name, doc.Text, out))
				continue
			}
			if still(analyze(out), d, f.Edits) {
				t.Errorf("%s: finding remains after the fix:\n%s", where, Diff(name, doc.Text, out))
			}
			if !f.Suppression {
				fixed++
			}
		}
	}
	for _, unsafe := range []bool{false, true} {
		opts := FixAllOptions{Unsafe: unsafe}
		first := FixAll(doc, diags, analyze, opts)
		reversed := make([]diag.Diagnostic, len(diags))
		for i, d := range diags {
			reversed[len(diags)-1-i] = d
		}
		if again := FixAll(doc, reversed, analyze, opts); string(again.Text) != string(first.Text) {
			t.Errorf("%s unsafe=%v: fix-all depends on diagnostic order:\n%s", name, unsafe, Diff(name, first.Text, again.Text))
		}
		next := doc
		next.Text = first.Text
		second := FixAll(next, first.Diagnostics, analyze, opts)
		if second.Fixed != 0 || string(second.Text) != string(first.Text) {
			t.Errorf("%s unsafe=%v: fix-all is not idempotent:\n%s", name, unsafe, Diff(name, first.Text, second.Text))
		}
		if n := syntaxErrors(next); n > errorsBefore {
			t.Errorf("%s unsafe=%v: fix-all adds a syntax error", name, unsafe)
		}
	}
	return fixed
}

// still reports whether diags hold a finding of d's code at d's position
// mapped through edits.
func still(diags []diag.Diagnostic, d diag.Diagnostic, edits []Edit) bool {
	start, end := mapOffset(d.Start, edits, false), mapOffset(d.End, edits, true)
	for _, g := range diags {
		if g.Code == d.Code && g.Start >= start && g.Start <= max(start, end) {
			return true
		}
	}
	return false
}

// mapOffset maps an offset of the old text into the new one: an offset
// inside a replaced range goes to the start (or, for ends, the end) of
// the replacement.
func mapOffset(off int, edits []Edit, isEnd bool) int {
	delta := 0
	for _, e := range sortedEdits(edits) {
		switch {
		case e.End <= off && !(e.Start == e.End && e.Start == off && !isEnd):
			delta += len(e.NewText) - (e.End - e.Start)
		case e.Start < off || (e.Start == off && e.End > off):
			if isEnd {
				return e.Start + delta + len(e.NewText)
			}
			return e.Start + delta
		}
	}
	return off + delta
}

// TestFixesOnStaleText gives every fixable finding of the fixtures to
// Fixes against edited text, as an editor does when its diagnostics lag
// behind: fixers must not panic, and what they return must apply.
func TestFixesOnStaleText(t *testing.T) {
	for _, path := range fixtureFiles(t) {
		fx, err := analysistest.Load(path)
		if err != nil {
			t.Fatal(err)
		}
		np := fx.Profiles[0]
		for _, d := range analysistest.Analyze(t, path, fx.Text, np).Diagnostics {
			if d.Data["fix"] == "" {
				continue
			}
			for _, cut := range [][2]int{{d.Start, d.Start + 1}, {max(d.Start-4, 0), d.Start}, {0, min(d.End, len(fx.Text))}, {d.End, len(fx.Text)}} {
				text := append(append([]byte(nil), fx.Text[:cut[0]]...), fx.Text[cut[1]:]...)
				for _, f := range Fixes(Document{Path: path, Text: text, Profile: np.Profile}, d) {
					if _, err := Apply(text, f.Edits); err != nil && localEdits(Document{Path: path}, f) {
						t.Errorf("%s %s on stale text: %q does not apply: %v", filepath.Base(path), d.Code, f.Title, err)
					}
				}
			}
		}
	}
}
