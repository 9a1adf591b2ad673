package server

import (
	"testing"

	"github.com/pyworkers/pyworkers-lsp/internal/lspclient"
)

// TestOverlayVersions: an overlay taken from the server keeps the open
// texts as they were (later opens, edits and closes make new versions),
// and closing one of two URIs naming the same file keeps the other's text.
func TestOverlayVersions(t *testing.T) {
	root := t.TempDir()
	r := startRig(t, root)
	a, b := root+"/a.py", root+"/b.py"
	must(t, r.c.Open(lspclient.FileURI(a), 1, []byte("A = 1\n")))
	r.alive()
	r.srv.mu.Lock()
	before := r.srv.frozenOverlayLocked()
	r.srv.mu.Unlock()
	must(t, r.c.Open(lspclient.FileURI(b), 1, []byte("B = 1\n")))
	must(t, r.c.Insert(lspclient.FileURI(a), 2, 0, 0, "# edited\n"))
	// The same file under a second URI (percent-encoded "a").
	alias := "file://" + root + "/%61.py"
	must(t, r.c.Open(alias, 1, []byte("A = 2\n")))
	must(t, r.c.CloseDoc(lspclient.FileURI(a)))
	r.alive()
	r.srv.mu.Lock()
	after := r.srv.frozenOverlayLocked()
	r.srv.mu.Unlock()
	if text, ok := before(a); !ok || string(text) != "A = 1\n" {
		t.Errorf("the earlier overlay's a.py: %q %v", text, ok)
	}
	if _, ok := before(b); ok {
		t.Error("the earlier overlay sees a document opened later")
	}
	if text, ok := after(b); !ok || string(text) != "B = 1\n" {
		t.Errorf("b.py: %q %v", text, ok)
	}
	if text, ok := after(a); !ok || string(text) != "A = 2\n" {
		t.Errorf("a.py, still open under another URI: %q %v", text, ok)
	}
	must(t, r.c.CloseDoc(alias))
	r.alive()
	r.srv.mu.Lock()
	closed := r.srv.frozenOverlayLocked()
	r.srv.mu.Unlock()
	if _, ok := closed(a); ok {
		t.Error("a.py is in the overlay after every URI naming it closed")
	}
}
