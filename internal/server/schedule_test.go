package server

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/pyworkers/pyworkers-lsp/internal/analysis/ide"
	"github.com/pyworkers/pyworkers-lsp/internal/lspclient"
	"github.com/pyworkers/pyworkers-lsp/internal/workergen"
)

// smallWorkerWithHover opens a generated 200-line Worker in a new server
// and waits for its diagnostics; hover is a request with content (the
// binding in `self.env.CACHE`).
func smallWorkerWithHover(t *testing.T, name string) (r *rig, entry, uri string, hover map[string]any) {
	t.Helper()
	root := t.TempDir()
	small := workergen.Module(200)
	entry, err := workergen.WriteWorker(root, name, small)
	if err != nil {
		t.Fatal(err)
	}
	r = startRig(t, root)
	uri = lspclient.FileURI(entry)
	must(t, r.c.Open(uri, 1, small))
	r.waitVersion(uri, 1)
	at := bytes.Index(small, []byte("self.env.CACHE"))
	if at < 0 {
		t.Fatal("no self.env.CACHE in the generated module")
	}
	line := bytes.Count(small[:at], []byte("\n"))
	col := at - (bytes.LastIndexByte(small[:at], '\n') + 1) + len("self.env.")
	hover = map[string]any{"textDocument": map[string]any{"uri": uri}, "position": map[string]int{"line": line, "character": col + 1}}
	return r, entry, uri, hover
}

// TestSlowDocumentDelaysNoOther opens a large module whose first analysis
// takes seconds and, while it runs, asks for a hover in another document
// and edits it: each document is analysed on its own goroutine and
// requests read snapshots, so the hover answers within a second and the
// small document's diagnostics arrive before the large one's.
func TestSlowDocumentDelaysNoOther(t *testing.T) {
	r, entry, uri, hover := smallWorkerWithHover(t, "slow")
	quiet := time.Now()
	if _, err := r.c.Call("textDocument/hover", hover, wait); err != nil {
		t.Fatal(err)
	}
	t.Logf("hover with nothing else running: %v", time.Since(quiet))

	huge := filepath.Join(filepath.Dir(entry), "huge.py")
	hugeURI := lspclient.FileURI(huge)
	opened := time.Now()
	must(t, r.c.Open(hugeURI, 1, workergen.Module(20000)))
	// The read loop only records the new document; its parse and
	// analysis run on its own goroutine. Wait for the read loop, so the
	// hover below is timed against them alone.
	r.alive()
	parsed := time.Since(opened)
	start := time.Now()
	res, err := r.c.Call("textDocument/hover", hover, wait)
	elapsed := time.Since(start)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Contains(res, []byte("CACHE")) {
		t.Errorf("hover on env.CACHE: %s", res)
	}
	must(t, r.c.Insert(uri, 2, 0, 0, "# edited\n"))
	r.waitVersion(uri, 2)
	hugeDone := false
	for _, p := range r.c.Publishes() {
		hugeDone = hugeDone || p.URI == hugeURI
	}
	r.waitVersion(hugeURI, 1)
	t.Logf("read loop took %v to take the large module; hover answered in %v while it was analysed (its diagnostics %s)", parsed, elapsed, map[bool]string{true: "came first", false: "came later"}[hugeDone])
	if hugeDone {
		t.Error("the small document's diagnostics waited for the large module's analysis")
	}
	if elapsed > time.Second {
		t.Errorf("hover took %v while another document was analysed, want ≤ 1s", elapsed)
	}
}

// TestSlowParseDelaysNoOther opens a document whose parse takes seconds
// (one line of 100,000 unterminated strings) and edits it while another
// document is hovered and edited: parses run off the read loop, so the
// other document answers and publishes before the slow one's first
// diagnostics; each edit of the slow document abandons the parse of the
// version it replaces, and its last version is still analysed.
func TestSlowParseDelaysNoOther(t *testing.T) {
	r, entry, uri, hover := smallWorkerWithHover(t, "slowparse")

	slowURI := lspclient.FileURI(filepath.Join(filepath.Dir(entry), "strings.py"))
	must(t, r.c.Open(slowURI, 1, []byte(strings.Repeat(`"a`, 100_000)+"\n")))
	for v := int32(2); v <= 4; v++ {
		must(t, r.c.Insert(slowURI, v, 0, 0, "x"))
	}
	start := time.Now()
	res, err := r.c.Call("textDocument/hover", hover, wait)
	elapsed := time.Since(start)
	if err != nil || !bytes.Contains(res, []byte("CACHE")) {
		t.Fatalf("hover on env.CACHE: %s %v", res, err)
	}
	must(t, r.c.Insert(uri, 2, 0, 0, "# edited\n"))
	r.waitVersion(uri, 2)
	for _, p := range r.c.Publishes() {
		if p.URI == slowURI {
			t.Fatalf("the other document's hover and diagnostics waited for the slow parse (slow version %v published first)", *p.Version)
		}
	}
	r.waitVersion(slowURI, 4)
	t.Logf("hover answered in %v while the slow document was parsed; its last version published %v after the edits", elapsed, time.Since(start))
	if elapsed > time.Second {
		t.Errorf("hover took %v while another document was parsed, want ≤ 1s", elapsed)
	}
	for _, q := range r.c.Publishes() {
		if q.URI == slowURI && *q.Version < 4 {
			t.Errorf("a superseded version (%d) of the slow document was published", *q.Version)
		}
	}
}

// TestSiblingBufferReachesImporter: an unsaved edit to a helper module
// changes the findings of the open module importing it (cross-module
// summaries read the open buffer), and closing the helper without saving
// brings back the disk's.
func TestSiblingBufferReachesImporter(t *testing.T) {
	root := t.TempDir()
	mainText := []byte("from notes import save\nfrom workers import WorkerEntrypoint\n\nclass Default(WorkerEntrypoint):\n    async def fetch(self, request):\n        data = await request.json()\n        await save(self.env.DB, data.get('n'))\n")
	entry, err := workergen.WriteWorker(root, "sibling", mainText)
	if err != nil {
		t.Fatal(err)
	}
	// A runtime whose SDK does not wrap bindings: a None bound to D1 is
	// `undefined` there (PW204).
	wrangler := "name = \"sibling\"\nmain = \"src/entry.py\"\ncompatibility_date = \"2025-11-01\"\ncompatibility_flags = [\"python_workers\"]\n\n[[d1_databases]]\nbinding = \"DB\"\ndatabase_name = \"app\"\ndatabase_id = \"4e1c28a9-90e8-41da-8b4b-6cf36e5abb29\"\n"
	if err := os.WriteFile(filepath.Join(root, "wrangler.toml"), []byte(wrangler), 0o644); err != nil {
		t.Fatal(err)
	}
	checks := "async def save(db, note):\n    if note is None:\n        note = ''\n    await db.prepare('q').bind(note).run()\n"
	binds := "async def save(db, note):\n    await db.prepare('q').bind(note).run()\n"
	helper := filepath.Join(filepath.Dir(entry), "notes.py")
	if err := os.WriteFile(helper, []byte(checks), 0o644); err != nil {
		t.Fatal(err)
	}
	r := startRig(t, root)
	uri, helperURI := lspclient.FileURI(entry), lspclient.FileURI(helper)
	must(t, r.c.Open(uri, 1, mainText))
	pw204 := func(p lspclient.Publish) bool { return bytes.Contains(p.Raw, []byte("PW204")) }
	if p := r.waitVersion(uri, 1); pw204(p) {
		t.Fatalf("the helper on disk checks for None: %s", p.Raw)
	}
	after := len(r.c.Publishes())
	must(t, r.c.Open(helperURI, 1, []byte(checks)))
	must(t, r.c.Change(helperURI, 2, 0, 0, 4, 0, binds))
	if _, _, err := r.c.WaitPublish(after, wait, func(p lspclient.Publish) bool { return p.URI == uri && pw204(p) }); err != nil {
		t.Fatalf("the helper's unsaved buffer binds its parameter, the importer shows no PW204: %v", err)
	}
	after = len(r.c.Publishes())
	must(t, r.c.CloseDoc(helperURI))
	if _, _, err := r.c.WaitPublish(after, wait, func(p lspclient.Publish) bool { return p.URI == uri && !pw204(p) }); err != nil {
		t.Fatalf("the helper's buffer was closed unsaved, the importer still shows PW204: %v", err)
	}
}

// TestSnapshotsReleased: every snapshot a request, a publication or a
// pull took is released, and a closed document's snapshot frees its tree
// (a released snapshot panics when acquired again).
func TestSnapshotsReleased(t *testing.T) {
	root := t.TempDir()
	src := workergen.Module(300)
	entry, err := workergen.WriteWorker(root, "release", src)
	if err != nil {
		t.Fatal(err)
	}
	r := startRig(t, root)
	uri := lspclient.FileURI(entry)
	must(t, r.c.Open(uri, 1, src))
	r.waitVersion(uri, 1)
	var wg sync.WaitGroup
	for i := range 20 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			pos := map[string]any{"textDocument": map[string]any{"uri": uri}, "position": map[string]int{"line": 60 + i, "character": 12}}
			_, _ = r.c.Call("textDocument/hover", pos, wait)
			_, _ = r.c.Call("textDocument/codeAction", map[string]any{"textDocument": map[string]any{"uri": uri},
				"range": map[string]any{"start": pos["position"], "end": pos["position"]}, "context": map[string]any{"triggerKind": 1}}, wait)
		}()
	}
	must(t, r.c.Insert(uri, 2, 0, 0, "# edited\n"))
	wg.Wait()
	r.waitVersion(uri, 2)
	r.srv.mu.Lock()
	snap := r.srv.docs[uri].snap
	r.srv.mu.Unlock()
	// The publication's own reference goes right after its publish.
	if refs := settledRefs(snap, 1); refs != 1 {
		t.Errorf("the current snapshot holds %d references once every request ended, want 1 (the document's)", refs)
	}
	must(t, r.c.CloseDoc(uri))
	r.alive()
	if n := settledRefs(snap, 0); n != 0 {
		t.Errorf("a closed document's snapshot holds %d references", n)
	}
	if a, ok := snap.Analyzed(); !ok || a == nil {
		t.Error("the published snapshot has no analysis")
	}
	if _, err := snap.Analysis(context.Background()); err != nil {
		t.Error(err)
	}
}

// settledRefs waits a little for s's references to come down to want,
// and returns them.
func settledRefs(s *ide.Snapshot, want int32) int32 {
	deadline := time.Now().Add(5 * time.Second)
	for s.Refs() != want && time.Now().Before(deadline) {
		time.Sleep(10 * time.Millisecond)
	}
	return s.Refs()
}

// TestSiblingBufferReachesImporterPulled is TestSiblingBufferReachesImporter
// for a client that pulls: the importer's pulled diagnostics follow the
// helper's unsaved buffer (the server asks the client to pull again).
func TestSiblingBufferReachesImporterPulled(t *testing.T) {
	dir := t.TempDir()
	mainText := "from notes import save\nfrom workers import WorkerEntrypoint\n\nclass Default(WorkerEntrypoint):\n    async def fetch(self, request):\n        data = await request.json()\n        await save(self.env.DB, data.get('n'))\n"
	checks := "async def save(db, note):\n    if note is None:\n        note = ''\n    await db.prepare('q').bind(note).run()\n"
	binds := "async def save(db, note):\n    await db.prepare('q').bind(note).run()\n"
	writeFiles(t, dir, map[string]string{
		"wrangler.toml": "name = \"w\"\nmain = \"src/entry.py\"\ncompatibility_date = \"2025-11-01\"\ncompatibility_flags = [\"python_workers\"]\n\n[[d1_databases]]\nbinding = \"DB\"\ndatabase_name = \"app\"\ndatabase_id = \"4e1c28a9-90e8-41da-8b4b-6cf36e5abb29\"\n",
		"src/entry.py":  mainText,
		"src/notes.py":  checks,
	})
	c := startServer(t, Options{})
	c.initializeIn(dir, pullCapabilities)
	uri, helper := pathURI(filepath.Join(dir, "src", "entry.py")), pathURI(filepath.Join(dir, "src", "notes.py"))
	open(c, uri, mainText)
	pulled := func() string {
		var res json.RawMessage
		if err := c.call("textDocument/diagnostic", map[string]any{"textDocument": map[string]any{"uri": uri}}, &res); err != nil {
			t.Fatal(err)
		}
		return string(res)
	}
	if got := pulled(); strings.Contains(got, "PW204") {
		t.Fatalf("the helper on disk checks for None: %s", got)
	}
	open(c, helper, checks)
	change(c, helper, 2, 0, 0, 4, 0, binds)
	deadline := time.Now().Add(wait)
	for !strings.Contains(pulled(), "PW204") {
		if time.Now().After(deadline) {
			t.Fatal("the helper's unsaved buffer binds its parameter, the importer's pulled diagnostics show no PW204")
		}
		time.Sleep(50 * time.Millisecond)
	}
}

// TestConfigWithManyBindingsStaysResponsive edits a wrangler.toml that
// declares 60,000 bindings while 300 modules are open: every module is
// analysed again, and each analysis reads the profile's key and binding
// names, which are computed once per profile (they were computed per
// analysis, 300 at once, and the hover below then waited over a minute).
func TestConfigWithManyBindingsStaysResponsive(t *testing.T) {
	if testing.Short() {
		t.Skip("60,000 bindings")
	}
	r, entry, _, hover := smallWorkerWithHover(t, "bindings")
	dir := filepath.Dir(entry)
	wrangler := filepath.Join(filepath.Dir(dir), "wrangler.toml")
	text, err := os.ReadFile(wrangler)
	if err != nil {
		t.Fatal(err)
	}
	var b strings.Builder
	b.Write(text)
	for i := 0; i < 60000; i++ {
		fmt.Fprintf(&b, "\n[[kv_namespaces]]\nbinding = \"KV%d\"\nid = \"%032d\"\n", i, i)
	}
	module := []byte("async def f(env):\n    return await env.KV7.get('k')\n")
	for i := 0; i < 300; i++ {
		must(t, r.c.Open(lspclient.FileURI(filepath.Join(dir, fmt.Sprintf("m%d.py", i))), 1, module))
	}
	r.waitVersion(lspclient.FileURI(filepath.Join(dir, "m299.py")), 1)
	uri := lspclient.FileURI(wrangler)
	must(t, r.c.Open(uri, 1, []byte(b.String())))
	for v := int32(2); v <= 3; v++ {
		must(t, r.c.Insert(uri, v, 0, 0, "#"))
		start := time.Now()
		if _, err := r.c.Call("textDocument/hover", hover, wait); err != nil {
			t.Fatalf("hover after editing the config: %v", err)
		}
		t.Logf("hover answered %v after a keystroke in the config", time.Since(start))
	}
}
