package server

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"math/rand"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"
	"unicode/utf8"

	sitter "github.com/smacker/go-tree-sitter"

	"github.com/pyworkers/pyworkers-lsp/internal/analysis/source"
	"github.com/pyworkers/pyworkers-lsp/internal/analysis/syntax"
	"github.com/pyworkers/pyworkers-lsp/internal/lspclient"
	"github.com/pyworkers/pyworkers-lsp/internal/workergen"
)

var (
	soakEdits = flag.Int("soak", 2000, "random edits in TestSoak (the long soak: -soak 10000)")
	soakSeed  = flag.Int64("soak-seed", 11, "random seed of TestSoak")
)

const wait = 20 * time.Second // bound on any single wait in these tests

// rig is a server on the resilient stream with a client on the other end
// of a pipe; tests read the server's state directly.
type rig struct {
	t    *testing.T
	srv  *Server
	c    *lspclient.Client
	conn net.Conn
	exit chan int
}

func newRig(t *testing.T, opts Options) *rig {
	t.Helper()
	serverEnd, clientEnd := net.Pipe()
	r := &rig{t: t, srv: New(NewStream(serverEnd, nil), opts), conn: clientEnd, exit: make(chan int, 1)}
	go func() { r.exit <- r.srv.Run(context.Background()) }()
	r.c = lspclient.New(clientEnd, clientEnd)
	t.Cleanup(func() {
		_ = clientEnd.Close()
		select {
		case <-r.exit:
		case <-time.After(wait):
			t.Error("server did not stop after its connection closed")
		}
	})
	return r
}

// start returns an initialized rig rooted at root.
func startRig(t *testing.T, root string) *rig {
	t.Helper()
	// The test documents lie outside any Worker: analyse them anyway.
	r := newRig(t, Options{testSettings: &Settings{OutsideWorkers: true}})
	if err := r.c.Initialize(root, wait); err != nil {
		t.Fatalf("initialize: %v", err)
	}
	return r
}

// alive checks that the server still answers requests.
func (r *rig) alive() {
	r.t.Helper()
	if _, err := r.c.Call("pyworkers/ping", nil, wait); err == nil || !isCode(err, -32601) {
		r.t.Fatalf("server does not answer an unknown method with MethodNotFound: %v", err)
	}
}

func isCode(err error, code int) bool {
	var e *lspclient.Error
	return errors.As(err, &e) && e.Code == code
}

// waitVersion waits for the publish of uri at version.
func (r *rig) waitVersion(uri string, version int32) lspclient.Publish {
	r.t.Helper()
	p, _, err := r.c.WaitPublish(0, wait, func(p lspclient.Publish) bool {
		return p.URI == uri && p.Version != nil && *p.Version == version
	})
	if err != nil {
		r.t.Fatalf("%s version %d: %v", uri, version, err)
	}
	return p
}

// text and tree read the server's document.
func (r *rig) text(uri string) (string, bool) {
	r.srv.mu.Lock()
	defer r.srv.mu.Unlock()
	d := r.srv.docs[uri]
	if d == nil {
		return "", false
	}
	return string(d.doc.Text()), true
}

func (r *rig) tree(uri string) (sexp string, broken bool) {
	r.srv.mu.Lock()
	defer r.srv.mu.Unlock()
	root := r.srv.docs[uri].doc.Tree().RootNode()
	return root.String(), root.HasError()
}

// freshParse parses text from scratch.
func freshParse(text string) (string, bool) {
	p := sitter.NewParser()
	defer p.Close()
	p.SetLanguage(syntax.Python())
	tree, err := p.ParseCtx(context.Background(), nil, source.ParserText([]byte(text)))
	if err != nil {
		panic(err)
	}
	defer tree.Close()
	return tree.RootNode().String(), tree.RootNode().HasError()
}

// readsLinesBlank reports whether the parser's view of text (the same
// offsets) has a blank line where text has code.
func readsLinesBlank(text []byte) bool {
	view := source.ParserText(text)
	for start := 0; start < len(view); {
		end := bytes.IndexByte(view[start:], '\n')
		if end < 0 {
			end = len(view)
		} else {
			end += start
		}
		if len(bytes.TrimSpace(view[start:end])) == 0 && len(bytes.TrimSpace(text[start:end])) > 0 {
			return true
		}
		start = end + 1
	}
	return false
}

// rawChange sends a didChange whose range and text are given as raw JSON.
func (r *rig) rawChange(uri string, version int32, rng, text string) {
	r.t.Helper()
	body := fmt.Sprintf(`{"jsonrpc":"2.0","method":"textDocument/didChange","params":{"textDocument":{"uri":%q,"version":%d},"contentChanges":[{"range":%s,"text":%s}]}}`, uri, version, rng, text)
	if err := r.c.WriteRaw([]byte(frame(body))); err != nil {
		r.t.Fatal(err)
	}
}

// q quotes s as a JSON string.
func q(s string) string {
	b, _ := json.Marshal(s)
	return string(b)
}

func rng(sl, sc, el, ec int64) string {
	return fmt.Sprintf(`{"start":{"line":%d,"character":%d},"end":{"line":%d,"character":%d}}`, sl, sc, el, ec)
}

// TestPositionsClamp sends edits with positions no client should send and
// checks the text they produce: out-of-range and negative positions
// clamp, reversed ranges are ordered, a column inside a surrogate pair
// rounds down, and the incremental tree still equals a fresh parse.
func TestPositionsClamp(t *testing.T) {
	// Line 0 is "é😀x" (UTF-16 columns: é 0, 😀 1–2, x 3); lines end with
	// "\r\n", a lone "\r" and "\n".
	const base = "é😀x\r\nab\rcd\n"
	tests := []struct {
		name, rng, insert, want string
	}{
		{"line past the end", rng(99, 0, 99, 0), q("Z"), base + "Z"},
		{"character past the line end", rng(1, 99, 1, 99), q("Z"), "é😀x\r\nabZ\rcd\n"},
		{"negative line", rng(-1, 5, -1, 5), q("Z"), "Z" + base},
		{"negative character", rng(1, -3, 1, -3), q("Z"), "é😀x\r\nZab\rcd\n"},
		{"end before start", rng(1, 2, 0, 0), q("Z"), "Z\rcd\n"},
		{"inside a surrogate pair", rng(0, 2, 0, 2), q("Z"), "éZ😀x\r\nab\rcd\n"},
		{"beyond int32", rng(1<<40, 1<<40, 1<<40, 1<<40), q("Z"), base + "Z"},
		{"NUL and lone CR inserted", rng(2, 0, 2, 0), q("\x00\r"), "é😀x\r\nab\r\x00\rcd\n"},
		{"lone surrogate escape", rng(0, 0, 0, 0), `"\ud800"`, "\uFFFD" + base},
		{"delete across line breaks", rng(0, 3, 2, 1), q(""), "é😀d\n"},
	}
	r := startRig(t, t.TempDir())
	for i, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			uri := fmt.Sprintf("file:///work/pos%d.py", i)
			if err := r.c.Open(uri, 1, []byte(base)); err != nil {
				t.Fatal(err)
			}
			r.rawChange(uri, 2, tc.rng, tc.insert)
			r.waitVersion(uri, 2)
			if got, _ := r.text(uri); got != tc.want {
				t.Errorf("text = %q, want %q", got, tc.want)
			}
			got, _ := r.tree(uri)
			if want, broken := freshParse(tc.want); !broken && got != want {
				t.Errorf("tree = %s, want %s", got, want)
			}
		})
	}
	r.alive()
}

// TestInvalidUTF8InMessages writes raw bytes that are not UTF-8 inside
// JSON strings: they decode as U+FFFD and the document stays usable.
func TestInvalidUTF8InMessages(t *testing.T) {
	r := startRig(t, t.TempDir())
	const uri = "file:///work/utf8.py"
	body := `{"jsonrpc":"2.0","method":"textDocument/didOpen","params":{"textDocument":{"uri":"` + uri + `","languageId":"python","version":1,"text":"s = '` + "\xff\xfe\xc3" + `'\nfrom pyodide.ffi import to_py\n"}}}`
	if err := r.c.WriteRaw([]byte(frame(body))); err != nil {
		t.Fatal(err)
	}
	p := r.waitVersion(uri, 1)
	text, _ := r.text(uri)
	if !utf8.ValidString(text) || !strings.Contains(text, "\uFFFD") {
		t.Errorf("text = %q", text)
	}
	if p.Diagnostics == 0 {
		t.Errorf("no diagnostics for the to_py import after invalid UTF-8")
	}
	r.alive()
}

// TestWrongParamTypes sends well-framed messages whose params have the
// wrong types: requests get InvalidParams, notifications are dropped, and
// the document is unchanged.
func TestWrongParamTypes(t *testing.T) {
	r := startRig(t, t.TempDir())
	const uri = "file:///work/types.py"
	if err := r.c.Open(uri, 1, []byte("x = 1\n")); err != nil {
		t.Fatal(err)
	}
	r.waitVersion(uri, 1)
	for _, body := range []string{
		`{"jsonrpc":"2.0","method":"textDocument/didChange","params":{"textDocument":{"uri":"` + uri + `","version":"two"},"contentChanges":[]}}`,
		`{"jsonrpc":"2.0","method":"textDocument/didChange","params":{"textDocument":{"uri":"` + uri + `","version":2},"contentChanges":{"text":"y"}}}`,
		`{"jsonrpc":"2.0","method":"textDocument/didChange","params":{"textDocument":{"uri":"` + uri + `","version":2},"contentChanges":[{"range":{"start":{"line":"0"}},"text":"y"}]}}`,
		`{"jsonrpc":"2.0","method":"textDocument/didChange","params":{"textDocument":{"uri":"` + uri + `","version":2},"contentChanges":[{"range":{"start":{"line":0.5,"character":0},"end":{"line":0,"character":0}},"text":"y"}]}}`,
		`{"jsonrpc":"2.0","method":"textDocument/didOpen","params":{"textDocument":[1,2,3]}}`,
		`{"jsonrpc":"2.0","method":"textDocument/didClose","params":{"textDocument":{"uri":7}}}`,
		`{"jsonrpc":"2.0","method":"workspace/didChangeConfiguration","params":{"settings":{"pyworkers":{"select":"PW2"}}}}`,
	} {
		if err := r.c.WriteRaw([]byte(frame(body))); err != nil {
			t.Fatal(err)
		}
	}
	for _, method := range []string{"textDocument/hover", "textDocument/definition", "textDocument/completion", "textDocument/codeAction", "textDocument/inlayHint"} {
		_, err := r.c.Call(method, map[string]any{"textDocument": map[string]any{"uri": 5}, "position": "here", "range": 3}, wait)
		if err == nil || !isCode(err, -32602) {
			t.Errorf("%s with wrong param types: %v, want InvalidParams", method, err)
		}
	}
	if got, _ := r.text(uri); got != "x = 1\n" {
		t.Errorf("malformed changes altered the text: %q", got)
	}
	r.alive()
}

// TestBadFramesThroughServer checks that the server keeps serving after
// malformed frames, answering each stretch of bad input with an error.
func TestBadFramesThroughServer(t *testing.T) {
	r := newRig(t, Options{})
	for _, junk := range []string{
		"garbage\r\n",
		"Content-Length: 5\r\n\r\n{\"jso",
		"Content-Length: nope\r\n\r\n",
		frame(`{"jsonrpc":"2.0","id":99999999999,"method":"initialize","params":{}}`),
		frame(`[1,2]`),
	} {
		if err := r.c.WriteRaw([]byte(junk)); err != nil {
			t.Fatal(err)
		}
	}
	if err := r.c.Initialize(t.TempDir(), wait); err != nil {
		t.Fatalf("initialize after bad frames: %v", err)
	}
	orphans := r.c.Orphans()
	if len(orphans) != 5 {
		t.Errorf("got %d error replies to 5 bad inputs: %+v", len(orphans), orphans)
	}
	for _, o := range orphans {
		if o.Error == nil || (o.Error.Code != -32700 && o.Error.Code != -32600) {
			t.Errorf("reply to bad input: %+v", o)
		}
	}
	r.alive()
}

func TestEditsToUnopenedAndClosedDocuments(t *testing.T) {
	r := startRig(t, t.TempDir())
	const uri = "file:///work/closed.py"
	r.rawChange("file:///work/never.py", 2, rng(0, 0, 0, 0), q("x"))
	if err := r.c.Open(uri, 1, []byte("x = 1\n")); err != nil {
		t.Fatal(err)
	}
	r.waitVersion(uri, 1)
	if err := r.c.CloseDoc(uri); err != nil {
		t.Fatal(err)
	}
	r.rawChange(uri, 2, rng(0, 0, 0, 0), q("y"))
	if err := r.c.CloseDoc(uri); err != nil { // closed twice
		t.Fatal(err)
	}
	r.alive()
	for _, p := range r.c.Publishes() {
		if p.URI == "file:///work/never.py" || (p.Version != nil && *p.Version == 2) {
			t.Errorf("published for a document that is not open: %+v", p)
		}
	}
	if _, open := r.text(uri); open {
		t.Error("closed document still open")
	}
}

// TestLargeAndDeepDocuments opens a 10 MB file and 5,000 nested
// parentheses, edits both and gets diagnostics for every version.
func TestLargeAndDeepDocuments(t *testing.T) {
	r := startRig(t, t.TempDir())
	module := workergen.Module(20000)
	var big []byte
	for len(big) < 10<<20 {
		big = append(big, module...)
	}
	deep := "x = " + strings.Repeat("(", 5000) + "1" + strings.Repeat(")", 5000) + "\nfrom pyodide.ffi import to_py\n"
	for name, text := range map[string][]byte{"big": big, "deep": []byte(deep)} {
		uri := "file:///work/" + name + ".py"
		start := time.Now()
		if err := r.c.Open(uri, 1, text); err != nil {
			t.Fatal(err)
		}
		r.waitVersion(uri, 1)
		r.rawChange(uri, 2, rng(0, 0, 0, 0), q("#"))
		p := r.waitVersion(uri, 2)
		t.Logf("%s (%d bytes): open and one edit in %v, %d findings", name, len(text), time.Since(start), p.Diagnostics)
		if name == "deep" && p.Diagnostics == 0 {
			t.Error("no finding in the deep document")
		}
	}
	r.alive()
}

// TestRapidOpenClose opens and closes one document 300 times without
// waiting: nothing leaks and the last word is an empty publish.
func TestRapidOpenClose(t *testing.T) {
	r := startRig(t, t.TempDir())
	const uri = "file:///work/flicker.py"
	before := runtime.NumGoroutine()
	text := workergen.Module(300)
	for i := 0; i < 300; i++ {
		if err := r.c.Open(uri, int32(i+1), text); err != nil {
			t.Fatal(err)
		}
		if err := r.c.CloseDoc(uri); err != nil {
			t.Fatal(err)
		}
	}
	r.alive()
	time.Sleep(200 * time.Millisecond) // let the last analyses finish
	pubs := r.c.Publishes()
	if last := pubs[len(pubs)-1]; last.URI != uri || last.Version != nil || last.Diagnostics != 0 {
		t.Errorf("last publish after the final close = %+v, want an empty one without version", last)
	}
	if _, open := r.text(uri); open {
		t.Error("document still open")
	}
	deadline := time.Now().Add(wait)
	for runtime.NumGoroutine() > before+2 && time.Now().Before(deadline) {
		time.Sleep(20 * time.Millisecond)
	}
	if n := runtime.NumGoroutine(); n > before+2 {
		t.Errorf("%d goroutines after 300 open/close cycles, %d before", n, before)
	}
}

// TestMassCancel sends 200 requests that block until cancelled and then
// cancels them all at once; then 200 hovers cancelled as they are sent.
// Every request gets exactly one answer.
func TestMassCancel(t *testing.T) {
	var started sync.WaitGroup
	started.Add(200)
	r := newRig(t, Options{testRequests: map[string]requestHandler{
		"test/block": func(s *Server, ctx context.Context, _ json.RawMessage) (any, error) {
			started.Done()
			<-ctx.Done()
			return "finished", nil
		},
	}})
	if err := r.c.Initialize(t.TempDir(), wait); err != nil {
		t.Fatal(err)
	}
	type pending struct {
		id   int
		wait func(time.Duration) (json.RawMessage, error)
	}
	var calls []pending
	for i := 0; i < 200; i++ {
		id, w, err := r.c.Send("test/block", nil)
		if err != nil {
			t.Fatal(err)
		}
		calls = append(calls, pending{id, w})
	}
	started.Wait()
	for _, c := range calls {
		if err := r.c.Notify("$/cancelRequest", map[string]any{"id": c.id}); err != nil {
			t.Fatal(err)
		}
	}
	for _, c := range calls {
		if _, err := c.wait(wait); !isCode(err, int(codeRequestCancelled)) {
			t.Fatalf("request %d: %v, want RequestCancelled", c.id, err)
		}
	}

	const uri = "file:///work/hover.py"
	if err := r.c.Open(uri, 1, workergen.Module(2000)); err != nil {
		t.Fatal(err)
	}
	calls = calls[:0]
	for i := 0; i < 200; i++ {
		id, w, err := r.c.Send("textDocument/hover", map[string]any{"textDocument": map[string]any{"uri": uri}, "position": map[string]any{"line": 40 + i, "character": 12}})
		if err != nil {
			t.Fatal(err)
		}
		if err := r.c.Notify("$/cancelRequest", map[string]any{"id": id}); err != nil {
			t.Fatal(err)
		}
		calls = append(calls, pending{id, w})
	}
	for _, c := range calls {
		if _, err := c.wait(wait); err != nil && !isCode(err, int(codeRequestCancelled)) {
			t.Fatalf("hover %d: %v", c.id, err)
		}
	}
	if orphans := r.c.Orphans(); len(orphans) != 0 {
		t.Errorf("answers to no request: %+v", orphans)
	}
	r.alive()
}

// TestVersionsMonotonic types 300 edits without waiting: publishes for the
// document never go back in version, and the last is for the last edit.
func TestVersionsMonotonic(t *testing.T) {
	r := startRig(t, t.TempDir())
	const uri = "file:///work/burst.py"
	text := workergen.Module(3000)
	if err := r.c.Open(uri, 1, text); err != nil {
		t.Fatal(err)
	}
	line, col := 40, 0
	for v := int32(2); v <= 301; v++ {
		if err := r.c.Insert(uri, v, line, col, "#"); err != nil {
			t.Fatal(err)
		}
	}
	r.waitVersion(uri, 301)
	r.alive()
	last := int32(0)
	for _, p := range r.c.Publishes() {
		if p.URI != uri {
			continue
		}
		if p.Version == nil || *p.Version < last {
			t.Fatalf("publish out of order: version %v after %d", p.Version, last)
		}
		last = *p.Version
	}
	if last != 301 {
		t.Errorf("last publish is for version %d, want 301", last)
	}
}

// freshDiagnostics opens text in a new server over the same workspace
// and returns its diagnostics for uri.
func freshDiagnostics(t *testing.T, root, uri string, text []byte, extra map[string][]byte) json.RawMessage {
	t.Helper()
	f := startRig(t, root)
	defer f.conn.Close()
	for u, txt := range extra {
		if err := f.c.Open(u, 1, txt); err != nil {
			t.Fatal(err)
		}
	}
	if err := f.c.Open(uri, 1, text); err != nil {
		t.Fatal(err)
	}
	if len(extra) == 0 {
		return f.waitVersion(uri, 1).Raw
	}
	settleRig(f, uri) // config documents trigger more analyses
	return lastPublish(f, uri).Raw
}

// settleRig waits until the server has published nothing for 300 ms.
func settleRig(r *rig, uri string) {
	r.t.Helper()
	if _, _, err := r.c.WaitPublish(0, wait, func(p lspclient.Publish) bool { return p.URI == uri }); err != nil {
		r.t.Fatal(err)
	}
	next := len(r.c.Publishes())
	for {
		if _, after, err := r.c.WaitPublish(next, 300*time.Millisecond, func(lspclient.Publish) bool { return true }); err == nil {
			next = after
			continue
		}
		return
	}
}

func lastPublish(r *rig, uri string) lspclient.Publish {
	pubs := r.c.Publishes()
	for i := len(pubs) - 1; i >= 0; i-- {
		if pubs[i].URI == uri {
			return pubs[i]
		}
	}
	r.t.Fatalf("no publish for %s", uri)
	return lspclient.Publish{}
}

// TestConfigChangedWhileEditing edits a Worker and its wrangler.toml in
// turn, flipping the runtime: the final diagnostics of the Python file are
// for its last version under the final config.
func TestConfigChangedWhileEditing(t *testing.T) {
	root := t.TempDir()
	wrangler := filepath.Join(root, "wrangler.toml")
	entry := filepath.Join(root, "src", "entry.py")
	config := func(date string) []byte {
		return []byte("name = \"w\"\nmain = \"src/entry.py\"\ncompatibility_date = \"" + date + "\"\ncompatibility_flags = [\"python_workers\"]\n")
	}
	if err := os.MkdirAll(filepath.Dir(entry), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(wrangler, config("2025-06-01"), 0o644); err != nil {
		t.Fatal(err)
	}
	py := []byte("from pyodide.ffi import jsnull, run_sync\nfrom workers import WorkerEntrypoint\n\nclass Default(WorkerEntrypoint):\n    async def fetch(self, request):\n        s = \"\"\n        return jsnull\n")
	at := strings.Index(string(py), `s = "`) + len(`s = "`) // line 5, column 13
	if err := os.WriteFile(entry, py, 0o644); err != nil {
		t.Fatal(err)
	}
	r := startRig(t, root)
	pyURI, cfgURI := lspclient.FileURI(entry), lspclient.FileURI(wrangler)
	if err := r.c.Open(pyURI, 1, py); err != nil {
		t.Fatal(err)
	}
	if err := r.c.Notify("textDocument/didOpen", map[string]any{"textDocument": map[string]any{"uri": cfgURI, "languageId": "toml", "version": 1, "text": string(config("2025-06-01"))}}); err != nil {
		t.Fatal(err)
	}
	dates := []string{"2025-06-01", "2025-11-01"}
	cfgText := config("2025-06-01")
	for v := int32(2); v <= 61; v++ {
		if err := r.c.Insert(pyURI, v, 5, 13, "a"); err != nil {
			t.Fatal(err)
		}
		py = append(append(append([]byte{}, py[:at]...), 'a'), py[at:]...)
		if v%3 == 0 {
			cfgText = config(dates[v%2])
			if err := r.c.Notify("textDocument/didChange", map[string]any{"textDocument": map[string]any{"uri": cfgURI, "version": v},
				"contentChanges": []any{map[string]any{"text": string(cfgText)}}}); err != nil {
				t.Fatal(err)
			}
		}
	}
	r.waitVersion(pyURI, 61)
	settleRig(r, pyURI)
	got := lastPublish(r, pyURI)
	if got.Version == nil || *got.Version != 61 {
		t.Fatalf("last publish for the Python file is version %v, want 61", got.Version)
	}
	if text, _ := r.text(pyURI); text != string(py) {
		t.Fatalf("server text diverged from the edits:\n%q\n%q", text, py)
	}
	want := freshDiagnostics(t, root, pyURI, py, map[string][]byte{cfgURI: cfgText})
	if !sameJSON(got.Raw, want) {
		t.Errorf("after config changes: diagnostics\n%s\nwant (fresh server, final config)\n%s", got.Raw, want)
	}
}

func sameJSON(a, b json.RawMessage) bool {
	var x, y any
	return json.Unmarshal(a, &x) == nil && json.Unmarshal(b, &y) == nil && fmt.Sprint(x) == fmt.Sprint(y)
}

// TestSoak types random edits through the protocol in bursts and checks,
// every 10 edits, that the server's text equals the client's, that its
// tree equals a fresh parse and that its diagnostics equal those of a
// fresh server. Random edits break Python syntax more often than not, and
// trees and diagnostics are compared only for valid text (tree-sitter may
// recover from errors differently when it reuses subtrees, so broken text
// must only stay broken), so most edits that break the text are undone
// at once, and text broken for 3 edits is typed back to its last valid
// state: the server sees break-and-repair sequences, and most checks see
// valid text. -soak N sets the number of edits, -soak-seed the seed.
func TestSoak(t *testing.T) {
	edits := *soakEdits
	if testing.Short() {
		edits = min(edits, 300)
	}
	root := t.TempDir()
	s := &soaker{t: t, r: startRig(t, root), uri: "file:///work/soak.py", rnd: rand.New(rand.NewSource(*soakSeed)), version: 1}
	s.text = workergen.Module(150)
	s.valid = s.text
	if err := s.r.c.Open(s.uri, 1, s.text); err != nil {
		t.Fatal(err)
	}
	checks, compared, broken := 0, 0, 0
	for done := 0; done < edits; done++ {
		before := s.text
		start, end, ins := s.randomEdit()
		_, isBroken := freshParse(string(s.text))
		switch {
		case !isBroken && readsLinesBlank(s.text):
			// The parser's view reads a line blank where its indentation
			// would end a class early (source/resync.go): the text is
			// broken though its view parses. Undone at once: kept, the
			// blanked lines piled up and the walk drifted from valid text.
			s.undo(before, start, end, ins)
		case !isBroken:
			s.valid, broken = s.text, 0
		case s.rnd.Intn(20) < 17:
			s.undo(before, start, end, ins)
		default:
			if broken++; broken > 3 {
				s.replaceAll(s.valid)
				broken = 0
			}
		}
		if (done+1)%10 == 0 {
			checks++
			s.r.waitVersion(s.uri, s.version)
			if checkFresh(t, s.r, root, s.uri, s.text, s.version) {
				compared++
			}
		}
	}
	t.Logf("%d edits, %d checks, %d with trees and diagnostics compared", edits, checks, compared)
	if compared < checks/3 {
		t.Errorf("only %d of %d checks saw valid text: the soak compares too little", compared, checks)
	}
}

// soaker types into one document and keeps the text the server should have.
type soaker struct {
	t           *testing.T
	r           *rig
	uri         string
	rnd         *rand.Rand
	version     int32
	text, valid []byte
}

// send replaces text[a:b) with ins through a didChange, with positions
// from the client's own line index, and reports the byte range the server
// will replace (positions inside a character or a "\r\n" round down).
func (s *soaker) send(a, b int, ins string) (int, int) {
	lines := source.NewLines(s.text)
	sl, sc := lines.Position(a, source.UTF16)
	el, ec := lines.Position(b, source.UTF16)
	start, end := lines.Offset(sl, sc, source.UTF16), lines.Offset(el, ec, source.UTF16)
	s.version++
	if err := s.r.c.Change(s.uri, s.version, sl, sc, el, ec, ins); err != nil {
		s.t.Fatal(err)
	}
	// JSON carries text as UTF-8: NUL survives, nothing else changes.
	next := append([]byte{}, s.text[:start]...)
	next = append(next, ins...)
	s.text = append(next, s.text[end:]...)
	return start, end
}

func (s *soaker) randomEdit() (start, end int, ins string) {
	a := s.rnd.Intn(len(s.text) + 1)
	b := a
	if s.rnd.Intn(3) == 0 {
		b = min(len(s.text), a+s.rnd.Intn(40))
	}
	kind := 0
	if s.rnd.Intn(10) == 0 {
		kind = 1
	}
	ins = workergen.SoakFragments[kind][s.rnd.Intn(len(workergen.SoakFragments[kind]))]
	start, end = s.send(a, b, ins)
	return start, end, ins
}

// undo reverts the last edit with an edit of its own, or with a
// whole-text replacement when its range has no exact position (an end
// between "\r" and "\n").
func (s *soaker) undo(before []byte, start, end int, ins string) {
	lines := source.NewLines(s.text)
	stop := start + len(ins)
	exact := func(off int) bool {
		l, c := lines.Position(off, source.UTF16)
		return lines.Offset(l, c, source.UTF16) == off
	}
	if !exact(start) || !exact(stop) {
		s.replaceAll(before)
		return
	}
	s.send(start, stop, string(before[start:end]))
	if string(s.text) != string(before) {
		s.t.Fatalf("undo produced %q, want %q", s.text, before)
	}
}

// replaceAll replaces the whole text with one ranged edit.
func (s *soaker) replaceAll(text []byte) {
	s.send(0, len(s.text), string(text))
	if string(s.text) != string(text) {
		s.t.Fatal("whole-text replacement did not apply")
	}
}

// checkFresh compares the server's state with a fresh parse and a fresh
// server; it reports whether the text was valid (fully compared).
func checkFresh(t *testing.T, r *rig, root, uri string, text []byte, version int32) bool {
	t.Helper()
	got, _ := r.text(uri)
	if got != string(text) {
		t.Fatalf("version %d: server text diverged from the client's", version)
	}
	tree, treeBroken := r.tree(uri)
	want, broken := freshParse(string(text))
	if broken {
		if !treeBroken {
			t.Fatalf("version %d: a fresh parse has errors, the incremental tree has none", version)
		}
		return false
	}
	if tree != want {
		t.Fatalf("version %d: incremental tree differs from a fresh parse", version)
	}
	pub := r.waitVersion(uri, version)
	if fresh := freshDiagnostics(t, root, uri, text, nil); !sameJSON(pub.Raw, fresh) {
		t.Fatalf("version %d: incremental diagnostics\n%s\nwant (fresh server)\n%s", version, pub.Raw, fresh)
	}
	return true
}

// TestManyOpenDocuments opens more documents than keep a syntax tree and
// edits them in turn: a document whose tree was dropped parses afresh,
// and its diagnostics still follow its edits.
func TestManyOpenDocuments(t *testing.T) {
	root := t.TempDir()
	r := startRig(t, root)
	n := 3 * hotTrees
	texts := make([][]byte, n)
	uri := func(i int) string { return fmt.Sprintf("file:///work/many%02d.py", i) }
	for i := range texts {
		texts[i] = []byte(fmt.Sprintf("x%d = 1\n", i))
		if err := r.c.Open(uri(i), 1, texts[i]); err != nil {
			t.Fatal(err)
		}
	}
	base := r.waitVersion(uri(0), 1).Diagnostics // notes about the missing config
	rnd := rand.New(rand.NewSource(5))
	versions := make([]int32, n)
	for step := 0; step < 4*n; step++ {
		i := rnd.Intn(n)
		versions[i]++
		v := versions[i] + 1
		// Typing a to_py import into a cold document must report PW201.
		line := "from pyodide.ffi import to_py\n"
		if err := r.c.Insert(uri(i), v, 0, 0, line); err != nil {
			t.Fatal(err)
		}
		texts[i] = append([]byte(line), texts[i]...)
		p := r.waitVersion(uri(i), v)
		if p.Diagnostics != base+int(versions[i]) {
			t.Fatalf("document %d version %d: %d findings, want %d and one per import line (%d)", i, v, p.Diagnostics, base, versions[i])
		}
		if got, _ := r.text(uri(i)); got != string(texts[i]) {
			t.Fatalf("document %d: text diverged", i)
		}
	}
	if hot := r.srv.trees.Kept(); hot > hotTrees {
		t.Errorf("%d documents keep a tree, limit %d", hot, hotTrees)
	}
	// The snapshots of cold documents drop their trees too.
	r.waitSnapshotTrees(hotTrees)
}

// TestOpeningManyDocumentsKeepsFewTrees opens documents faster than they
// are analysed, so most are parsed after newer ones pushed them out of
// the recently used: their snapshots must not keep those trees (2,000
// documents opened at once held one each, about 300 MB of C memory).
func TestOpeningManyDocumentsKeepsFewTrees(t *testing.T) {
	r := startRig(t, t.TempDir())
	text := workergen.Module(200)
	n := 25 * hotTrees
	uri := func(i int) string { return fmt.Sprintf("file:///work/open%02d.py", i) }
	for i := 0; i < n; i++ {
		if err := r.c.Open(uri(i), 1, text); err != nil {
			t.Fatal(err)
		}
	}
	for i := 0; i < n; i++ {
		r.waitVersion(uri(i), 1)
	}
	r.waitSnapshotTrees(hotTrees)
}

// waitSnapshotTrees waits until at most limit open documents' snapshots
// hold a syntax tree (trees are dropped off the read loop).
func (r *rig) waitSnapshotTrees(limit int) {
	r.t.Helper()
	deadline := time.Now().Add(wait)
	for {
		r.srv.mu.Lock()
		kept := 0
		for _, d := range r.srv.docs {
			if d.snap != nil && d.snap.HasTree() {
				kept++
			}
		}
		r.srv.mu.Unlock()
		if kept <= limit {
			return
		}
		if time.Now().After(deadline) {
			r.t.Fatalf("%d snapshots keep a tree, limit %d", kept, limit)
		}
		time.Sleep(10 * time.Millisecond)
	}
}

// TestBinaryLifecycle runs the real binary over stdio: it exits when its
// input closes (1 without shutdown, 0 after), on exit (1 without
// shutdown), and answers requests after shutdown with InvalidRequest,
// also after malformed input.
func TestBinaryLifecycle(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the binary")
	}
	bin := filepath.Join(t.TempDir(), "pyworkers-lsp")
	if out, err := exec.Command("go", "build", "-o", bin, "../../cmd/pyworkers-lsp").CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	tests := []struct {
		name     string
		shutdown bool
		end      func(c *lspclient.Client) error
		code     int
	}{
		{"stdin closes without shutdown", false, (*lspclient.Client).CloseInput, 1},
		{"stdin closes after shutdown", true, (*lspclient.Client).CloseInput, 0},
		{"exit without shutdown", false, func(c *lspclient.Client) error { return c.Notify("exit", nil) }, 1},
		{"exit after shutdown", true, func(c *lspclient.Client) error { return c.Notify("exit", nil) }, 0},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			root := t.TempDir()
			c, err := lspclient.Start([]string{bin, "serve", "--log-level", "error"}, root, nil)
			if err != nil {
				t.Fatal(err)
			}
			if err := c.WriteRaw([]byte("garbage\r\n" + frame(`{"jsonrpc":"2.0","id":"big","method":"x","params":7}`))); err != nil {
				t.Fatal(err)
			}
			if err := c.Initialize(root, wait); err != nil {
				t.Fatalf("initialize after malformed input: %v", err)
			}
			if tc.shutdown {
				if _, err := c.Call("shutdown", nil, wait); err != nil {
					t.Fatal(err)
				}
				if _, err := c.Call("textDocument/hover", map[string]any{}, wait); !isCode(err, -32600) {
					t.Errorf("request after shutdown: %v, want InvalidRequest", err)
				}
			}
			if err := tc.end(c); err != nil {
				t.Fatal(err)
			}
			code, err := c.Wait(wait)
			if err != nil || code != tc.code {
				t.Errorf("exit status %d (%v), want %d", code, err, tc.code)
			}
			if n := len(c.Orphans()); n != 2 {
				t.Errorf("%d error replies to 2 malformed messages", n)
			}
		})
	}
}

// TestNoPublishAfterClose opens and at once closes 2,000 documents: an
// analysis that finishes as its document closes must not publish after
// the clearing publish, or the editor keeps diagnostics for a closed file.
func TestNoPublishAfterClose(t *testing.T) {
	r := startRig(t, t.TempDir())
	const n = 2000
	for i := 0; i < n; i++ {
		uri := fmt.Sprintf("file:///work/flash%d.py", i)
		if err := r.c.Open(uri, 1, []byte("from pyodide.ffi import to_py\n")); err != nil {
			t.Fatal(err)
		}
		if i%3 == 0 {
			time.Sleep(time.Duration(i%50) * time.Microsecond) // vary the race
		}
		if err := r.c.CloseDoc(uri); err != nil {
			t.Fatal(err)
		}
	}
	r.alive()
	last := map[string]lspclient.Publish{}
	for _, p := range r.c.Publishes() {
		last[p.URI] = p
	}
	stale := 0
	for uri, p := range last {
		if p.Version != nil || p.Diagnostics != 0 {
			if stale++; stale <= 3 {
				t.Errorf("%s: last publish after close has %d diagnostics: %.100s", uri, p.Diagnostics, p.Raw)
			}
		}
	}
	if stale > 0 || len(last) != n {
		t.Errorf("%d of %d closed documents keep diagnostics (%d documents published)", stale, n, len(last))
	}
}

// TestFirstDiagnosticsHook: Options.FirstDiagnostics runs once, when the
// first Python document's diagnostics are published, and not again
// (TestFirstDiagnosticsHookPulled: or answer a pull).
func TestFirstDiagnosticsHook(t *testing.T) {
	var calls atomic.Int32
	r := newRig(t, Options{testSettings: &Settings{OutsideWorkers: true}, FirstDiagnostics: func() { calls.Add(1) }})
	root := t.TempDir()
	if err := r.c.Initialize(root, wait); err != nil {
		t.Fatalf("initialize: %v", err)
	}
	r.alive()
	if calls.Load() != 0 {
		t.Fatal("called before any document was opened")
	}
	for _, name := range []string{"a.py", "b.py"} {
		uri := lspclient.FileURI(filepath.Join(root, name))
		if err := r.c.Open(uri, 1, []byte("x = 1\n")); err != nil {
			t.Fatal(err)
		}
		r.waitVersion(uri, 1)
		for deadline := time.Now().Add(wait); calls.Load() == 0 && time.Now().Before(deadline); {
			time.Sleep(time.Millisecond) // it runs just after the publish is written
		}
	}
	r.alive()
	if n := calls.Load(); n != 1 {
		t.Fatalf("called %d times, want 1", n)
	}
}
