package stages

import (
	"fmt"
	"testing"

	"github.com/pyworkers/pyworkers-lsp/internal/analysis"
	"github.com/pyworkers/pyworkers-lsp/internal/analysis/profile"
	"github.com/pyworkers/pyworkers-lsp/internal/analysis/source"
	"github.com/pyworkers/pyworkers-lsp/internal/server"
	"github.com/pyworkers/pyworkers-lsp/internal/workergen"
)

func TestMeasure(t *testing.T) {
	res, err := Measure(workergen.Module(600), 6)
	if err != nil {
		t.Fatal(err)
	}
	if res.Edit <= 0 || res.EditCold <= 0 || res.Analyze <= 0 || res.Encode <= 0 {
		t.Errorf("a stage took no time: %+v", res)
	}
	// One edit inside one method re-analyses that method only.
	if res.UnitsAnalyzed != 1 || res.Units < 20 || res.Diagnostics == 0 {
		t.Errorf("last analysis: %d of %d units, %d findings", res.UnitsAnalyzed, res.Units, res.Diagnostics)
	}
}

// BenchmarkStages times each stage separately (for pprof: pick one with
// -bench 'Stages/analyze/lines=20000' -cpuprofile).
func BenchmarkStages(b *testing.B) {
	for _, lines := range []int{5000, 20000} {
		text := workergen.Module(lines)
		at := EditPoint(text)
		b.Run(fmt.Sprintf("edit/lines=%d", lines), func(b *testing.B) {
			doc := source.Open("file:///w.py", 1, text, true)
			defer doc.Close()
			b.ResetTimer()
			for i := 0; i < b.N; i++ {
				Type(doc, at)
			}
		})
		// The server's reparse runs after the client and the analysis have
		// used the caches: a 20,000-line tree is about 47 MB of C memory,
		// so the part a reparse walks is mostly evicted by then. This
		// stage touches 64 MB between edits to show that cost.
		b.Run(fmt.Sprintf("edit-cold-cache/lines=%d", lines), func(b *testing.B) {
			doc := source.Open("file:///w.py", 1, text, true)
			defer doc.Close()
			ev := NewEvictor()
			b.ResetTimer()
			for i := 0; i < b.N; i++ {
				b.StopTimer()
				ev.Evict()
				b.StartTimer()
				Type(doc, at)
			}
		})
		b.Run(fmt.Sprintf("snapshot/lines=%d", lines), func(b *testing.B) {
			doc := source.Open("file:///w.py", 1, text, true)
			defer doc.Close()
			b.ResetTimer()
			for i := 0; i < b.N; i++ {
				doc.Snapshot().Close()
			}
		})
		b.Run(fmt.Sprintf("analyze/lines=%d", lines), func(b *testing.B) {
			doc := source.Open("file:///w.py", 1, text, true)
			defer doc.Close()
			cache := analysis.NewCache()
			prof := profile.Default()
			snap := doc.Snapshot()
			analysis.Analyze(analysis.Input{Snapshot: snap, Profile: prof}, cache)
			snap.Close()
			b.ResetTimer()
			for i := 0; i < b.N; i++ {
				b.StopTimer()
				Type(doc, at)
				snap := doc.Snapshot()
				b.StartTimer()
				analysis.Analyze(analysis.Input{Snapshot: snap, Profile: prof}, cache)
				b.StopTimer()
				snap.Close()
				b.StartTimer()
			}
		})
		b.Run(fmt.Sprintf("encode/lines=%d", lines), func(b *testing.B) {
			doc := source.Open("file:///w.py", 1, text, true)
			defer doc.Close()
			snap := doc.Snapshot()
			defer snap.Close()
			diags := analysis.Analyze(analysis.Input{Snapshot: snap, Profile: profile.Default()}, nil).Diagnostics
			stream := server.NewStream(discard{}, nil)
			b.ResetTimer()
			for i := 0; i < b.N; i++ {
				if err := Encode(stream, snap.Lines, diags); err != nil {
					b.Fatal(err)
				}
			}
			b.ReportMetric(float64(len(diags)), "diags")
		})
	}
}
