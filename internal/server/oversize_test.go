package server

import (
	"path/filepath"
	"strings"
	"sync/atomic"
	"syscall"
	"testing"
	"time"

	"go.lsp.dev/protocol"

	"github.com/pyworkers/pyworkers-lsp/internal/analysis/config"
	"github.com/pyworkers/pyworkers-lsp/internal/analysis/source"
)

// A Python document over source.MaxParseSize gets one diagnostic naming
// the limit instead of analysis, on open and on change; once an edit
// brings it back under the limit it is analysed again.
func TestOversizedDocumentRefusedAndRecovers(t *testing.T) {
	c := startServer(t, Options{})
	c.initialize(vscodeCapabilities)
	const uri = "file:///work/big.py"
	finding := "from pyodide.ffi import to_py\n"
	big := finding + strings.Repeat("x = 1\n", source.MaxParseSize/6+1)
	open(c, uri, big)
	p := c.waitPublish(uri, 1)
	if len(p.Diagnostics) != 1 || !strings.Contains(p.Diagnostics[0].Message, "over the limit of 1.0 MiB") {
		t.Fatalf("open over the limit: %+v", p.Diagnostics)
	}
	// Appending keeps it over the limit: still the one diagnostic.
	change(c, uri, 2, 1, 0, 1, 0, "y = 2\n")
	if p := c.waitPublish(uri, 2); len(p.Diagnostics) != 1 || p.Diagnostics[0].Code != nil {
		t.Fatalf("edit over the limit: %+v", p.Diagnostics)
	}
	// Delete all but the first line: analysed, PW201 found.
	lines := strings.Count(big, "\n") + 1
	change(c, uri, 3, 1, 0, lines, 0, "")
	if got := codes(c.waitPublish(uri, 3)); len(got) != 1 || got[0] != "PW201" {
		t.Fatalf("back under the limit: codes %v", got)
	}
	// A full-text change over the limit is refused again.
	c.notify("textDocument/didChange", map[string]any{
		"textDocument":   map[string]any{"uri": uri, "version": 4},
		"contentChanges": []any{map[string]any{"text": big}},
	})
	if p := c.waitPublish(uri, 4); len(p.Diagnostics) != 1 || p.Diagnostics[0].Code != nil {
		t.Fatalf("full change over the limit: %+v", p.Diagnostics)
	}
}

// TestOversizedPulled: a pull client gets the same one diagnostic for an
// open document over the limit and for one on disk, and a FIFO named
// like a module does not block workspace/diagnostic.
func TestOversizedPulled(t *testing.T) {
	dir := twoModuleWorker(t)
	big := strings.Repeat("x = 1\n", source.MaxParseSize/6+1)
	writeFiles(t, dir, map[string]string{"src/huge.py": big})
	if err := syscall.Mkfifo(filepath.Join(dir, "src", "pipe.py"), 0o644); err != nil {
		t.Fatal(err)
	}
	c := startServer(t, Options{})
	c.initializeIn(dir, pullCapabilities)
	entry := pathURI(filepath.Join(dir, "src", "entry.py"))
	open(c, entry, big)

	type report struct {
		URI   string                `json:"uri"`
		Items []protocol.Diagnostic `json:"items"`
	}
	oversize := func(r report) bool {
		return len(r.Items) == 1 && r.Items[0].Code == nil && strings.Contains(r.Items[0].Message, "over the limit of 1.0 MiB")
	}
	var doc report
	if err := c.call("textDocument/diagnostic", map[string]any{"textDocument": map[string]any{"uri": entry}}, &doc); err != nil {
		t.Fatal(err)
	}
	if !oversize(doc) {
		t.Fatalf("open document over the limit, pulled: %+v", doc.Items)
	}
	var ws struct {
		Items []report `json:"items"`
	}
	done := make(chan error, 1)
	go func() { done <- c.call("workspace/diagnostic", map[string]any{"previousResultIds": []any{}}, &ws) }()
	select {
	case err := <-done:
		if err != nil {
			t.Fatal(err)
		}
	case <-time.After(20 * time.Second):
		t.Fatal("workspace/diagnostic blocked (FIFO read?)")
	}
	huge := pathURI(filepath.Join(dir, "src", "huge.py"))
	for _, r := range ws.Items {
		if r.URI == huge && (!oversize(r) || !strings.Contains(r.Items[0].Message, config.SizeOverLimit(int64(len(big)), source.MaxParseSize))) {
			t.Fatalf("huge.py on disk (its size in the message): %+v", r.Items)
		}
		if r.URI == huge {
			return
		}
	}
	t.Fatalf("huge.py not in the workspace report: %+v", ws.Items)
}

// TestFirstDiagnosticsHookPulled: with pulled diagnostics the hook runs
// when the first document's diagnostics answer a pull, once.
func TestFirstDiagnosticsHookPulled(t *testing.T) {
	dir := twoModuleWorker(t)
	var calls atomic.Int32
	c := startServer(t, Options{FirstDiagnostics: func() { calls.Add(1) }})
	c.initializeIn(dir, pullCapabilities)
	entry := pathURI(filepath.Join(dir, "src", "entry.py"))
	open(c, entry, "x = 1\n")
	if n := calls.Load(); n != 0 {
		t.Fatalf("called %d times before a pull", n)
	}
	for range 2 {
		var doc struct {
			Kind string `json:"kind"`
		}
		if err := c.call("textDocument/diagnostic", map[string]any{"textDocument": map[string]any{"uri": entry}}, &doc); err != nil {
			t.Fatal(err)
		}
	}
	if n := calls.Load(); n != 1 {
		t.Fatalf("called %d times after two pulls, want 1", n)
	}
}
