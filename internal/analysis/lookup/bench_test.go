package lookup

import (
	"bytes"
	"fmt"
	"testing"

	"github.com/pyworkers/pyworkers-lsp/internal/analysis/analysistest"
	"github.com/pyworkers/pyworkers-lsp/internal/analysis/profile"
	"github.com/pyworkers/pyworkers-lsp/internal/analysis/source"
)

// topLevelModule is n lines of top-level functions: the shape where a
// summary built without a cache flattens the most.
func topLevelModule(n int) []byte {
	var b bytes.Buffer
	b.WriteString("from pyodide.ffi import to_js\nimport js\n\n")
	for i := 0; bytes.Count(b.Bytes(), []byte("\n")) < n; i++ {
		fmt.Fprintf(&b, "def handler_%d(env, key):\n    data = {\"id\": %d}\n    value = to_js(data, dict_converter=js.Object.fromEntries)\n    return env.KV.put(key, value)\n\n", i, i)
	}
	return b.Bytes()
}

// BenchmarkAt measures one lookup (what hover does) on large modules:
// unit search, flattening one unit, the summary from cached
// contributions, and resolution.
func BenchmarkAt(b *testing.B) {
	modules := map[string][]byte{
		"worker-5000":    analysistest.GenerateWorker(5000),
		"worker-20000":   analysistest.GenerateWorker(20000),
		"toplevel-5000":  topLevelModule(5000),
		"toplevel-20000": topLevelModule(20000),
	}
	for _, name := range []string{"worker-5000", "worker-20000", "toplevel-5000", "toplevel-20000"} {
		text := modules[name]
		doc := source.Open("file:///bench.py", 1, text, true)
		// The last to_js call of the file: the farthest unit.
		at := bytes.LastIndex(text, []byte("to_js(")) + 2
		for _, warm := range []bool{true, false} {
			b.Run(fmt.Sprintf("%s/warm=%v", name, warm), func(b *testing.B) {
				sums := &Summaries{}
				NewFile(doc.Tree(), text, profile.Default(), sums)
				b.ResetTimer()
				for i := 0; i < b.N; i++ {
					s := sums
					if !warm {
						s = &Summaries{}
					}
					f := NewFile(doc.Tree(), text, profile.Default(), s)
					if t := At(f, at); t.Key != "pyodide.ffi.to_js" {
						b.Fatalf("At = %+v", t)
					}
				}
			})
		}
		doc.Close()
	}
}

// BenchmarkToJSHints measures inlay hints over a whole generated module
// (some clients ask for the whole document, not the visible range).
func BenchmarkToJSHints(b *testing.B) {
	for _, lines := range []int{5000, 20000} {
		b.Run(fmt.Sprintf("lines=%d", lines), func(b *testing.B) {
			text := analysistest.GenerateWorker(lines)
			doc := source.Open("file:///bench.py", 1, text, true)
			defer doc.Close()
			sums := &Summaries{}
			for i := 0; i < b.N; i++ {
				f := NewFile(doc.Tree(), text, profile.Default(), sums)
				if len(ToJSHints(f, 0, len(text))) == 0 {
					b.Fatal("no hints")
				}
			}
		})
	}
}
