package quickfix

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/pyworkers/pyworkers-lsp/internal/analysis/config"
	"github.com/pyworkers/pyworkers-lsp/internal/analysis/diag"
)

// configWorkspace loads the Worker config around dir/src/entry.py and
// returns its wrangler document and an analyzer that re-checks the
// workspace with new wrangler text (keeping findings of code, or all
// when code is "").
func configWorkspace(t *testing.T, dir, code string) (Document, Analyze) {
	t.Helper()
	dir, err := filepath.Abs(dir)
	if err != nil {
		t.Fatal(err)
	}
	ws, err := config.Load(filepath.Join(dir, "src", "entry.py"), dir)
	if err != nil {
		t.Fatal(err)
	}
	if ws.Wrangler == nil {
		t.Fatalf("%s: no wrangler config", dir)
	}
	f := ws.Wrangler
	all := ConfigAnalyzer(ws, nil, "")
	analyze := func(text []byte) []diag.Diagnostic {
		var out []diag.Diagnostic
		for _, d := range all(text) {
			if code == "" || d.Code == code {
				out = append(out, d)
			}
		}
		return out
	}
	return Document{Path: f.Path, Text: f.Text}, analyze
}

// TestGoldenConfig applies the fixes of a config rule to
// testdata/fixes/<CODE>/<case>/before/wrangler.* and compares with the
// same file under after/.
func TestGoldenConfig(t *testing.T) {
	cases, _ := filepath.Glob(filepath.Join(fixesDir, "PW*", "*", "before"))
	if len(cases) == 0 {
		t.Fatal("no config cases")
	}
	for _, before := range cases {
		rel, _ := filepath.Rel(fixesDir, filepath.Dir(before))
		code := strings.Split(filepath.ToSlash(rel), "/")[0]
		t.Run(filepath.ToSlash(rel), func(t *testing.T) {
			doc, analyze := configWorkspace(t, before, code)
			diags := analyze(doc.Text)
			if len(diags) == 0 {
				t.Fatalf("no %s finding", code)
			}
			res := FixAll(doc, diags, analyze, FixAllOptions{Unsafe: true})
			afterPath := filepath.Join(filepath.Dir(before), "after", filepath.Base(doc.Path))
			if *update {
				if err := os.WriteFile(afterPath, res.Text, 0o644); err != nil {
					t.Fatal(err)
				}
				return
			}
			want, err := os.ReadFile(afterPath)
			if err != nil {
				t.Fatal(err)
			}
			if string(res.Text) != string(want) {
				t.Errorf("fixed config differs from after/:\n%s", Diff(filepath.Base(doc.Path), want, res.Text))
			}
			if len(res.Diagnostics) != 0 {
				t.Errorf("findings left: %+v", res.Diagnostics)
			}
		})
	}
}
