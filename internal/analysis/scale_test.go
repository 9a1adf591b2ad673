//go:build unix

package analysis_test

import (
	"runtime"
	"syscall"
	"testing"
	"time"

	"github.com/pyworkers/pyworkers-lsp/internal/analysis"
	"github.com/pyworkers/pyworkers-lsp/internal/analysis/profile"
	"github.com/pyworkers/pyworkers-lsp/internal/analysis/source"
	"github.com/pyworkers/pyworkers-lsp/internal/workergen"
)

// TestAnalysisTimePerLineIsFlat asserts that a fresh analysis costs the
// same per line at 2,500 and 20,000 lines (±30%): a lookup that scans the
// module makes the per-line cost grow with the module (8× at 20,000
// lines). Timing on a shared machine is noisy, so it measures the
// process's CPU time (not wall time, which other processes stretch), each
// size keeps the fastest of several runs, the sizes alternate (a burst of
// load hits both), and a failing comparison is measured again before it
// counts.
func TestAnalysisTimePerLineIsFlat(t *testing.T) {
	if testing.Short() {
		t.Skip("timing test")
	}
	shapes := map[string]func(int) []byte{"flat": workergen.FlatModule, "worker": workergen.Module}
	for name, gen := range shapes {
		t.Run(name, func(t *testing.T) {
			// 8× apart, the larger under source.MaxParseSize (over it
			// a document is not parsed).
			small := openDoc(t, gen(2500))
			large := openDoc(t, gen(20000))
			if n := len(large.Text); n > source.MaxParseSize {
				t.Fatalf("the large module is %d bytes, over the parse limit", n)
			}
			var ratio float64
			for attempt := 0; attempt < 3; attempt++ {
				ratio = perLineRatio(small, large)
				t.Logf("per-line time, 20,000 over 2,500 lines: %.2f", ratio)
				if ratio > 0.7 && ratio < 1.3 {
					return
				}
			}
			t.Errorf("analysis time per line at 20,000 lines is %.2f× that at 2,500 (want within ±30%%)", ratio)
		})
	}
}

func openDoc(t *testing.T, text []byte) *source.Snapshot {
	doc := source.Open("file:///w.py", 1, text, true)
	snap := doc.Snapshot()
	t.Cleanup(func() { snap.Close(); doc.Close() })
	return snap
}

// perLineRatio returns the large document's best time per line over the
// small one's, running them alternately.
func perLineRatio(small, large *source.Snapshot) float64 {
	best := func(snap *source.Snapshot, prev time.Duration) time.Duration {
		runtime.GC()
		start := cpuTime()
		analysis.Analyze(analysis.Input{Snapshot: snap, Profile: profile.Default(), Path: "/w/src/entry.py"}, nil)
		if d := cpuTime() - start; prev == 0 || d < prev {
			return d
		}
		return prev
	}
	var s, l time.Duration
	for range 3 {
		s = best(small, s)
		l = best(large, l)
	}
	perLine := func(d time.Duration, snap *source.Snapshot) float64 {
		return float64(d) / float64(snap.Lines.Count())
	}
	return perLine(l, large) / perLine(s, small)
}

// cpuTime is the CPU time (user and system) the process has used.
func cpuTime() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		panic(err)
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}
