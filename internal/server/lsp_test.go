package server

import (
	"context"
	"encoding/json"
	"errors"
	"net"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"go.lsp.dev/jsonrpc2"
	"go.lsp.dev/protocol"
	"go.uber.org/zap"
	"go.uber.org/zap/zaptest"
)

// client is an in-memory LSP client connected to a server over a pipe.
type client struct {
	t        testing.TB
	conn     jsonrpc2.Conn
	mu       sync.Mutex
	diags    map[string][]publishParams // by URI, in arrival order
	received []string                   // methods the server sent, in order
	notified chan struct{}
	exit     chan int
	// answers gives the result of server requests by method (nil: null).
	answers  map[string]func(params json.RawMessage) any
	requests map[string][]json.RawMessage // server requests' params by method
	srv      *Server                      // for tests of internal state
}

func startServer(t testing.TB, opts Options) *client {
	t.Helper()
	if opts.Logger == nil {
		opts.Logger = zaptest.NewLogger(t, zaptest.Level(zap.WarnLevel))
	}
	serverEnd, clientEnd := net.Pipe()
	srv := New(jsonrpc2.NewStream(serverEnd), opts)
	c := &client{t: t, diags: map[string][]publishParams{}, notified: make(chan struct{}, 1), exit: make(chan int, 1), srv: srv}
	go func() { c.exit <- srv.Run(context.Background()) }()
	c.conn = jsonrpc2.NewConn(jsonrpc2.NewStream(clientEnd))
	c.conn.Go(context.Background(), func(ctx context.Context, reply jsonrpc2.Replier, req jsonrpc2.Request) error {
		c.mu.Lock()
		c.received = append(c.received, req.Method())
		c.mu.Unlock()
		switch req.Method() {
		case "textDocument/publishDiagnostics":
			var p publishParams
			if err := json.Unmarshal(req.Params(), &p); err != nil {
				t.Errorf("bad publishDiagnostics: %v", err)
			}
			c.mu.Lock()
			c.diags[p.URI] = append(c.diags[p.URI], p)
			c.mu.Unlock()
			select {
			case c.notified <- struct{}{}:
			default:
			}
		}
		// Answer server requests (client/registerCapability) off the read
		// loop, as editors do: net.Pipe is unbuffered, so writing from the
		// read loop while the server writes to us would deadlock.
		c.mu.Lock()
		answer := c.answers[req.Method()]
		if c.requests == nil {
			c.requests = map[string][]json.RawMessage{}
		}
		c.requests[req.Method()] = append(c.requests[req.Method()], req.Params())
		c.mu.Unlock()
		var result any
		if answer != nil {
			result = answer(req.Params())
		}
		go func() { _ = reply(ctx, result, nil) }()
		return nil
	})
	t.Cleanup(func() { _ = c.conn.Close() })
	return c
}

func (c *client) call(method string, params, result any) error {
	c.t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	_, err := c.conn.Call(ctx, method, params, result)
	return err
}

func (c *client) notify(method string, params any) {
	c.t.Helper()
	if err := c.conn.Notify(context.Background(), method, params); err != nil {
		c.t.Fatalf("notify %s: %v", method, err)
	}
}

// waitPublish waits for a publish for uri with the given version.
func (c *client) waitPublish(uri string, version int32) publishParams {
	c.t.Helper()
	deadline := time.After(10 * time.Second)
	for {
		c.mu.Lock()
		for _, p := range c.diags[uri] {
			if (p.Version == nil && version < 0) || (p.Version != nil && *p.Version == version) {
				c.mu.Unlock()
				return p
			}
		}
		c.mu.Unlock()
		select {
		case <-c.notified:
		case <-time.After(20 * time.Millisecond):
		case <-deadline:
			c.t.Fatalf("no publishDiagnostics for %s version %d; got %+v", uri, version, c.diags[uri])
		}
	}
}

// vscodeCapabilities is the subset of what VS Code sends that the server reads.
const vscodeCapabilities = `{"general":{"positionEncodings":["utf-16"]},"textDocument":{"hover":{"contentFormat":["markdown","plaintext"]},"publishDiagnostics":{"versionSupport":true}},"workspace":{"didChangeWatchedFiles":{"dynamicRegistration":true}}}`

func (c *client) initialize(caps string) initializeResult {
	c.t.Helper()
	var res initializeResult
	// The test documents have no wrangler config: PW002 would note the
	// default profile on each of them.
	params := json.RawMessage(`{"processId":1,"rootUri":"file:///work","initializationOptions":{"pyworkers":{"ignore":["PW002"],"outsideWorkers":true}},"capabilities":` + caps + `}`)
	if err := c.call("initialize", params, &res); err != nil {
		c.t.Fatalf("initialize: %v", err)
	}
	c.notify("initialized", struct{}{})
	return res
}

func open(c *client, uri, text string) {
	c.notify("textDocument/didOpen", map[string]any{"textDocument": map[string]any{"uri": uri, "languageId": "python", "version": 1, "text": text}})
}

func change(c *client, uri string, version int32, sl, sc, el, ec int, text string) {
	c.notify("textDocument/didChange", map[string]any{
		"textDocument":   map[string]any{"uri": uri, "version": version},
		"contentChanges": []any{map[string]any{"range": map[string]any{"start": map[string]any{"line": sl, "character": sc}, "end": map[string]any{"line": el, "character": ec}}, "text": text}},
	})
}

func codes(p publishParams) []string {
	var out []string
	for _, d := range p.Diagnostics {
		out = append(out, d.Code.(string))
	}
	return out
}

func TestLifecycleAndDiagnostics(t *testing.T) {
	c := startServer(t, Options{})
	res := c.initialize(vscodeCapabilities)
	if res.Capabilities.PositionEncoding != "utf-16" {
		t.Errorf("positionEncoding = %q", res.Capabilities.PositionEncoding)
	}
	const uri = "file:///work/src/entry.py"
	// Line 0 starts with non-ASCII text: "é😀" is 3 UTF-16 units, 6 bytes.
	open(c, uri, "s = \"é😀\"; from pyodide.ffi import to_py\n")
	p := c.waitPublish(uri, 1)
	if len(p.Diagnostics) != 1 || p.Diagnostics[0].Code != "PW201" {
		t.Fatalf("diagnostics = %+v", p.Diagnostics)
	}
	want := protocol.Range{Start: protocol.Position{Line: 0, Character: 35}, End: protocol.Position{Line: 0, Character: 40}}
	if got := p.Diagnostics[0].Range; got != want {
		t.Errorf("range = %v, want %v (UTF-16 columns)", got, want)
	}
	if p.Diagnostics[0].CodeDescription == nil || !strings.Contains(string(p.Diagnostics[0].CodeDescription.Href), "pw201") {
		t.Errorf("codeDescription = %+v", p.Diagnostics[0].CodeDescription)
	}

	// Insert a line above: the diagnostic moves down with the new version.
	change(c, uri, 2, 0, 0, 0, 0, "import js\n")
	p = c.waitPublish(uri, 2)
	if len(p.Diagnostics) != 1 || p.Diagnostics[0].Range.Start.Line != 1 || p.Diagnostics[0].Range.Start.Character != 35 {
		t.Fatalf("after edit: %+v", p.Diagnostics)
	}

	c.notify("textDocument/didClose", map[string]any{"textDocument": map[string]any{"uri": uri}})
	p = c.waitPublish(uri, -1)
	if len(p.Diagnostics) != 0 {
		t.Errorf("close left diagnostics: %+v", p.Diagnostics)
	}

	if err := c.call("shutdown", nil, nil); err != nil {
		t.Fatalf("shutdown: %v", err)
	}
	var rpcErr *jsonrpc2.Error
	if err := c.call("textDocument/hover", map[string]any{}, nil); !errors.As(err, &rpcErr) || rpcErr.Code != jsonrpc2.InvalidRequest {
		t.Errorf("request after shutdown: %v, want InvalidRequest", err)
	}
	c.notify("exit", nil)
	if code := <-c.exit; code != 0 {
		t.Errorf("exit code = %d, want 0", code)
	}
}

func TestExitWithoutShutdown(t *testing.T) {
	c := startServer(t, Options{})
	c.initialize(`{}`)
	c.notify("exit", nil)
	if code := <-c.exit; code != 1 {
		t.Errorf("exit code = %d, want 1", code)
	}
}

func TestUTF8Encoding(t *testing.T) {
	c := startServer(t, Options{})
	res := c.initialize(`{"general":{"positionEncodings":["utf-8","utf-16"]}}`)
	if res.Capabilities.PositionEncoding != "utf-8" {
		t.Fatalf("positionEncoding = %q", res.Capabilities.PositionEncoding)
	}
	const uri = "file:///work/a.py"
	open(c, uri, "s = \"é😀\"; from pyodide.ffi import to_py\n")
	p := c.waitPublish(uri, 1)
	if len(p.Diagnostics) != 1 || p.Diagnostics[0].Range.Start.Character != 38 {
		t.Fatalf("utf-8 diagnostics = %+v", p.Diagnostics)
	}
}

func TestSequentialEditsPublishEachVersion(t *testing.T) {
	c := startServer(t, Options{})
	c.initialize(vscodeCapabilities)
	const uri = "file:///work/b.py"
	open(c, uri, "é = 1\nfrom pyodide.ffi import to_py\n")
	c.waitPublish(uri, 1)
	for v := int32(2); v <= 51; v++ {
		change(c, uri, v, 0, 0, 0, 0, "#")
		p := c.waitPublish(uri, v)
		if got := codes(p); len(got) != 1 || got[0] != "PW201" {
			t.Fatalf("version %d: codes %v", v, got)
		}
	}
	// Versions arrive in order: no stale result after a newer one.
	c.mu.Lock()
	defer c.mu.Unlock()
	last := int32(0)
	for _, p := range c.diags[uri] {
		if *p.Version < last {
			t.Fatalf("version %d published after %d", *p.Version, last)
		}
		last = *p.Version
	}
}

func TestUnknownMethodsAndBeforeInitialize(t *testing.T) {
	c := startServer(t, Options{})
	var rpcErr *jsonrpc2.Error
	if err := c.call("textDocument/hover", map[string]any{}, nil); !errors.As(err, &rpcErr) || rpcErr.Code != codeServerNotInitialized {
		t.Errorf("before initialize: %v", err)
	}
	c.initialize(`{}`)
	if err := c.call("pyworkers/nonsense", nil, nil); !errors.As(err, &rpcErr) || rpcErr.Code != jsonrpc2.MethodNotFound {
		t.Errorf("unknown method: %v", err)
	}
	c.notify("$/setTrace", map[string]any{"value": "off"})
	c.notify("pyworkers/unknownNotification", nil)
	// Edits to a document that is not open are ignored.
	change(c, "file:///nowhere.py", 3, 0, 0, 0, 0, "x")
	if err := c.call("shutdown", nil, nil); err != nil {
		t.Fatalf("server stopped answering: %v", err)
	}
}

func TestCancelNumericID(t *testing.T) {
	started := make(chan struct{})
	c := startServer(t, Options{testRequests: map[string]requestHandler{
		"test/block": func(s *Server, ctx context.Context, _ json.RawMessage) (any, error) {
			close(started)
			<-ctx.Done()
			return "finished", nil
		},
	}})
	c.initialize(`{}`)
	// jsonrpc2's client numbers its calls 1, 2, …: initialize was 1.
	errc := make(chan error, 1)
	go func() { errc <- c.call("test/block", nil, nil) }()
	<-started
	c.notify("$/cancelRequest", map[string]any{"id": 2})
	var rpcErr *jsonrpc2.Error
	if err := <-errc; !errors.As(err, &rpcErr) || rpcErr.Code != codeRequestCancelled {
		t.Fatalf("cancelled request returned %v, want RequestCancelled", err)
	}
}

func TestPanicInHandler(t *testing.T) {
	c := startServer(t, Options{testRequests: map[string]requestHandler{
		"test/panic": func(s *Server, ctx context.Context, _ json.RawMessage) (any, error) {
			panic("boom")
		},
	}})
	c.initialize(`{}`)
	var rpcErr *jsonrpc2.Error
	if err := c.call("test/panic", nil, nil); !errors.As(err, &rpcErr) || rpcErr.Code != jsonrpc2.InternalError {
		t.Fatalf("panic returned %v, want InternalError", err)
	}
	if err := c.call("shutdown", nil, nil); err != nil {
		t.Fatalf("server stopped answering after a panic: %v", err)
	}
}

// TestDocsURLFromPyproject: docs-url in [tool.pyworkers-lsp] sets the
// codeDescription links of Python and config diagnostics, and the editor's
// docsUrl wins over it.
func TestDocsURLFromPyproject(t *testing.T) {
	for _, tc := range []struct {
		name, initOpts, want string
	}{
		{"pyproject", "", "https://docs.example.org/pw#pw201"},
		{"editor wins", `{"docsUrl":"https://example.com/rules"}`, "https://example.com/rules#pw201"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			root := t.TempDir()
			writeFiles(t, root, map[string]string{
				"wrangler.toml":  "main = \"a.py\"\ncompatibility_date = \"2026-05-01\"\ncompatibility_flags = [\"python_workers\", \"python_workerz\"]\n",
				"pyproject.toml": "[tool.pyworkers-lsp]\ndocs-url = \"https://docs.example.org/pw\"\n",
			})
			c := startIn(t, root, vscodeCapabilities, tc.initOpts)
			uri := pathURI(filepath.Join(root, "a.py"))
			open(c, uri, "from pyodide.ffi import to_py\n")
			p := c.waitPublish(uri, 1)
			linked := false
			for _, d := range p.Diagnostics {
				linked = linked || d.Code == "PW201" && d.CodeDescription != nil && string(d.CodeDescription.Href) == tc.want
			}
			if !linked {
				t.Fatalf("diagnostics = %+v, want a PW201 linking to %s", p.Diagnostics, tc.want)
			}
			// The misspelt flag in wrangler.toml is a config finding (PW5xx)
			// under the same base URL.
			cfg := c.waitPublish(pathURI(filepath.Join(root, "wrangler.toml")), -1)
			base := strings.TrimSuffix(tc.want, "#pw201")
			if len(cfg.Diagnostics) == 0 || cfg.Diagnostics[0].CodeDescription == nil || !strings.HasPrefix(string(cfg.Diagnostics[0].CodeDescription.Href), base+"#pw5") {
				t.Errorf("config diagnostics = %+v, want links under %s", cfg.Diagnostics, base)
			}
		})
	}
}
