package server

import (
	"fmt"
	"strings"
	"testing"

	"github.com/pyworkers/pyworkers-lsp/analysis/analysistest"
	"github.com/pyworkers/pyworkers-lsp/analysis/source"
)

// BenchmarkEditToDiagnostics measures a one-character didChange on a
// generated 5,000-line Worker until the publishDiagnostics carrying that
// version arrives at the client: reparse, incremental analysis, JSON
// encoding and the pipe transport included.
func BenchmarkEditToDiagnostics(b *testing.B) {
	for _, lines := range []int{5000, 20000} {
		b.Run(fmt.Sprintf("lines=%d", lines), func(b *testing.B) {
			text := analysistest.GenerateWorker(lines)
			c := startServer(b, Options{})
			c.initialize(vscodeCapabilities)
			const uri = "file:///bench/src/entry.py"
			open(c, uri, string(text))
			c.waitPublish(uri, 1)
			at := strings.Index(string(text), "return Response(cached)")
			line, col := source.NewLines(text).Position(at, source.UTF16)
			b.ResetTimer()
			for i := 0; i < b.N; i++ {
				v := int32(i + 2)
				if i%2 == 0 {
					change(c, uri, v, line, col, line, col, "x")
				} else {
					change(c, uri, v, line, col, line, col+1, "")
				}
				c.waitPublish(uri, v)
			}
			b.StopTimer()
			_ = c.call("shutdown", nil, nil)
		})
	}
}
