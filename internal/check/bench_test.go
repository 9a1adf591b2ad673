package check

import (
	"testing"

	"github.com/pyworkers/pyworkers-lsp/internal/workergen"
)

// BenchmarkRun checks a generated tree of 20 Workers of 1,000 lines on one
// goroutine (for pprof: -bench Run -cpuprofile).
func BenchmarkRun(b *testing.B) {
	dir := b.TempDir()
	if _, err := workergen.WriteTree(dir, 20, 1000); err != nil {
		b.Fatal(err)
	}
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		rep, err := Run(Options{Paths: []string{dir}, Jobs: 1})
		if err != nil {
			b.Fatal(err)
		}
		if len(rep.Errors) > 0 || rep.Findings() == 0 {
			b.Fatalf("errors %v, %d findings", rep.Errors, rep.Findings())
		}
	}
}
