// Package stages times the stages of the edit → publishDiagnostics path
// in process, on the same code the server runs: the document edit (text,
// line index, tree edit) and its incremental reparse (which the server
// runs lazily, on the first reader of the version), the snapshot handed to
// the analysis worker, the incremental analysis, and the conversion of
// findings to a publishDiagnostics notification written to a stream.
// What an LSP client measures on top of their sum is transport and
// scheduling.
package stages

import (
	"bytes"
	"fmt"
	"io"
	"sort"
	"time"

	"go.lsp.dev/jsonrpc2"
	"go.lsp.dev/protocol"

	"github.com/pyworkers/pyworkers-lsp/internal/analysis"
	"github.com/pyworkers/pyworkers-lsp/internal/analysis/diag"
	"github.com/pyworkers/pyworkers-lsp/internal/analysis/profile"
	"github.com/pyworkers/pyworkers-lsp/internal/analysis/rules"
	"github.com/pyworkers/pyworkers-lsp/internal/analysis/source"
	"github.com/pyworkers/pyworkers-lsp/internal/server"
)

// Result holds the median time of each stage over the edits.
type Result struct {
	Edits                           int
	Edit, Snapshot, Analyze, Encode time.Duration
	// EditCold is Edit with the CPU caches evicted before each edit, as
	// they are in the server after the client and the analysis ran.
	EditCold                          time.Duration
	Diagnostics, Units, UnitsAnalyzed int // of the last analysis
}

// Evictor pushes the working set out of the CPU caches by writing a
// buffer larger than them.
type Evictor []byte

// NewEvictor returns an Evictor of 64 MB (this machine's last-level cache
// is far smaller).
func NewEvictor() Evictor { return make(Evictor, 64<<20) }

// Evict writes one byte per cache line of the buffer.
func (e Evictor) Evict() {
	for i := 0; i < len(e); i += 64 {
		e[i]++
	}
}

// Total is the sum of the stage medians.
func (r Result) Total() time.Duration { return r.Edit + r.Snapshot + r.Analyze + r.Encode }

// EditPoint is where the benchmarks type: inside a handler in the middle
// of the module.
func EditPoint(text []byte) int {
	i := bytes.Index(text[len(text)/2:], []byte("return json_response("))
	if i < 0 {
		return len(text) / 2
	}
	return len(text)/2 + i + len("return ")
}

// Type inserts one character at at, as typing does: every text is new.
// (Typing a character and deleting it again would make every other edit
// a text the analysis cache has seen, which typing does not give it.)
func Type(doc *source.Document, at int) {
	doc.Edit(at, at, []byte("x"))
}

// Measure types edits one-character edits into text and times each stage.
func Measure(text []byte, edits int) (Result, error) {
	doc := source.Open("file:///bench/entry.py", 1, text, true)
	defer doc.Close()
	cache := analysis.NewCache()
	prof := profile.Default()
	snap := doc.Snapshot()
	analysis.Analyze(analysis.Input{Snapshot: snap, Profile: prof}, cache)
	snap.Close()
	stream := server.NewStream(discard{}, nil)
	at := EditPoint(text)
	var edit, snapshot, analyze, encode []time.Duration
	res := Result{Edits: edits}
	for i := 0; i < edits; i++ {
		t0 := time.Now()
		Type(doc, at)
		doc.Tree() // the reparse: the server's first reader of the version runs it
		t1 := time.Now()
		snap := doc.Snapshot()
		t2 := time.Now()
		out := analysis.Analyze(analysis.Input{Snapshot: snap, Profile: prof}, cache)
		t3 := time.Now()
		if err := Encode(stream, snap.Lines, out.Diagnostics); err != nil {
			snap.Close()
			return Result{}, err
		}
		t4 := time.Now()
		snap.Close()
		edit = append(edit, t1.Sub(t0))
		snapshot = append(snapshot, t2.Sub(t1))
		analyze = append(analyze, t3.Sub(t2))
		encode = append(encode, t4.Sub(t3))
		res.Diagnostics, res.Units, res.UnitsAnalyzed = len(out.Diagnostics), out.Units, out.Analyzed
	}
	res.Edit, res.Snapshot, res.Analyze, res.Encode = Median(edit), Median(snapshot), Median(analyze), Median(encode)
	ev := NewEvictor()
	var cold []time.Duration
	for i := 0; i < edits; i++ {
		ev.Evict()
		t0 := time.Now()
		Type(doc, at)
		doc.Tree()
		cold = append(cold, time.Since(t0))
	}
	res.EditCold = Median(cold)
	return res, nil
}

// Encode converts findings to a publishDiagnostics notification as the
// server does and writes it to stream.
func Encode(stream jsonrpc2.Stream, lines *source.Lines, diags []diag.Diagnostic) error {
	out := make([]protocol.Diagnostic, 0, len(diags))
	pos := func(off int) protocol.Position {
		l, c := lines.Position(off, source.UTF16)
		return protocol.Position{Line: uint32(l), Character: uint32(c)}
	}
	for _, d := range diags {
		out = append(out, protocol.Diagnostic{Range: protocol.Range{Start: pos(d.Start), End: pos(d.End)},
			Severity: protocol.DiagnosticSeverity(d.Severity), Code: d.Code, Source: "pyworkers", Message: d.Message,
			CodeDescription: &protocol.CodeDescription{Href: protocol.URI(rules.DocURL(rules.DefaultDocBase, d.Code))}})
	}
	// Fields in the server's order (uri first): its output queue reads the
	// URI of a publish from the front of the params.
	params := struct {
		URI         string                `json:"uri"`
		Version     int                   `json:"version"`
		Diagnostics []protocol.Diagnostic `json:"diagnostics"`
	}{"file:///bench/entry.py", 3, out}
	// As the server's notify does: its stream encodes notifications itself.
	n, ok := stream.(interface{ Notify(string, any) error })
	if !ok {
		return fmt.Errorf("stages: %T is not the server's stream", stream)
	}
	if err := n.Notify("textDocument/publishDiagnostics", params); err != nil {
		return fmt.Errorf("stages: %w", err)
	}
	return nil
}

// Median returns the middle value (0 for none).
func Median(ds []time.Duration) time.Duration {
	if len(ds) == 0 {
		return 0
	}
	s := append([]time.Duration(nil), ds...)
	sort.Slice(s, func(i, j int) bool { return s[i] < s[j] })
	return s[len(s)/2]
}

// discard is a connection that drops what is written.
type discard struct{}

func (discard) Read([]byte) (int, error)    { return 0, io.EOF }
func (discard) Write(p []byte) (int, error) { return len(p), nil }
func (discard) Close() error                { return nil }
