package main

import (
	"context"
	"encoding/json"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"go.lsp.dev/jsonrpc2"
)

// stdioPipe joins a process's stdout and stdin for jsonrpc2.
type stdioPipe struct {
	io.ReadCloser
	io.WriteCloser
}

func (p stdioPipe) Close() error {
	_ = p.WriteCloser.Close()
	return p.ReadCloser.Close()
}

// TestServeOverStdio runs the built binary as an editor does: VS Code's
// position encoding and capabilities, PW201 on a line that starts with
// non-ASCII text, 50 one-character edits answered by a publish each,
// then shutdown and exit with status 0.
func TestServeOverStdio(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the binary")
	}
	bin := filepath.Join(t.TempDir(), "pyworkers-lsp")
	if out, err := exec.Command("go", "build", "-o", bin, ".").CombinedOutput(); err != nil {
		t.Fatalf("build: %v\n%s", err, out)
	}
	cmd := exec.Command(bin, "serve", "--stdio", "--log-level", "warn")
	stdin, _ := cmd.StdinPipe()
	stdout, _ := cmd.StdoutPipe()
	cmd.Stderr = os.Stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	conn := jsonrpc2.NewConn(jsonrpc2.NewStream(stdioPipe{stdout, stdin}))
	var mu sync.Mutex
	published := map[int32][]json.RawMessage{}
	got := make(chan int32, 100)
	conn.Go(context.Background(), func(ctx context.Context, reply jsonrpc2.Replier, req jsonrpc2.Request) error {
		if req.Method() == "textDocument/publishDiagnostics" {
			var p struct {
				Version     int32             `json:"version"`
				Diagnostics []json.RawMessage `json:"diagnostics"`
			}
			if err := json.Unmarshal(req.Params(), &p); err == nil {
				mu.Lock()
				published[p.Version] = p.Diagnostics
				mu.Unlock()
				got <- p.Version
			}
		}
		go func() { _ = reply(ctx, nil, nil) }()
		return nil
	})
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	var init struct {
		Capabilities struct {
			PositionEncoding string `json:"positionEncoding"`
		} `json:"capabilities"`
	}
	initParams := json.RawMessage(`{"processId":null,"rootUri":null,"initializationOptions":{"pyworkers":{"ignore":["PW002"],"outsideWorkers":true}},"capabilities":{"general":{"positionEncodings":["utf-16"]},"textDocument":{"synchronization":{"didSave":true},"publishDiagnostics":{"versionSupport":true,"codeDescriptionSupport":true,"dataSupport":true},"hover":{"contentFormat":["markdown","plaintext"]}}}}`)
	if _, err := conn.Call(ctx, "initialize", initParams, &init); err != nil {
		t.Fatalf("initialize: %v", err)
	}
	if init.Capabilities.PositionEncoding != "utf-16" {
		t.Fatalf("positionEncoding %q", init.Capabilities.PositionEncoding)
	}
	must := func(err error) {
		if err != nil {
			t.Fatal(err)
		}
	}
	must(conn.Notify(ctx, "initialized", struct{}{}))
	const uri = "untitled:Untitled-1"
	text := "s = \"é😀\"; from pyodide.ffi import to_py\n"
	must(conn.Notify(ctx, "textDocument/didOpen", map[string]any{"textDocument": map[string]any{"uri": uri, "languageId": "python", "version": 1, "text": text}}))
	wait := func(v int32) []json.RawMessage {
		t.Helper()
		for {
			select {
			case got := <-got:
				if got == v {
					mu.Lock()
					defer mu.Unlock()
					return published[v]
				}
			case <-ctx.Done():
				t.Fatalf("no publish for version %d", v)
			}
		}
	}
	var d struct {
		Code  string `json:"code"`
		Range struct {
			Start struct{ Line, Character int }
		} `json:"range"`
	}
	// `s = "é😀"; from pyodide.ffi import ` is 35 UTF-16 units (😀 counts 2).
	diags := wait(1)
	if len(diags) != 1 || json.Unmarshal(diags[0], &d) != nil || d.Code != "PW201" || d.Range.Start.Character != 35 {
		t.Fatalf("diagnostics = %s", diags)
	}
	for v := int32(2); v <= 51; v++ {
		must(conn.Notify(ctx, "textDocument/didChange", map[string]any{
			"textDocument":   map[string]any{"uri": uri, "version": v},
			"contentChanges": []any{map[string]any{"range": map[string]any{"start": map[string]any{"line": 1, "character": 0}, "end": map[string]any{"line": 1, "character": 0}}, "text": "#"}},
		}))
		if diags := wait(v); len(diags) != 1 {
			t.Fatalf("version %d: %s", v, diags)
		}
	}
	if _, err := conn.Call(ctx, "shutdown", nil, nil); err != nil {
		t.Fatalf("shutdown: %v", err)
	}
	must(conn.Notify(ctx, "exit", nil))
	if err := cmd.Wait(); err != nil {
		t.Fatalf("exit after shutdown: %v (want status 0)", err)
	}
}
