package server

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"
	"testing"

	"go.lsp.dev/jsonrpc2"
	"go.lsp.dev/protocol"
)

// rwc is an in-memory connection: reads from in, writes to out.
type rwc struct {
	in  io.Reader
	out bytes.Buffer
}

func (c *rwc) Read(p []byte) (int, error)  { return c.in.Read(p) }
func (c *rwc) Write(p []byte) (int, error) { return c.out.Write(p) }
func (c *rwc) Close() error                { return nil }

func frame(body string) string {
	return "Content-Length: " + strconv.Itoa(len(body)) + "\r\n\r\n" + body
}

// describe renders a message read from the stream for comparison.
func describe(m jsonrpc2.Message) string {
	switch m := m.(type) {
	case *jsonrpc2.Call:
		return fmt.Sprintf("call %s %q", m.Method(), m.ID())
	case *jsonrpc2.Notification:
		return "notify " + m.Method()
	case *jsonrpc2.Response:
		return fmt.Sprintf("response %q", m.ID())
	}
	return fmt.Sprintf("%T", m)
}

type wireError struct {
	ID    json.RawMessage `json:"id"`
	Error struct {
		Code    int64  `json:"code"`
		Message string `json:"message"`
	} `json:"error"`
}

// readFrames splits what the stream wrote into frames and decodes them.
func readFrames(t *testing.T, out []byte) []wireError {
	t.Helper()
	var got []wireError
	r := bufio.NewReader(bytes.NewReader(out))
	for {
		line, err := r.ReadString('\n')
		if err == io.EOF {
			return got
		}
		n, err := strconv.Atoi(strings.TrimSpace(strings.TrimPrefix(line, "Content-Length:")))
		if err != nil {
			t.Fatalf("bad header written: %q", line)
		}
		if blank, _ := r.ReadString('\n'); blank != "\r\n" {
			t.Fatalf("header not followed by a blank line: %q", blank)
		}
		body := make([]byte, n)
		if _, err := io.ReadFull(r, body); err != nil {
			t.Fatalf("short body: %v", err)
		}
		var e wireError
		if err := json.Unmarshal(body, &e); err != nil {
			t.Fatalf("invalid reply %q: %v", body, err)
		}
		got = append(got, e)
	}
}

// drain reads every message until the input ends.
func drain(t *testing.T, input string) (msgs []string, replies []wireError) {
	t.Helper()
	conn := &rwc{in: strings.NewReader(input)}
	s := NewStream(conn, nil)
	s.(*stream).limit = 1000
	for i := 0; ; i++ {
		if i > 100 {
			t.Fatal("stream did not reach EOF")
		}
		m, _, err := s.Read(context.Background())
		if err != nil {
			if !errors.Is(err, io.EOF) && !errors.Is(err, io.ErrUnexpectedEOF) {
				t.Fatalf("read error other than EOF: %v", err)
			}
			break
		}
		msgs = append(msgs, describe(m))
	}
	return msgs, readFrames(t, conn.out.Bytes())
}

const (
	initCall = `{"jsonrpc":"2.0","id":1,"method":"initialize","params":{}}`
	shutdown = `{"jsonrpc":"2.0","id":2,"method":"shutdown"}`
)

func TestStreamRecoversFromBadInput(t *testing.T) {
	type reply struct {
		code int64
		id   string // raw JSON id echoed
	}
	tests := []struct {
		name    string
		input   string
		msgs    []string
		replies []reply
	}{
		{"well formed", frame(initCall) + frame(`{"jsonrpc":"2.0","method":"initialized","params":{}}`) + frame(`{"jsonrpc":"2.0","id":"a","result":null}`),
			[]string{"call initialize #1", "notify initialized", `response "a"`}, nil},
		{"headers in any case, Content-Type and blank lines", "\r\n" + "content-length: 44\r\nContent-Type: application/vscode-jsonrpc; charset=utf-8\r\n\r\n" + shutdown,
			[]string{"call shutdown #2"}, nil},
		{"invalid JSON", frame(`{"jsonrpc":"2.0",`) + frame(shutdown),
			[]string{"call shutdown #2"}, []reply{{-32700, "null"}}},
		{"NUL bytes and invalid UTF-8 as the body", frame("\x00\xff\xfe") + frame(shutdown),
			[]string{"call shutdown #2"}, []reply{{-32700, "null"}}},
		{"missing Content-Length", "Content-Type: x\r\n\r\n" + initCall + frame(shutdown),
			[]string{"call shutdown #2"}, []reply{{-32700, "null"}}},
		{"no header at all", initCall + "\r\n" + frame(shutdown),
			[]string{"call shutdown #2"}, []reply{{-32700, "null"}}},
		{"junk line then header on the same line", "garbage" + frame(shutdown),
			[]string{"call shutdown #2"}, []reply{{-32700, "null"}}},
		{"Content-Length not a number", "Content-Length: ten\r\n\r\n" + initCall + frame(shutdown),
			[]string{"call shutdown #2"}, []reply{{-32700, "null"}}},
		{"negative Content-Length", "Content-Length: -5\r\n\r\n" + initCall + frame(shutdown),
			[]string{"call shutdown #2"}, []reply{{-32700, "null"}}},
		{"Content-Length too short", "Content-Length: 20\r\n\r\n" + initCall + frame(shutdown),
			[]string{"call shutdown #2"}, []reply{{-32700, "null"}}},
		{"Content-Length too long, next frame recovered", "Content-Length: 80\r\n\r\n" + initCall + frame(shutdown),
			[]string{"call initialize #1", "call shutdown #2"}, nil},
		{"Content-Length too long over a broken body", "Content-Length: 60\r\n\r\n" + `{"id":1,` + frame(shutdown),
			[]string{"call shutdown #2"}, []reply{{-32700, "null"}}},
		{"Content-Length zero", "Content-Length: 0\r\n\r\n" + frame(shutdown),
			[]string{"call shutdown #2"}, []reply{{-32700, "null"}}},
		{"over the size limit is skipped exactly", frame(`{"x":"`+strings.Repeat(`Content-Length: 1\r\n\r\n`, 50)+`"}`) + frame(shutdown),
			[]string{"call shutdown #2"}, []reply{{-32700, "null"}}},
		{"id beyond int32", frame(`{"jsonrpc":"2.0","id":4294967296,"method":"shutdown"}`) + frame(shutdown),
			[]string{"call shutdown #2"}, []reply{{-32600, "4294967296"}}},
		{"fractional id", frame(`{"jsonrpc":"2.0","id":1.5,"method":"shutdown"}`),
			nil, []reply{{-32600, "1.5"}}},
		{"object id", frame(`{"jsonrpc":"2.0","id":{},"method":"shutdown"}`),
			nil, []reply{{-32600, "null"}}},
		{"method not a string", frame(`{"jsonrpc":"2.0","id":7,"method":1,"params":"bar"}`),
			nil, []reply{{-32600, "7"}}},
		{"params not structured", frame(`{"jsonrpc":"2.0","method":"textDocument/didOpen","params":"bar"}`),
			nil, []reply{{-32600, "null"}}},
		{"params null or a number", frame(`{"jsonrpc":"2.0","id":2,"method":"shutdown","params":null}`) + frame(`{"jsonrpc":"2.0","id":5,"method":"shutdown","params":5}`),
			[]string{"call shutdown #2"}, []reply{{-32600, "5"}}},
		{"wrong jsonrpc version", frame(`{"jsonrpc":"1.0","id":"x","method":"shutdown"}`),
			nil, []reply{{-32600, `"x"`}}},
		{"batch", frame(`[` + initCall + `]`), nil, []reply{{-32600, "null"}}},
		{"scalar message", frame(`42`), nil, []reply{{-32600, "null"}}},
		{"empty object", frame(`{}`), nil, []reply{{-32600, "null"}}},
		{"broken response is dropped without a reply", frame(`{"jsonrpc":"2.0","id":3,"error":"nope"}`) + frame(shutdown),
			[]string{"call shutdown #2"}, nil},
		{"trailing data after the value", frame(initCall+` x`) + frame(shutdown),
			[]string{"call shutdown #2"}, []reply{{-32700, "null"}}},
		{"trailing data after a notification", frame(`{"jsonrpc":"2.0","method":"initialized","params":{}} x`) + frame(shutdown),
			[]string{"call shutdown #2"}, []reply{{-32700, "null"}}},
		{"unterminated header at EOF", "Content-Len", nil, []reply{{-32700, "null"}}},
		{"truncated body at EOF", "Content-Length: 100\r\n\r\n{", nil, nil},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			msgs, replies := drain(t, tc.input)
			if strings.Join(msgs, "|") != strings.Join(tc.msgs, "|") {
				t.Errorf("messages = %q, want %q", msgs, tc.msgs)
			}
			var got []reply
			for _, r := range replies {
				got = append(got, reply{r.Error.Code, string(r.ID)})
				if r.Error.Message == "" {
					t.Errorf("error reply without a message: %+v", r)
				}
			}
			if fmt.Sprint(got) != fmt.Sprint(tc.replies) {
				t.Errorf("replies = %v, want %v", got, tc.replies)
			}
		})
	}
}

func TestStreamLongJunkLine(t *testing.T) {
	junk := strings.Repeat("x", 3*maxHeaderLine+17)
	msgs, replies := drain(t, junk+"\n"+frame(shutdown))
	if len(msgs) != 1 || msgs[0] != "call shutdown #2" {
		t.Errorf("messages = %q", msgs)
	}
	if len(replies) != 1 {
		t.Errorf("want one error for one stretch of junk, got %d", len(replies))
	}
}

func TestStreamWriteFrames(t *testing.T) {
	params := map[string]any{"uri": "file:///a.py", "text": "<é>&\u2028", "diagnostics": []any{}}
	notify, _ := jsonrpc2.NewNotification("textDocument/publishDiagnostics", params)
	call, _ := jsonrpc2.NewCall(jsonrpc2.NewNumberID(7), "client/registerCapability", params)
	strCall, _ := jsonrpc2.NewCall(jsonrpc2.NewStringID("q\"1"), "workspace/configuration", nil)
	result, _ := jsonrpc2.NewResponse(jsonrpc2.NewNumberID(3), params, nil)
	empty, _ := jsonrpc2.NewResponse(jsonrpc2.NewStringID("s"), nil, nil)
	failed, _ := jsonrpc2.NewResponse(jsonrpc2.NewNumberID(4), nil, jsonrpc2.NewError(jsonrpc2.InvalidParams, "bad"))
	for _, msg := range []jsonrpc2.Message{notify, call, strCall, result, empty, failed} {
		conn := &rwc{in: strings.NewReader("")}
		if _, err := NewStream(conn, nil).Write(context.Background(), msg); err != nil {
			t.Fatal(err)
		}
		// What the stream writes, a stream reads back as the same message.
		back, _, err := NewStream(&rwc{in: bytes.NewReader(conn.out.Bytes())}, nil).Read(context.Background())
		if err != nil {
			t.Fatalf("re-reading %s: %v\n%s", describe(msg), err, conn.out.Bytes())
		}
		if describe(back) != describe(msg) {
			t.Errorf("round trip of %s gave %s", describe(msg), describe(back))
		}
		want, _ := msg.(json.Marshaler).MarshalJSON()
		var a, b any
		body := conn.out.Bytes()[bytes.Index(conn.out.Bytes(), []byte("\r\n\r\n"))+4:]
		if err := json.Unmarshal(body, &a); err != nil {
			t.Fatalf("%s: wrote invalid JSON %s", describe(msg), body)
		}
		_ = json.Unmarshal(want, &b)
		if fmt.Sprint(a) != fmt.Sprint(b) {
			t.Errorf("%s encodes as %s, jsonrpc2 as %s", describe(msg), body, want)
		}
	}
}

func TestStreamLargeBody(t *testing.T) {
	text := strings.Repeat("x = 1\n", 2<<20) // 12 MB
	body, err := json.Marshal(map[string]any{"jsonrpc": "2.0", "method": "textDocument/didOpen", "params": map[string]any{"textDocument": map[string]any{"uri": "file:///big.py", "text": text}}})
	if err != nil {
		t.Fatal(err)
	}
	conn := &rwc{in: strings.NewReader(frame(string(body)) + frame(shutdown))}
	s := NewStream(conn, nil)
	var msgs []string
	for {
		m, _, err := s.Read(context.Background())
		if err != nil {
			break
		}
		msgs = append(msgs, describe(m))
	}
	replies := readFrames(t, conn.out.Bytes())
	if strings.Join(msgs, "|") != "notify textDocument/didOpen|call shutdown #2" || len(replies) != 0 {
		t.Errorf("messages %q, replies %v", msgs, replies)
	}
}

// TestStreamWritesDespiteCancelledContext: a reply written with the
// context of a request cancelled meanwhile still goes out.
func TestStreamWritesDespiteCancelledContext(t *testing.T) {
	conn := &rwc{in: strings.NewReader("")}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	resp, _ := jsonrpc2.NewResponse(jsonrpc2.NewNumberID(1), "done", nil)
	if _, err := NewStream(conn, nil).Write(ctx, resp); err != nil || conn.out.Len() == 0 {
		t.Fatalf("write with a cancelled context: %v, %d bytes", err, conn.out.Len())
	}
}

// TestNewNotification holds newNotification to jsonrpc2's own decoding:
// the same method and params, and the same wire form when sent on.
func TestNewNotification(t *testing.T) {
	for _, wire := range []string{
		`{"jsonrpc":"2.0","method":"textDocument/didOpen","params":{"textDocument":{"uri":"file:///a.py","text":"x = 1\n"}}}`,
		`{"jsonrpc":"2.0","method":"initialized","params":{}}`,
		`{"jsonrpc":"2.0","method":"exit"}`,
		`{"jsonrpc":"2.0","method":"exit","params":null}`,
	} {
		want, err := jsonrpc2.DecodeMessage([]byte(wire))
		if err != nil {
			t.Fatal(err)
		}
		got, err := decodeMessage([]byte(wire))
		if err != nil {
			t.Fatal(err)
		}
		w, g := want.(*jsonrpc2.Notification), got.(*jsonrpc2.Notification)
		if g.Method() != w.Method() || string(g.Params()) != string(w.Params()) {
			t.Errorf("%s: got %q %q, want %q %q", wire, g.Method(), g.Params(), w.Method(), w.Params())
		}
		wb, _ := json.Marshal(w)
		gb, _ := json.Marshal(g)
		if string(gb) != string(wb) {
			t.Errorf("%s: marshals to %s, want %s", wire, gb, wb)
		}
	}
}

// TestStreamNotifyMatchesConn holds the stream's own notification
// encoding to the frames jsonrpc2's Notify writes through the same
// stream: byte for byte, for a publish (HTML-escaped text, a version,
// nested data), a small notification and one without params.
func TestStreamNotifyMatchesConn(t *testing.T) {
	version := int32(7)
	cases := []struct {
		method string
		params any
	}{
		{"textDocument/publishDiagnostics", publishParams{URI: "file:///a%20b/w.py", Version: &version, Diagnostics: []protocol.Diagnostic{{
			Range:   protocol.Range{Start: protocol.Position{Line: 3, Character: 4}, End: protocol.Position{Line: 3, Character: 9}},
			Message: `a <dict> & "quotes" → é`, Source: "pyworkers", Code: "PW210", Data: map[string]any{"fix": "wrap-to-js", "n": 2},
		}}}},
		{"window/logMessage", map[string]any{"type": 3, "message": "hello\n<world>"}},
		{"$/custom", nil},
	}
	for _, c := range cases {
		viaConn, direct := &rwc{in: strings.NewReader("")}, &rwc{in: strings.NewReader("")}
		if err := jsonrpc2.NewConn(NewStream(viaConn, nil)).Notify(context.Background(), c.method, c.params); err != nil {
			t.Fatal(err)
		}
		if err := NewStream(direct, nil).(notifier).Notify(c.method, c.params); err != nil {
			t.Fatal(err)
		}
		if viaConn.out.String() != direct.out.String() || direct.out.Len() == 0 {
			t.Errorf("%s:\n direct %s\n conn   %s", c.method, direct.out.String(), viaConn.out.String())
		}
	}
}
