package quickfix

import (
	"flag"
	"github.com/pyworkers/pyworkers-lsp/internal/analysis/source"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/pyworkers/pyworkers-lsp/internal/analysis/analysistest"
	"github.com/pyworkers/pyworkers-lsp/internal/analysis/diag"
)

var update = flag.Bool("update", false, "rewrite the after files of testdata/fixes")

const fixesDir = "../../testdata/fixes"

// goldenCases lists the directories under testdata/fixes holding a
// before.py; the first path element is the rule code whose fixes apply.
func goldenCases(t *testing.T) []string {
	t.Helper()
	var dirs []string
	err := filepath.WalkDir(fixesDir, func(path string, d os.DirEntry, err error) error {
		if err == nil && !d.IsDir() && d.Name() == "before.py" {
			dirs = append(dirs, filepath.Dir(path))
		}
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	if len(dirs) == 0 {
		t.Fatalf("no cases under %s", fixesDir)
	}
	return dirs
}

// TestGolden applies every fix of the case's rule (safe and unsafe) with
// FixAll under each profile of before.py and compares with after.py.
func TestGolden(t *testing.T) {
	for _, dir := range goldenCases(t) {
		rel, _ := filepath.Rel(fixesDir, dir)
		code := strings.Split(filepath.ToSlash(rel), "/")[0]
		t.Run(filepath.ToSlash(rel), func(t *testing.T) {
			before, err := filepath.Abs(filepath.Join(dir, "before.py"))
			if err != nil {
				t.Fatal(err)
			}
			fx, err := analysistest.Load(before)
			if err != nil {
				t.Fatal(err)
			}
			afterPath := filepath.Join(dir, "after.py")
			want, err := os.ReadFile(afterPath)
			if err != nil && !*update {
				t.Fatal(err)
			}
			for _, np := range fx.Profiles {
				analyze := func(text []byte) []diag.Diagnostic {
					var out []diag.Diagnostic
					for _, d := range analysistest.Analyze(t, before, text, np).Diagnostics {
						if d.Code == code {
							out = append(out, d)
						}
					}
					return out
				}
				diags := analyze(fx.Text)
				if len(diags) == 0 {
					t.Fatalf("[%s] before.py has no %s finding", np.Name, code)
				}
				doc := Document{Path: before, Text: fx.Text, Profile: np.Profile}
				res := FixAll(doc, diags, analyze, FixAllOptions{Unsafe: true})
				// The server and check pass the first text's line index:
				// every later pass must index its own text.
				doc.Lines = source.NewLines(fx.Text)
				if withLines := FixAll(doc, diags, analyze, FixAllOptions{Unsafe: true}); string(withLines.Text) != string(res.Text) {
					t.Errorf("[%s] fixed text differs when the line index is given:\n%s", np.Name, Diff("after.py", res.Text, withLines.Text))
				}
				if *update {
					if err := os.WriteFile(afterPath, res.Text, 0o644); err != nil {
						t.Fatal(err)
					}
					want = res.Text
					continue
				}
				if string(res.Text) != string(want) {
					t.Errorf("[%s] fixed text differs from after.py:\n%s", np.Name, Diff("after.py", want, res.Text))
				}
				if res.Fixed == 0 {
					t.Errorf("[%s] no fix applied", np.Name)
				}
			}
		})
	}
}
