package server

import (
	"strings"
	"testing"

	"github.com/pyworkers/pyworkers-lsp/analysis/source"
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
