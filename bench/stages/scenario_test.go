package stages

import (
	"bytes"
	"fmt"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/pyworkers/pyworkers-lsp/internal/analysis"
	"github.com/pyworkers/pyworkers-lsp/internal/analysis/profile"
	"github.com/pyworkers/pyworkers-lsp/internal/analysis/source"
	"github.com/pyworkers/pyworkers-lsp/internal/server"
	"github.com/pyworkers/pyworkers-lsp/internal/workergen"
)

// typedFunction and typedMethod are what the editing scenarios type
// (bench/lspload): a new top-level function at the end of a flat module,
// a new method at the end of the Worker class; typedBetween a new method
// on a new line between two of the class's halfway down.
const (
	typedFunction = "\n\nasync def typed_total(env, items):\n    rows = to_js(items)\n    return json_response({\"n\": len(rows)})\n"
	typedMethod   = "\n    async def typed_route(self, request, ident):\n        return json_response({\"id\": ident})\n"
	typedBetween  = "\n    async def typed_mid(self, env, items):\n        rows = to_js(items)\n        return json_response({\"n\": len(rows)})"
)

// BenchmarkTyping plays the typing scenarios through the server's edit →
// publish stages, one keystroke per op, the typed text removed again
// after each pass (for pprof: -bench 'Typing/function/lines=20000'
// -cpuprofile).
func BenchmarkTyping(b *testing.B) {
	cases := []struct {
		name  string
		gen   func(int) []byte
		at    func([]byte) int
		typed string
	}{
		{"function", workergen.FlatModule, func(t []byte) int { return len(t) }, typedFunction},
		{"method", workergen.Module, func(t []byte) int { return bytes.Index(t, []byte("\n\nclass Counter(")) }, typedMethod},
		{"method-between", workergen.Module, func(t []byte) int {
			return len(t)/2 + bytes.Index(t[len(t)/2:], []byte("\n    async def "))
		}, typedBetween},
	}
	for _, c := range cases {
		for _, lines := range []int{5000, 20000} {
			b.Run(fmt.Sprintf("%s/lines=%d", c.name, lines), func(b *testing.B) {
				text := c.gen(lines)
				at := c.at(text)
				doc := source.Open("file:///bench/entry.py", 1, text, true)
				defer doc.Close()
				cache := analysis.NewCache()
				prof := profile.Default()
				stream := server.NewStream(discard{}, nil)
				step := func() {
					snap := doc.Snapshot()
					out := analysis.Analyze(analysis.Input{Snapshot: snap, Profile: prof}, cache)
					if err := Encode(stream, snap.Lines, out.Diagnostics); err != nil {
						b.Fatal(err)
					}
					snap.Close()
				}
				step()
				b.ResetTimer()
				cpu := cpuTime()
				defer func() { b.ReportMetric(float64(cpuTime()-cpu)/float64(b.N), "cpu-ns/op") }()
				// Each pass types a name of its own: a text seen in an
				// earlier pass would be a cache hit, which typing never is.
				typed, k, pass := c.typed, 0, 0
				for i := 0; i < b.N; i++ {
					if k == len(typed) {
						doc.Edit(at, at+len(typed), nil)
						pass++
						typed, k = strings.Replace(c.typed, "typed_", fmt.Sprintf("typed%d_", pass), 1), 0
					} else {
						doc.Edit(at+k, at+k, []byte(typed[k:k+1]))
						k++
					}
					step()
				}
			})
		}
	}
}

// BenchmarkOpen is a cold open: parse and analyse the whole module with
// an empty cache.
func BenchmarkOpen(b *testing.B) {
	for _, lines := range []int{5000, 20000} {
		text := workergen.FlatModule(lines)
		b.Run(fmt.Sprintf("lines=%d", lines), func(b *testing.B) {
			prof := profile.Default()
			stream := server.NewStream(discard{}, nil)
			cpu := cpuTime()
			defer func() { b.ReportMetric(float64(cpuTime()-cpu)/float64(b.N), "cpu-ns/op") }()
			for i := 0; i < b.N; i++ {
				doc := source.Open("file:///bench/entry.py", 1, text, true)
				snap := doc.Snapshot()
				out := analysis.Analyze(analysis.Input{Snapshot: snap, Profile: prof}, analysis.NewCache())
				if err := Encode(stream, snap.Lines, out.Diagnostics); err != nil {
					b.Fatal(err)
				}
				snap.Close()
				doc.Close()
			}
		})
	}
}

// cpuTime is the CPU time (user and system) the process has used: on a
// loaded machine wall time measures the other processes too.
func cpuTime() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}
