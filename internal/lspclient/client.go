// Package lspclient is a minimal LSP client for benchmarks and
// reliability tests: it speaks JSON-RPC to a language server (a subprocess
// on stdio, or any connection), answers the server's requests with empty
// results, records every publishDiagnostics with its arrival time, and
// can write raw bytes. It is deliberately independent of the server's own
// packages, so the same client measures any server.
package lspclient

import (
	"bufio"
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"strconv"
	"strings"
	"sync"
	"time"
)

// Publish is one textDocument/publishDiagnostics received.
type Publish struct {
	URI         string
	Version     *int32 // nil when the server sent none
	Diagnostics int
	Raw         json.RawMessage // the diagnostics array
	At          time.Time
}

// Client is a connection to one server.
type Client struct {
	cmd     *exec.Cmd // nil for New
	stdin   io.WriteCloser
	Started time.Time

	wmu sync.Mutex // serialises writes

	mu        sync.Mutex
	nextID    int
	responses map[int]chan response
	publishes []Publish
	orphans   []Orphan
	changed   chan struct{} // signalled (non-blocking) on every publish
	readErr   error
	done      chan struct{}
}

// Error is an error response.
type Error struct {
	Code    int    `json:"code"`
	Message string `json:"message"`
}

func (e *Error) Error() string { return fmt.Sprintf("%s (%d)", e.Message, e.Code) }

type response struct {
	Result json.RawMessage `json:"result"`
	Error  *Error          `json:"error"`
}

// Orphan is a response to no call of this client: an error reply to
// malformed input (id null), or to raw bytes written with WriteRaw.
type Orphan struct {
	ID    json.RawMessage
	Error *Error
}

// Start runs argv[0] with the remaining arguments; its stderr goes to
// stderr (nil discards it).
func Start(argv []string, dir string, stderr io.Writer) (*Client, error) {
	if len(argv) == 0 {
		return nil, errors.New("lspclient: empty command")
	}
	cmd := exec.Command(argv[0], argv[1:]...)
	cmd.Dir = dir
	cmd.Stderr = stderr
	stdin, err := cmd.StdinPipe()
	if err != nil {
		return nil, fmt.Errorf("lspclient: %w", err)
	}
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		return nil, fmt.Errorf("lspclient: %w", err)
	}
	started := time.Now()
	if err := cmd.Start(); err != nil {
		return nil, fmt.Errorf("lspclient: starting %s: %w", argv[0], err)
	}
	c := New(stdout, stdin)
	c.cmd, c.Started = cmd, started
	return c, nil
}

// New returns a client reading the server's output from r and writing to
// w (closed by Close).
func New(r io.Reader, w io.WriteCloser) *Client {
	c := &Client{stdin: w, responses: map[int]chan response{}, changed: make(chan struct{}, 1), done: make(chan struct{}), Started: time.Now()}
	go c.readLoop(bufio.NewReaderSize(r, 1<<20))
	return c
}

// Pid is the server's process id.
func (c *Client) Pid() int { return c.cmd.Process.Pid }

// Done is closed when the server's output ends.
func (c *Client) Done() <-chan struct{} { return c.done }

// CloseInput closes the server's input (its stdin) without a word.
func (c *Client) CloseInput() error { return c.stdin.Close() }

// Wait waits up to timeout for a subprocess to exit and returns its exit
// status.
func (c *Client) Wait(timeout time.Duration) (int, error) {
	if c.cmd == nil {
		return 0, errors.New("lspclient: not a subprocess")
	}
	waited := make(chan error, 1)
	go func() { waited <- c.cmd.Wait() }()
	select {
	case err := <-waited:
		var ee *exec.ExitError
		if errors.As(err, &ee) {
			return ee.ExitCode(), nil
		}
		return 0, err
	case <-time.After(timeout):
		_ = c.cmd.Process.Kill()
		<-waited
		return -1, fmt.Errorf("lspclient: server still running after %v", timeout)
	}
}

// Close asks the server to shut down and exit, killing a subprocess that
// has not exited after timeout.
func (c *Client) Close(timeout time.Duration) {
	_, _ = c.Call("shutdown", nil, timeout)
	_ = c.Notify("exit", nil)
	_ = c.stdin.Close()
	if c.cmd == nil {
		return
	}
	waited := make(chan struct{})
	go func() { _ = c.cmd.Wait(); close(waited) }()
	select {
	case <-waited:
	case <-time.After(timeout):
		_ = c.cmd.Process.Kill()
		<-waited
	}
}

func (c *Client) write(msg any) error {
	body, err := json.Marshal(msg)
	if err != nil {
		return fmt.Errorf("lspclient: %w", err)
	}
	c.wmu.Lock()
	defer c.wmu.Unlock()
	frame := append([]byte("Content-Length: "+strconv.Itoa(len(body))+"\r\n\r\n"), body...)
	if _, err := c.stdin.Write(frame); err != nil {
		return fmt.Errorf("lspclient: write: %w", err)
	}
	return nil
}

// WriteRaw writes bytes as they are (for malformed input).
func (c *Client) WriteRaw(b []byte) error {
	c.wmu.Lock()
	defer c.wmu.Unlock()
	if _, err := c.stdin.Write(b); err != nil {
		return fmt.Errorf("lspclient: write: %w", err)
	}
	return nil
}

// Notify sends a notification.
func (c *Client) Notify(method string, params any) error {
	return c.write(map[string]any{"jsonrpc": "2.0", "method": method, "params": params})
}

// Call sends a request and waits up to timeout for its result. An error
// response is returned as *Error (wrapped).
func (c *Client) Call(method string, params any, timeout time.Duration) (json.RawMessage, error) {
	_, wait, err := c.Send(method, params)
	if err != nil {
		return nil, err
	}
	return wait(timeout)
}

// Send sends a request without waiting: it returns the request id and a
// function that waits for the response.
func (c *Client) Send(method string, params any) (int, func(time.Duration) (json.RawMessage, error), error) {
	c.mu.Lock()
	c.nextID++
	id := c.nextID
	ch := make(chan response, 1)
	c.responses[id] = ch
	c.mu.Unlock()
	msg := map[string]any{"jsonrpc": "2.0", "id": id, "method": method}
	if params != nil {
		msg["params"] = params
	}
	if err := c.write(msg); err != nil {
		return id, nil, err
	}
	wait := func(timeout time.Duration) (json.RawMessage, error) {
		select {
		case r := <-ch:
			if r.Error != nil {
				return nil, fmt.Errorf("lspclient: %s: %w", method, r.Error)
			}
			return r.Result, nil
		case <-c.done:
			return nil, fmt.Errorf("lspclient: %s: server exited: %v", method, c.err())
		case <-time.After(timeout):
			return nil, fmt.Errorf("lspclient: %s: no answer in %v", method, timeout)
		}
	}
	return id, wait, nil
}

// Orphans returns the responses that matched no call.
func (c *Client) Orphans() []Orphan {
	c.mu.Lock()
	defer c.mu.Unlock()
	return append([]Orphan(nil), c.orphans...)
}

func (c *Client) err() error {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.readErr
}

// readLoop reads frames until the server's stdout closes.
func (c *Client) readLoop(r *bufio.Reader) {
	defer close(c.done)
	for {
		body, err := readFrame(r)
		now := time.Now() // arrival, before decoding
		if err != nil {
			c.mu.Lock()
			c.readErr = err
			c.mu.Unlock()
			return
		}
		var msg struct {
			ID     json.RawMessage `json:"id"`
			Method string          `json:"method"`
			Params json.RawMessage `json:"params"`
			response
		}
		if err := json.Unmarshal(body, &msg); err != nil {
			continue
		}
		switch {
		case msg.Method == "textDocument/publishDiagnostics":
			var p struct {
				URI         string          `json:"uri"`
				Version     *int32          `json:"version"`
				Diagnostics json.RawMessage `json:"diagnostics"`
			}
			var diags []json.RawMessage
			if json.Unmarshal(msg.Params, &p) == nil && json.Unmarshal(p.Diagnostics, &diags) == nil {
				c.mu.Lock()
				c.publishes = append(c.publishes, Publish{URI: p.URI, Version: p.Version, Diagnostics: len(diags), Raw: p.Diagnostics, At: now})
				c.mu.Unlock()
				select {
				case c.changed <- struct{}{}:
				default:
				}
			}
		case msg.Method != "" && len(msg.ID) > 0:
			c.answer(msg.ID, msg.Method, msg.Params)
		case msg.Method == "" && len(msg.ID) > 0:
			id, err := strconv.Atoi(string(msg.ID))
			c.mu.Lock()
			ch := c.responses[id]
			delete(c.responses, id)
			if err != nil || ch == nil {
				c.orphans = append(c.orphans, Orphan{ID: msg.ID, Error: msg.Error})
			}
			c.mu.Unlock()
			if err == nil && ch != nil {
				ch <- msg.response
			}
		}
	}
}

// answer replies to a server request: workspace/configuration gets one
// null per item (defaults), everything else a null result.
func (c *Client) answer(id json.RawMessage, method string, params json.RawMessage) {
	var result any
	if method == "workspace/configuration" {
		var p struct {
			Items []json.RawMessage `json:"items"`
		}
		_ = json.Unmarshal(params, &p)
		result = make([]any, len(p.Items))
	}
	go func() { _ = c.write(map[string]any{"jsonrpc": "2.0", "id": id, "result": result}) }()
}

func readFrame(r *bufio.Reader) ([]byte, error) {
	length := -1
	for {
		line, err := r.ReadString('\n')
		if err != nil {
			return nil, err
		}
		line = strings.TrimSpace(line)
		if line == "" {
			if length >= 0 {
				break
			}
			continue
		}
		name, value, ok := strings.Cut(line, ":")
		if ok && strings.EqualFold(strings.TrimSpace(name), "Content-Length") {
			if length, err = strconv.Atoi(strings.TrimSpace(value)); err != nil {
				return nil, fmt.Errorf("lspclient: bad Content-Length %q", value)
			}
		}
	}
	body := make([]byte, length)
	if _, err := io.ReadFull(r, body); err != nil {
		return nil, err
	}
	return body, nil
}

// Publishes returns a copy of the publishes received so far.
func (c *Client) Publishes() []Publish {
	c.mu.Lock()
	defer c.mu.Unlock()
	return append([]Publish(nil), c.publishes...)
}

// WaitPublish waits until a publish after index `after` (into the list of
// all publishes) satisfies match, and returns it and its index.
func (c *Client) WaitPublish(after int, timeout time.Duration, match func(Publish) bool) (Publish, int, error) {
	deadline := time.NewTimer(timeout)
	defer deadline.Stop()
	for {
		c.mu.Lock()
		for i := after; i < len(c.publishes); i++ {
			if match(c.publishes[i]) {
				p := c.publishes[i]
				c.mu.Unlock()
				return p, i + 1, nil
			}
		}
		n := len(c.publishes)
		c.mu.Unlock()
		select {
		case <-c.changed:
		case <-c.done:
			return Publish{}, n, fmt.Errorf("lspclient: server exited: %v", c.err())
		case <-deadline.C:
			return Publish{}, n, fmt.Errorf("lspclient: no matching publishDiagnostics in %v", timeout)
		}
	}
}

// Initialize runs the initialize handshake for a workspace folder.
func (c *Client) Initialize(root string, timeout time.Duration) error {
	return c.InitializeWith(root, map[string]any{
		"general": map[string]any{"positionEncodings": []string{"utf-16"}},
		"textDocument": map[string]any{
			"synchronization":    map[string]any{"didSave": true},
			"publishDiagnostics": map[string]any{"versionSupport": true},
		},
		"workspace": map[string]any{"configuration": true, "workspaceFolders": true},
	}, timeout)
}

// VSCodeCapabilities are the client capabilities VS Code declares that
// change what a server does: UTF-16 only, markdown hovers, versioned
// diagnostics, code action literals resolved lazily, versioned edits.
var VSCodeCapabilities = map[string]any{
	"general": map[string]any{"positionEncodings": []string{"utf-16"}},
	"textDocument": map[string]any{
		"synchronization":    map[string]any{"didSave": true, "dynamicRegistration": true},
		"publishDiagnostics": map[string]any{"versionSupport": true, "relatedInformation": true, "codeDescriptionSupport": true, "dataSupport": true},
		"hover":              map[string]any{"contentFormat": []string{"markdown", "plaintext"}},
		"codeAction": map[string]any{
			"codeActionLiteralSupport": map[string]any{"codeActionKind": map[string]any{"valueSet": []string{"", "quickfix", "refactor", "source", "source.fixAll"}}},
			"isPreferredSupport":       true,
			"dataSupport":              true,
			"resolveSupport":           map[string]any{"properties": []string{"edit"}},
		},
	},
	"workspace": map[string]any{"configuration": true, "workspaceFolders": true, "applyEdit": true,
		"workspaceEdit": map[string]any{"documentChanges": true}},
}

// InitializeWith runs the initialize handshake declaring capabilities.
func (c *Client) InitializeWith(root string, capabilities map[string]any, timeout time.Duration) error {
	uri := FileURI(root)
	params := map[string]any{
		"processId":        os.Getpid(),
		"rootUri":          uri,
		"rootPath":         root,
		"capabilities":     capabilities,
		"workspaceFolders": []map[string]any{{"uri": uri, "name": "bench"}},
	}
	if _, err := c.Call("initialize", params, timeout); err != nil {
		return err
	}
	return c.Notify("initialized", map[string]any{})
}

// Open sends didOpen for a Python document.
func (c *Client) Open(uri string, version int32, text []byte) error {
	return c.Notify("textDocument/didOpen", map[string]any{"textDocument": map[string]any{
		"uri": uri, "languageId": "python", "version": version, "text": string(text)}})
}

// Insert sends a didChange inserting text at (line, character).
func (c *Client) Insert(uri string, version int32, line, char int, text string) error {
	return c.Change(uri, version, line, char, line, char, text)
}

// Change sends a didChange replacing a range.
func (c *Client) Change(uri string, version int32, sl, sc, el, ec int, text string) error {
	pos := func(l, ch int) map[string]int { return map[string]int{"line": l, "character": ch} }
	return c.Notify("textDocument/didChange", map[string]any{
		"textDocument":   map[string]any{"uri": uri, "version": version},
		"contentChanges": []any{map[string]any{"range": map[string]any{"start": pos(sl, sc), "end": pos(el, ec)}, "text": text}},
	})
}

// CloseDoc sends didClose.
func (c *Client) CloseDoc(uri string) error {
	return c.Notify("textDocument/didClose", map[string]any{"textDocument": map[string]any{"uri": uri}})
}

// FileURI returns the file: URI of an absolute path.
func FileURI(path string) string {
	return "file://" + strings.ReplaceAll(path, " ", "%20")
}

// RSS returns the resident set size of a process in bytes (VmRSS).
func RSS(pid int) (int64, error) { return ProcStatus(pid, "VmRSS") }

// ProcStatus reads a size field ("VmRSS", "VmHWM" for the peak) of
// /proc/PID/status, in bytes.
func ProcStatus(pid int, field string) (int64, error) {
	data, err := os.ReadFile(fmt.Sprintf("/proc/%d/status", pid))
	if err != nil {
		return 0, fmt.Errorf("lspclient: %w", err)
	}
	for _, line := range bytes.Split(data, []byte("\n")) {
		if rest, ok := bytes.CutPrefix(line, []byte(field+":")); ok {
			kb, err := strconv.ParseInt(strings.TrimSuffix(strings.TrimSpace(string(rest)), " kB"), 10, 64)
			if err != nil {
				return 0, fmt.Errorf("lspclient: %s %q: %w", field, rest, err)
			}
			return kb << 10, nil
		}
	}
	return 0, fmt.Errorf("lspclient: no %s in /proc status", field)
}
