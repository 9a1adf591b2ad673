package server

import (
	"bytes"
	"encoding/json"
	"errors"
	"strconv"
	"sync"
	"time"

	"go.lsp.dev/jsonrpc2"
	"go.uber.org/zap"
)

// Bounds of the outgoing queue.
const (
	// maxQueued is the size of unsent output past which the client is
	// taken not to read: new requests are refused with ServerCancelled
	// instead of answered (replies nobody reads grew to gigabytes).
	maxQueued = 32 << 20
	// maxQueuedHard is where even those refusals and notifications other
	// than publishDiagnostics are dropped. Replies to requests already
	// accepted are always queued.
	maxQueuedHard = 2 * maxQueued
	// writeWait is how long a write waits to see its frame sent: long
	// enough for a reading client, short enough that a client that
	// stopped reading costs the read loop one pause, not one per message
	// (see outQueue.stalled).
	writeWait = 100 * time.Millisecond
	// closeWait bounds how long Close tries to flush (the shutdown reply)
	// before giving up on a client that does not read.
	closeWait = 300 * time.Millisecond
)

// serverCancelled is the LSP error code for a request the server refused.
const serverCancelled jsonrpc2.Code = -32802

var errStreamClosed = errors.New("stream closed")

// outFrame is one encoded message waiting to be written.
type outFrame struct {
	data []byte
	uri  string // publishDiagnostics: the document, for coalescing
	done chan struct{}
}

// outQueue serialises the stream's output through one writer goroutine,
// so that no handler (and not the read loop) blocks on a client that does
// not read its stdin: `exit`, SIGTERM and EOF are still seen. A newer
// publishDiagnostics for a document replaces a queued older one.
type outQueue struct {
	mu      sync.Mutex
	wake    *sync.Cond
	frames  []*outFrame
	publish map[string]*outFrame // queued publishDiagnostics by URI
	bytes   int
	busy    bool // the writer is writing a frame
	// stalled is set when a write gave up waiting for its frame (the
	// client is not reading) and cleared when the queue drains: while
	// it is set, writes do not wait.
	stalled bool
	closed  bool
	err     error // the first write error; nothing is written after it
	dropped int
	drained int64 // bytes written since the queue was last empty
	log     *zap.Logger
}

func (s *stream) startWriter() {
	q := &s.out
	q.wake = sync.NewCond(&q.mu)
	q.publish = map[string]*outFrame{}
	q.log = s.log
	go s.writeLoop()
}

func (s *stream) writeLoop() {
	q := &s.out
	var buf []byte
	for {
		q.mu.Lock()
		for len(q.frames) == 0 && !q.closed {
			q.wake.Wait()
		}
		if len(q.frames) == 0 {
			q.mu.Unlock()
			return
		}
		f := q.frames[0]
		q.frames[0] = nil
		q.frames = q.frames[1:]
		if f.uri != "" && q.publish[f.uri] == f {
			delete(q.publish, f.uri)
		}
		q.busy = true
		failed := q.err != nil
		q.mu.Unlock()

		var err error
		if !failed {
			buf = append(buf[:0], "Content-Length: "...)
			buf = strconv.AppendInt(buf, int64(len(f.data)), 10)
			buf = append(buf, "\r\n\r\n"...)
			buf = append(buf, f.data...)
			_, err = s.conn.Write(buf)
			if cap(buf) > 1<<20 {
				buf = nil // keep small buffers; let large ones go
			}
		}

		q.mu.Lock()
		q.busy = false
		q.bytes -= len(f.data)
		q.drained += int64(len(f.data))
		if len(q.frames) == 0 {
			q.stalled = false
			q.frames = nil // the backing array of a backlog
			memRelease.released(q.drained)
			q.drained = 0
		}
		if err != nil && q.err == nil {
			q.err = err
			q.log.Info("writing to the client failed; output is dropped from now on", zap.Error(err))
		}
		close(f.done)
		q.wake.Broadcast()
		q.mu.Unlock()
	}
}

// enqueue queues data; uri names a publishDiagnostics' document. droppable
// frames are left out once the queue is over maxQueuedHard. It waits up
// to writeWait for the frame to be written (a reading client gets
// writes that behave as before: done when Write returns) unless an
// earlier write gave up waiting and the queue has not drained since.
func (s *stream) enqueue(data []byte, uri string, droppable bool) (int64, error) {
	q := &s.out
	q.mu.Lock()
	if q.closed {
		q.mu.Unlock()
		return 0, errStreamClosed
	}
	if q.err != nil {
		err := q.err
		q.mu.Unlock()
		return 0, err
	}
	if uri != "" {
		if old := q.publish[uri]; old != nil {
			// Superseded before it was sent: the client only ever
			// needs the newest.
			q.bytes += len(data) - len(old.data)
			old.data = data
			q.mu.Unlock()
			return int64(len(data)), nil
		}
	}
	if droppable && q.bytes > maxQueuedHard {
		q.dropped++
		if q.dropped == 1 || q.dropped%1000 == 0 {
			q.log.Warn("the client is not reading; dropping notifications and refusals", zap.Int("dropped", q.dropped), zap.Int("queuedBytes", q.bytes))
		}
		q.mu.Unlock()
		return 0, nil
	}
	wait := !q.stalled
	f := &outFrame{data: data, uri: uri, done: make(chan struct{})}
	q.frames = append(q.frames, f)
	if uri != "" {
		q.publish[uri] = f
	}
	q.bytes += len(data)
	q.wake.Broadcast()
	q.mu.Unlock()
	if !wait {
		return int64(len(data)), nil
	}
	t := time.NewTimer(writeWait)
	defer t.Stop()
	select {
	case <-f.done:
		q.mu.Lock()
		err := q.err
		q.mu.Unlock()
		return int64(len(data)), err
	case <-t.C:
		q.mu.Lock()
		q.stalled = true
		q.mu.Unlock()
		return int64(len(data)), nil
	}
}

// congested reports whether the client has stopped reading: more than
// maxQueued bytes wait to be written.
func (s *stream) congested() bool {
	q := &s.out
	q.mu.Lock()
	defer q.mu.Unlock()
	return q.bytes > maxQueued
}

// closeQueue stops accepting output and waits up to closeWait for what is
// queued to be written (not at all when the client has stopped reading).
func (s *stream) closeQueue() {
	q := &s.out
	q.mu.Lock()
	q.closed = true
	q.wake.Broadcast()
	deadline := time.Now().Add(closeWait)
	for (len(q.frames) > 0 || q.busy) && q.err == nil && !q.stalled && time.Now().Before(deadline) {
		q.mu.Unlock()
		time.Sleep(5 * time.Millisecond)
		q.mu.Lock()
	}
	q.mu.Unlock()
}

// refuse answers a request the server does not take because the client
// is not reading its output.
func (s *stream) refuse(call *jsonrpc2.Call) {
	callID := call.ID()
	id, err := callID.MarshalJSON()
	if err != nil {
		return
	}
	resp := struct {
		JSONRPC string          `json:"jsonrpc"`
		ID      json.RawMessage `json:"id"`
		Error   *jsonrpc2.Error `json:"error"`
	}{"2.0", id, jsonrpc2.NewError(serverCancelled, "server output is not being read; request refused")}
	data, err := json.Marshal(resp)
	if err == nil {
		_, _ = s.enqueue(data, "", true)
	}
}

// publishURI returns the document of a publishDiagnostics notification's
// params ("" for other messages). The server marshals the URI first, which
// is read without decoding the rest.
func publishURI(method string, params json.RawMessage) string {
	if method != "textDocument/publishDiagnostics" {
		return ""
	}
	const prefix = `{"uri":"`
	if bytes.HasPrefix(params, []byte(prefix)) {
		rest := params[len(prefix):]
		if end := bytes.IndexAny(rest, `"\`); end >= 0 && rest[end] == '"' {
			return string(rest[:end])
		}
	}
	var p struct {
		URI string `json:"uri"`
	}
	if json.Unmarshal(params, &p) != nil {
		return ""
	}
	return p.URI
}
