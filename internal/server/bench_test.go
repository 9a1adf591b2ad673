package server

import (
	"encoding/json"
	"fmt"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/pyworkers/pyworkers-lsp/internal/analysis/analysistest"
	"github.com/pyworkers/pyworkers-lsp/internal/analysis/source"
	"github.com/pyworkers/pyworkers-lsp/internal/workergen"
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
				// Typed forward: a text seen before would hit the cache.
				v := int32(i + 2)
				change(c, uri, v, line, col, line, col, "x")
				c.waitPublish(uri, v)
			}
			b.StopTimer()
			_ = c.call("shutdown", nil, nil)
		})
	}
}

// BenchmarkCodeActionInvoked measures textDocument/codeAction as Ctrl+.
// sends it (triggerKind 1, the middle published diagnostic in the
// context) on a generated Worker whose diagnostics are published; it
// reports the server's CPU time per request (cpu-ms/op) besides wall
// time, which a loaded machine inflates.
func BenchmarkCodeActionInvoked(b *testing.B) {
	shapes := []struct {
		name     string
		generate func(int) []byte
	}{{"worker", analysistest.GenerateWorker}, {"flat", workergen.FlatModule}}
	for _, shape := range shapes {
		for _, lines := range []int{5000, 20000} {
			b.Run(fmt.Sprintf("%s/lines=%d", shape.name, lines), func(b *testing.B) {
				text := shape.generate(lines)
				// In a Worker (wrangler.toml above it), as the editing
				// scenarios run.
				entry, err := workergen.WriteWorker(b.TempDir(), "bench", text)
				if err != nil {
					b.Fatal(err)
				}
				uri := pathURI(entry)
				c := startServer(b, Options{})
				// VS Code resolves fix-all's edit when it is applied.
				c.initialize(strings.Replace(vscodeCapabilities, `"textDocument":{`, `"textDocument":{"codeAction":{"resolveSupport":{"properties":["edit"]}},`, 1))
				open(c, uri, string(text))
				p := c.waitPublish(uri, 1)
				if len(p.Diagnostics) == 0 {
					b.Fatal("no diagnostics to act on")
				}
				d := p.Diagnostics[len(p.Diagnostics)/2]
				params := map[string]any{"textDocument": map[string]any{"uri": uri}, "range": d.Range,
					"context": map[string]any{"diagnostics": []any{d}, "triggerKind": 1}}
				cpu := processCPU()
				b.ResetTimer()
				for i := 0; i < b.N; i++ {
					var actions []json.RawMessage
					if err := c.call("textDocument/codeAction", params, &actions); err != nil {
						b.Fatal(err)
					}
					if len(actions) == 0 {
						b.Fatal("no code action")
					}
				}
				b.StopTimer()
				b.ReportMetric(float64((processCPU()-cpu).Microseconds())/1000/float64(b.N), "cpu-ms/op")
				_ = c.call("shutdown", nil, nil)
			})
		}
	}
}

// processCPU is the process's user+system CPU time so far.
func processCPU() time.Duration {
	var ru syscall.Rusage
	_ = syscall.Getrusage(syscall.RUSAGE_SELF, &ru)
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

// BenchmarkTypeNewFunctionFlat types a new top-level function at the end
// of a generated 20,000-line flat module, one character per didChange,
// waiting for each version's publish; it reports CPU time per keystroke.
func BenchmarkTypeNewFunctionFlat(b *testing.B) {
	text := workergen.FlatModule(20000)
	c := startServer(b, Options{})
	c.initialize(vscodeCapabilities)
	const uri = "file:///bench/src/entry.py"
	open(c, uri, string(text))
	c.waitPublish(uri, 1)
	const typed = "\ndef typed_total(rows):\n    return sum(r['n'] for r in rows)\n"
	line, col := source.NewLines(text).Position(len(text), source.UTF16)
	cpu := processCPU()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		v := int32(i + 2)
		ch := typed[i%len(typed)]
		change(c, uri, v, line, col, line, col, string(ch))
		if ch == '\n' {
			line, col = line+1, 0
		} else {
			col++
		}
		c.waitPublish(uri, v)
	}
	b.StopTimer()
	b.ReportMetric(float64((processCPU()-cpu).Microseconds())/1000/float64(b.N), "cpu-ms/op")
	_ = c.call("shutdown", nil, nil)
}
