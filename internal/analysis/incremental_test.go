package analysis_test

import (
	"fmt"
	"math/rand"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/pyworkers/pyworkers-lsp/internal/analysis"
	"github.com/pyworkers/pyworkers-lsp/internal/analysis/analysistest"
	"github.com/pyworkers/pyworkers-lsp/internal/analysis/diag"
	"github.com/pyworkers/pyworkers-lsp/internal/analysis/profile"
	"github.com/pyworkers/pyworkers-lsp/internal/analysis/source"
)

// editFragments are inserted at random places: they change units, add
// and remove imports and classes, and break the syntax.
var editFragments = []string{"", "x", "\n", " ", "(", ")", ":", "#", "'", "\"\"\"",
	"\nfrom pyodide.ffi import to_py\n", "to_py(y)", "\nimport random\nr = random.random()\n",
	"\nclass Default(WorkerEntrypoint):\n    async def fetch(self, request):\n        return to_js({})\n",
	"    def on_fetch(self):\n        pass\n", "# pyworkers: ignore[PW201]", "env.DB.bind(None)", "\ndef on_fetch(request, env):\n    pass\n",
	"    return None\n", "\ndef lookup(rows):\n    return rows.get(\"k\")\n", "        if title is None:\n            return\n"}

// corpus returns the texts the incremental test starts from: every rule
// fixture plus a generated module.
func corpus(t *testing.T) map[string][]byte {
	out := map[string][]byte{"generated.py": analysistest.GenerateWorker(300)}
	files, _ := filepath.Glob("../../testdata/rules/*/*.py")
	for _, f := range files {
		text, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		out[f] = text
	}
	return out
}

func profiles() map[string]*profile.Profile {
	old, _ := profile.Resolve(profile.Input{CompatDate: "2025-06-01", ConfigFile: "wrangler.toml"})
	mid, _ := profile.Resolve(profile.Input{CompatDate: "2025-11-01", ConfigFile: "wrangler.toml"})
	return map[string]*profile.Profile{"0.26": old, "0.28": mid, "default": profile.Default()}
}

// TestIncrementalEqualsFresh edits documents at random and checks, after
// every edit, that the cached incremental analysis equals a fresh one.
func TestIncrementalEqualsFresh(t *testing.T) {
	steps := 25
	if testing.Short() {
		steps = 8
	}
	for name, text := range corpus(t) {
		for pname, prof := range profiles() {
			r := rand.New(rand.NewSource(int64(len(name)*31 + len(pname))))
			doc := source.Open("file:///"+name, 1, text, true)
			cache := analysis.NewCache()
			for step := 0; step < steps; step++ {
				cur := doc.Text()
				start := r.Intn(len(cur) + 1)
				end := start
				if r.Intn(3) == 0 {
					end = min(len(cur), start+r.Intn(40))
				}
				doc.Edit(start, end, []byte(editFragments[r.Intn(len(editFragments))]))
				inc := analyze(doc, prof, cache)
				fresh := analyze(doc, prof, nil)
				if !reflect.DeepEqual(normalize(inc.Diagnostics), normalize(fresh.Diagnostics)) {
					t.Fatalf("%s [%s] step %d: incremental != fresh\ntext:\n%s\nincremental: %v\nfresh:       %v", name, pname, step, doc.Text(), inc.Diagnostics, fresh.Diagnostics)
				}
				reparsed := source.Open("file:///"+name, 1, doc.Text(), true)
				want := analyze(reparsed, prof, nil)
				reparsed.Close()
				if !reflect.DeepEqual(normalize(inc.Diagnostics), normalize(want.Diagnostics)) {
					t.Errorf("%s [%s] step %d: incremental != fresh parse\nincremental: %v\nfresh:       %v", name, pname, step, inc.Diagnostics, want.Diagnostics)
				}
			}
			doc.Close()
		}
	}
}

// openAnalysed opens text as a document, closed when the test ends, and
// analyses it once under p into a new cache.
func openAnalysed(t *testing.T, text []byte, p *profile.Profile) (*source.Document, *analysis.Cache, analysis.Result) {
	doc := source.Open("file:///w.py", 1, text, true)
	t.Cleanup(doc.Close)
	cache := analysis.NewCache()
	return doc, cache, analyze(doc, p, cache)
}

func analyze(doc *source.Document, p *profile.Profile, cache *analysis.Cache) analysis.Result {
	snap := doc.Snapshot()
	defer snap.Close()
	return analysis.Analyze(analysis.Input{Snapshot: snap, Profile: p, Path: "/w/src/entry.py"}, cache)
}

func normalize(ds []diag.Diagnostic) []string {
	out := []string{}
	for _, d := range ds {
		out = append(out, fmt.Sprintf("%d-%d %s %v %s %v %v %v", d.Start, d.End, d.Code, d.Severity, d.Message, d.Tags, d.Data, d.Related))
	}
	return out
}

// TestEditReanalysesOnlyTheChangedUnit shows the cache at work: an edit
// inside one method re-analyses that method alone.
func TestEditReanalysesOnlyTheChangedUnit(t *testing.T) {
	text := analysistest.GenerateWorker(2000)
	doc, cache, first := openAnalysed(t, text, profile.Default())
	if first.Analyzed != first.Units || first.Units < 100 {
		t.Fatalf("first analysis: %d of %d units", first.Analyzed, first.Units)
	}
	at := strings.Index(string(text), "return Response(cached)")
	doc.Edit(at, at, []byte("x"))
	second := analyze(doc, profile.Default(), cache)
	if second.Analyzed != 1 {
		t.Fatalf("after a one-character edit in a method, %d of %d units were re-analysed, want 1", second.Analyzed, second.Units)
	}
	if len(second.Diagnostics) != len(first.Diagnostics) {
		t.Fatalf("findings changed: %d → %d", len(first.Diagnostics), len(second.Diagnostics))
	}
}

// BenchmarkAnalysis reports a full analysis and an incremental one of a
// 5,000-line module beside the parse time.
func BenchmarkAnalysis(b *testing.B) {
	text := analysistest.GenerateWorker(5000)
	b.Run("parse", func(b *testing.B) {
		for i := 0; i < b.N; i++ {
			doc := source.Open("file:///w.py", 1, text, true)
			doc.Close()
		}
	})
	doc := source.Open("file:///w.py", 1, text, true)
	defer doc.Close()
	b.Run("full-analysis", func(b *testing.B) {
		for i := 0; i < b.N; i++ {
			analyze(doc, profile.Default(), nil)
		}
	})
	b.Run("incremental-edit+reparse+analysis", func(b *testing.B) {
		cache := analysis.NewCache()
		analyze(doc, profile.Default(), cache)
		at := strings.Index(string(doc.Text()), "return Response(cached)")
		b.ResetTimer()
		for i := 0; i < b.N; i++ {
			doc.Edit(at, at, []byte("x")) // typed forward: no text repeats, as in typing
			analyze(doc, profile.Default(), cache)
		}
	})
}
