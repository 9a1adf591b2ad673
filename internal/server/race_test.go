package server

import (
	"context"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"github.com/pyworkers/pyworkers-lsp/internal/lspclient"
	"github.com/pyworkers/pyworkers-lsp/internal/workergen"
)

var stressFor = flag.Duration("stress", 5*time.Second, "how long TestCodeActionOnConfigWhileEditing runs (the reviewer's: -stress 30s)")

// TestCodeActionOnConfigWhileEditing sends code actions on an open
// wrangler.toml (which analyse the config and ask whether files exist,
// consulting the open buffers) while the read loop opens, edits and
// closes Python documents. Every feature works on snapshots taken under
// the server lock, so under -race this reports nothing and the server
// answers throughout; before, the config analysis iterated the open
// documents without the lock (a fatal concurrent map iteration and write).
func TestCodeActionOnConfigWhileEditing(t *testing.T) {
	root := t.TempDir()
	entry, err := workergen.WriteWorker(root, "race", workergen.Module(200))
	if err != nil {
		t.Fatal(err)
	}
	r := startRig(t, root)
	wrangler := filepath.Join(filepath.Dir(filepath.Dir(entry)), "wrangler.toml")
	wtext, err := os.ReadFile(wrangler)
	if err != nil {
		t.Fatal(err)
	}
	wuri := lspclient.FileURI(wrangler)
	if err := r.c.Open(wuri, 1, wtext); err != nil {
		t.Fatal(err)
	}
	deadline := time.Now().Add(*stressFor)
	var wg sync.WaitGroup
	errs := make(chan error, 2)
	wg.Add(1)
	go func() { // the user invoking code actions on the config
		defer wg.Done()
		params := map[string]any{
			"textDocument": map[string]any{"uri": wuri},
			"range":        map[string]any{"start": map[string]int{"line": 1, "character": 0}, "end": map[string]int{"line": 1, "character": 5}},
			"context":      map[string]any{"triggerKind": 1},
		}
		for n := 0; time.Now().Before(deadline); n++ {
			if _, err := r.c.Call("textDocument/codeAction", params, wait); err != nil {
				errs <- fmt.Errorf("codeAction: %w", err)
				return
			}
		}
	}()
	// The read loop: Python documents opened, edited and closed, and the
	// config itself edited.
	text := workergen.Module(100)
	for i := 0; time.Now().Before(deadline); i++ {
		uri := lspclient.FileURI(filepath.Join(filepath.Dir(entry), fmt.Sprintf("m%d.py", i%8)))
		must(t, r.c.Open(uri, 1, text))
		for v := int32(2); v < 6; v++ {
			must(t, r.c.Insert(uri, v, 3, 0, "x = 1\n"))
		}
		must(t, r.c.Insert(wuri, int32(i+2), 0, 0, "# edit\n"))
		must(t, r.c.CloseDoc(uri))
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Fatal(err)
	}
	r.alive()
}

func must(t *testing.T, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}

// TestLookupsShareTheAnalysedSummary: once a version's diagnostics are
// published, lookups on that version use the module summary the analysis
// built, not one of their own, and the snapshot is not analysed again.
func TestLookupsShareTheAnalysedSummary(t *testing.T) {
	root := t.TempDir()
	entry, err := workergen.WriteWorker(root, "share", workergen.Module(300))
	if err != nil {
		t.Fatal(err)
	}
	r := startRig(t, root)
	uri := lspclient.FileURI(entry)
	must(t, r.c.Open(uri, 1, workergen.Module(300)))
	r.waitVersion(uri, 1)
	v, ok := r.srv.viewOf(uri)
	if !ok {
		t.Fatal("document not open")
	}
	defer v.close()
	a, ok := v.snap.Analyzed()
	if !ok || a.Module == nil || v.snap.Version != 1 {
		t.Fatal("the published version's snapshot holds no analysis")
	}
	f, done, err := v.python(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	done()
	if f.Module != a.Module {
		t.Error("lookups built their own module summary for the published version")
	}
	if again, _ := v.snap.Analysis(context.Background()); again != a {
		t.Error("the snapshot was analysed twice")
	}
}
