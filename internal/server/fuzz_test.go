package server

import (
	"context"
	"io"
	"math/rand"
	"net"
	"strings"
	"testing"
	"time"
)

// fuzzSeeds are byte streams a client could send: a normal session, and
// the same session cut, corrupted and mixed with malformed frames.
func fuzzSeeds() []string {
	session := frame(`{"jsonrpc":"2.0","id":1,"method":"initialize","params":{"capabilities":{"general":{"positionEncodings":["utf-8"]}}}}`) +
		frame(`{"jsonrpc":"2.0","method":"initialized","params":{}}`) +
		frame(`{"jsonrpc":"2.0","method":"textDocument/didOpen","params":{"textDocument":{"uri":"file:///w/a.py","languageId":"python","version":1,"text":"from pyodide.ffi import to_py\nclass Default(WorkerEntrypoint):\n    async def fetch(self, request):\n        return to_js({})\n"}}}`) +
		frame(`{"jsonrpc":"2.0","method":"textDocument/didChange","params":{"textDocument":{"uri":"file:///w/a.py","version":2},"contentChanges":[{"range":{"start":{"line":1,"character":-4},"end":{"line":0,"character":99}},"text":"é😀\r"}]}}`) +
		frame(`{"jsonrpc":"2.0","id":2,"method":"textDocument/hover","params":{"textDocument":{"uri":"file:///w/a.py"},"position":{"line":3,"character":17}}}`) +
		frame(`{"jsonrpc":"2.0","id":3,"method":"textDocument/codeAction","params":{"textDocument":{"uri":"file:///w/a.py"},"range":{"start":{"line":0,"character":0},"end":{"line":9,"character":0}},"context":{"diagnostics":[]}}}`) +
		frame(`{"jsonrpc":"2.0","method":"$/cancelRequest","params":{"id":3}}`) +
		frame(`{"jsonrpc":"2.0","method":"workspace/didChangeConfiguration","params":{"settings":{"pyworkers":{"runtime":"0.26","select":["PW2"]}}}}`) +
		frame(`{"jsonrpc":"2.0","method":"textDocument/didClose","params":{"textDocument":{"uri":"file:///w/a.py"}}}`) +
		frame(`{"jsonrpc":"2.0","id":4,"method":"shutdown"}`) +
		frame(`{"jsonrpc":"2.0","method":"exit"}`)
	return []string{
		session,
		session[:len(session)/2],
		strings.Replace(session, "Content-Length: ", "Content-Length: 1", 3),
		strings.ReplaceAll(session, `"jsonrpc":"2.0"`, `"jsonrpc":2`),
		strings.ReplaceAll(session, `"version":2`, `"version":"2"`),
		"\x00\xff\r\n\r\n" + session,
		"Content-Length: 99999999999999\r\n\r\n" + session,
		frame(`{"jsonrpc":"2.0","id":-2147483649,"method":"initialize"}`) + frame(`{"id":null,"method":"initialize","params":null}`),
		frame(`{"jsonrpc":"2.0","id":1,"method":"initialize","params":{"initializationOptions":{"pyworkers":{"severity":{"PW201":"loud"}}},"workspaceFolders":[{"uri":"untitled:x"}]}}`) +
			frame(`{"jsonrpc":"2.0","method":"textDocument/didOpen","params":{"textDocument":{"uri":"untitled:Untitled-1","languageId":"python","version":0,"text":"x = (((("}}}`),
	}
}

// FuzzServerInput feeds raw bytes to a server on the resilient stream.
// Whatever the input, the server must not crash or hang: once the input
// ends it exits (1, or 0 after shutdown) within a bound. The seeds run in
// every plain `go test`.
func FuzzServerInput(f *testing.F) {
	for _, s := range fuzzSeeds() {
		f.Add([]byte(s))
	}
	f.Fuzz(feed)
}

// feed writes data to a fresh server, ends its input and checks that it
// exits cleanly.
func feed(t *testing.T, data []byte) {
	serverEnd, clientEnd := net.Pipe()
	srv := New(NewStream(serverEnd, nil), Options{})
	exit := make(chan int, 1)
	go func() { exit <- srv.Run(context.Background()) }()
	go func() { _, _ = io.Copy(io.Discard, clientEnd) }() // the client reads everything
	written := make(chan error, 1)
	go func() {
		_, err := clientEnd.Write(data)
		written <- err
	}()
	select {
	case <-written: // an exit in the input may close the pipe first
	case <-exit:
		_ = clientEnd.Close()
		return
	case <-time.After(10 * time.Second):
		t.Fatalf("the server stopped reading its input %.200q", data)
	}
	time.Sleep(time.Millisecond) // let the read loop drain its buffer
	_ = clientEnd.Close()
	select {
	case code := <-exit:
		if code != 0 && code != 1 {
			t.Fatalf("exit code %d", code)
		}
	case <-time.After(10 * time.Second):
		t.Fatalf("the server did not exit after its input %.200q ended", data)
	}
}

// TestServerInputMutations runs feed over deterministic mutations of the
// fuzz seeds (bytes flipped, inserted, dropped; cut short; spliced), so
// plain `go test` explores beyond the seeds.
func TestServerInputMutations(t *testing.T) {
	seeds := fuzzSeeds()
	r := rand.New(rand.NewSource(1))
	n := 300
	if testing.Short() {
		n = 50
	}
	for i := 0; i < n; i++ {
		data := []byte(seeds[r.Intn(len(seeds))])
		for k := 1 + r.Intn(8); k > 0 && len(data) > 0; k-- {
			at := r.Intn(len(data))
			switch r.Intn(5) {
			case 0:
				data[at] ^= byte(1 << r.Intn(8))
			case 1:
				data = append(data[:at], append([]byte{byte(r.Intn(256))}, data[at:]...)...)
			case 2:
				data = append(data[:at], data[at+1:]...)
			case 3:
				data = data[:at]
			case 4:
				other := seeds[r.Intn(len(seeds))]
				data = append(data[:at], other[r.Intn(len(other)):]...)
			}
		}
		feed(t, data)
	}
}
