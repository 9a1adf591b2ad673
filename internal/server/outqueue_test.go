package server

import (
	"context"
	"encoding/json"
	"io"
	"strings"
	"testing"
	"time"

	"go.lsp.dev/jsonrpc2"
)

// stuckConn is a client that sends input but never reads its output:
// every Write blocks until the test ends.
type stuckConn struct {
	in      io.Reader
	release chan struct{}
}

func (c *stuckConn) Read(p []byte) (int, error) { return c.in.Read(p) }
func (c *stuckConn) Write(p []byte) (int, error) {
	<-c.release
	return 0, io.ErrClosedPipe
}
func (c *stuckConn) Close() error { return nil }

func publish(t *testing.T, uri string, version int, size int) jsonrpc2.Message {
	t.Helper()
	params := map[string]any{"uri": uri, "version": version, "diagnostics": []any{}, "pad": strings.Repeat("x", size)}
	n, err := jsonrpc2.NewNotification("textDocument/publishDiagnostics", params)
	if err != nil {
		t.Fatal(err)
	}
	return n
}

// TestOutputToAClientThatDoesNotRead: writes do not block, superseded
// publishes are coalesced, requests are refused once the queue is full,
// and Close returns.
func TestOutputToAClientThatDoesNotRead(t *testing.T) {
	input := frame(`{"jsonrpc":"2.0","id":7,"method":"textDocument/hover","params":{}}`) +
		frame(`{"jsonrpc":"2.0","id":8,"method":"shutdown"}`) +
		frame(`{"jsonrpc":"2.0","method":"exit"}`)
	conn := &stuckConn{in: strings.NewReader(input), release: make(chan struct{})}
	defer close(conn.release)
	s := NewStream(conn, nil).(*stream)
	ctx := context.Background()

	start := time.Now()
	for v := 0; v < 1000; v++ {
		if _, err := s.Write(ctx, publish(t, "file:///a.py", v, 1000)); err != nil {
			t.Fatal(err)
		}
	}
	if d := time.Since(start); d > 2*time.Second {
		t.Fatalf("1,000 writes to a client that does not read took %v", d)
	}
	s.out.mu.Lock()
	frames, bytes := len(s.out.frames), s.out.bytes
	s.out.mu.Unlock()
	if frames != 1 || bytes > 3*1100 { // the newest queued, one being written
		t.Errorf("after 1,000 publishes of one document: %d frames, %d bytes queued; want the newest only", frames, bytes)
	}

	// Fill the queue past maxQueued with a large reply.
	resp, err := jsonrpc2.NewResponse(jsonrpc2.NewNumberID(1), strings.Repeat("y", maxQueued+1), nil)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := s.Write(ctx, resp); err != nil {
		t.Fatal(err)
	}
	var got []string
	for {
		m, _, err := s.Read(ctx)
		if err != nil {
			break
		}
		got = append(got, describe(m))
	}
	if want := []string{"call shutdown #8", "notify exit"}; strings.Join(got, "|") != strings.Join(want, "|") {
		t.Errorf("read %q, want %q (hover refused)", got, want)
	}
	s.out.mu.Lock()
	last := s.out.frames[len(s.out.frames)-1].data
	s.out.mu.Unlock()
	var refusal struct {
		ID    int `json:"id"`
		Error struct {
			Code int `json:"code"`
		} `json:"error"`
	}
	if err := json.Unmarshal(last, &refusal); err != nil || refusal.ID != 7 || refusal.Error.Code != int(serverCancelled) {
		t.Errorf("last queued frame %s, want a ServerCancelled reply to 7", truncate(last, 200))
	}

	start = time.Now()
	_ = s.Close()
	if d := time.Since(start); d > time.Second {
		t.Errorf("Close took %v", d)
	}
}
