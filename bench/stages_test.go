package bench

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"testing"

	"go.lsp.dev/jsonrpc2"
	"go.lsp.dev/protocol"

	"github.com/pyworkers/pyworkers-lsp/analysis"
	"github.com/pyworkers/pyworkers-lsp/analysis/diag"
	"github.com/pyworkers/pyworkers-lsp/analysis/profile"
	"github.com/pyworkers/pyworkers-lsp/analysis/source"
	"github.com/pyworkers/pyworkers-lsp/bench/workergen"
	"github.com/pyworkers/pyworkers-lsp/server"
)

// editPoint is where the benchmarks type: inside a handler in the middle
// of the Default class.
func editPoint(text []byte) int {
	i := bytes.Index(text[len(text)/2:], []byte("return json_response("))
	return len(text)/2 + i + len("return ")
}

// typing alternates inserting and deleting one character at at.
func typing(doc *source.Document, i, at int) {
	if i%2 == 0 {
		doc.Edit(at, at, []byte("x"))
	} else {
		doc.Edit(at, at+1, nil)
	}
}

// BenchmarkStages breaks the edit → diagnostics path into its stages on
// generated Workers: the document edit (text, line index, tree edit and
// incremental reparse), the line index alone, the snapshot, the
// incremental analysis, and the conversion and JSON encoding of the
// publishDiagnostics notification. Transport is what the LSP client
// measures on top (bench/lspload).
func BenchmarkStages(b *testing.B) {
	for _, lines := range []int{5000, 20000} {
		text := workergen.Module(lines)
		at := editPoint(text)
		b.Run(fmt.Sprintf("edit/lines=%d", lines), func(b *testing.B) {
			doc := source.Open("file:///w.py", 1, text, true)
			defer doc.Close()
			b.ResetTimer()
			for i := 0; i < b.N; i++ {
				typing(doc, i, at)
			}
		})
		b.Run(fmt.Sprintf("lines/lines=%d", lines), func(b *testing.B) {
			for i := 0; i < b.N; i++ {
				source.NewLines(text)
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
				typing(doc, i, at)
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
				encode(b, stream, snap.Lines, diags)
			}
			b.ReportMetric(float64(len(diags)), "diags")
		})
	}
}

// encode converts findings to a publishDiagnostics notification as the
// server does and writes it to stream.
func encode(b *testing.B, stream jsonrpc2.Stream, lines *source.Lines, diags []diag.Diagnostic) {
	out := make([]protocol.Diagnostic, 0, len(diags))
	pos := func(off int) protocol.Position {
		l, c := lines.Position(off, source.UTF16)
		return protocol.Position{Line: uint32(l), Character: uint32(c)}
	}
	for _, d := range diags {
		out = append(out, protocol.Diagnostic{Range: protocol.Range{Start: pos(d.Start), End: pos(d.End)},
			Severity: protocol.DiagnosticSeverity(d.Severity), Code: d.Code, Source: "pyworkers", Message: d.Message,
			CodeDescription: &protocol.CodeDescription{Href: "https://example.com/rules/" + protocol.URI(d.Code)}})
	}
	n, err := jsonrpc2.NewNotification("textDocument/publishDiagnostics", map[string]any{"uri": "file:///w.py", "version": 3, "diagnostics": out})
	if err != nil {
		b.Fatal(err)
	}
	if _, err := stream.Write(context.Background(), n); err != nil {
		b.Fatal(err)
	}
}

// discard is a connection that drops what is written.
type discard struct{}

func (discard) Read([]byte) (int, error)    { return 0, io.EOF }
func (discard) Write(p []byte) (int, error) { return len(p), nil }
func (discard) Close() error                { return nil }
