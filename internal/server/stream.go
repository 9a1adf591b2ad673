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
	"sync"
	"unsafe"

	fastjson "github.com/segmentio/encoding/json"
	"go.lsp.dev/jsonrpc2"
	"go.uber.org/zap"
)

// Limits of the resilient stream.
const (
	// maxContentLength bounds one message body. A 10 MB file sent in
	// didOpen escapes to at most a few times its size.
	maxContentLength = 256 << 20
	// eagerBody is the most a body buffer is given before its bytes arrive.
	eagerBody = 64 << 20
	// maxHeaderLine bounds one header line; longer lines are junk.
	maxHeaderLine = 64 << 10
)

// contentLength is the only header LSP requires (matched case-insensitively).
var contentLength = []byte("content-length:")

// NewStream returns a jsonrpc2.Stream with LSP base-protocol framing
// (Content-Length headers) that survives malformed input. jsonrpc2 v0.10's
// own stream returns an error for a bad frame or message, and the
// connection closes on any read error, so one bad byte would end the
// session. This stream answers a bad message with a JSON-RPC error
// (ParseError or InvalidRequest, id null when it cannot be read) and
// resynchronises on the next Content-Length header. Read fails only when
// the underlying reader does (EOF: the client went away).
func NewStream(conn io.ReadWriteCloser, log *zap.Logger) jsonrpc2.Stream {
	if log == nil {
		log = zap.NewNop()
	}
	s := &stream{conn: conn, in: bufio.NewReaderSize(conn, maxHeaderLine), log: log, limit: maxContentLength}
	s.startWriter()
	return s
}

type stream struct {
	conn io.ReadWriteCloser
	in   *bufio.Reader
	log  *zap.Logger
	// limit is the largest body accepted (maxContentLength but in tests).
	limit int64

	// pending holds bytes pushed back after a body that ran into the next
	// frame (a Content-Length that was too long); read before in.
	pending []byte
	// skipping is set while discarding junk after a frame error, so one
	// error is reported per bad stretch of input.
	skipping bool

	// out is the outgoing queue: every write goes through it.
	out outQueue

	// encMu guards enc, the scratch buffer Notify encodes into. It is
	// kept across calls (a sync.Pool would be emptied by every garbage
	// collection, and a 170 KB publish regrown by doubling each time).
	encMu sync.Mutex
	enc   []byte
}

// Read returns the next well-formed message, answering bad ones.
func (s *stream) Read(ctx context.Context) (jsonrpc2.Message, int64, error) {
	var total int64
	for {
		if err := ctx.Err(); err != nil {
			return nil, total, err
		}
		body, n, err := s.readFrame()
		total += n
		var bad *badInput
		switch {
		case errors.As(err, &bad):
			s.reject(bad)
			continue
		case err != nil:
			return nil, total, err
		}
		msg, err := decodeMessage(body)
		if errors.As(err, &bad) {
			s.reject(bad)
			continue
		}
		if call, ok := msg.(*jsonrpc2.Call); ok && s.congested() && !essential(call.Method()) {
			s.refuse(call)
			continue
		}
		return msg, total, nil
	}
}

// badInput is a frame or message the stream rejects. reply says whether
// the client gets an error response (never for a broken response).
type badInput struct {
	code  jsonrpc2.Code
	id    json.RawMessage // nil: null
	msg   string
	reply bool
}

func (e *badInput) Error() string { return e.msg }

func parseError(format string, args ...any) *badInput {
	return &badInput{code: jsonrpc2.ParseError, msg: fmt.Sprintf(format, args...), reply: true}
}

func invalidRequest(id json.RawMessage, format string, args ...any) *badInput {
	return &badInput{code: jsonrpc2.InvalidRequest, id: id, msg: fmt.Sprintf(format, args...), reply: true}
}

// reject logs bad input and answers it.
func (s *stream) reject(bad *badInput) {
	s.log.Warn("rejected malformed JSON-RPC input", zap.Int32("code", int32(bad.code)), zap.String("error", bad.msg))
	if !bad.reply {
		return
	}
	id := bad.id
	if id == nil {
		id = json.RawMessage("null")
	}
	resp := struct {
		JSONRPC string          `json:"jsonrpc"`
		ID      json.RawMessage `json:"id"`
		Error   *jsonrpc2.Error `json:"error"`
	}{"2.0", id, jsonrpc2.NewError(bad.code, bad.msg)}
	data, err := json.Marshal(resp)
	if err == nil {
		_, err = s.enqueue(data, "", true)
	}
	if err != nil {
		s.log.Debug("could not answer malformed input", zap.Error(err))
	}
}

// readFrame reads one framed body. Framing problems come back as
// *badInput after the stream has moved past the bad bytes; other errors
// are I/O errors of the underlying reader.
func (s *stream) readFrame() ([]byte, int64, error) {
	var total int64
	length := int64(-1)
	headers := 0
	var bad *badInput
	for {
		line, err := s.readLine()
		total += int64(len(line))
		if err != nil {
			return nil, total, err
		}
		if s.skipping {
			// Junk after a bad frame: resume at the next Content-Length,
			// which may follow the junk on the same line.
			i := indexFold(line, contentLength)
			if i < 0 {
				continue
			}
			s.skipping = false
			line = line[i:]
		}
		field := bytes.TrimSpace(line)
		if len(field) == 0 {
			if headers == 0 {
				continue // stray blank line between frames
			}
			break
		}
		if i := indexFold(line, contentLength); i > 0 {
			// Junk, then a header: the rest of a body whose
			// Content-Length was too short, or a body without headers.
			s.unread(line[i:])
			return nil, total, parseError("malformed header %q", truncate(bytes.TrimSpace(line[:i]), 40))
		}
		name, value, ok := bytes.Cut(field, []byte(":"))
		overlong := len(line) >= maxHeaderLine && line[len(line)-1] != '\n'
		if !ok || overlong || !isToken(name) {
			s.skipping = true
			return nil, total, parseError("malformed header %q", truncate(field, 40))
		}
		headers++
		if !bytes.EqualFold(name, contentLength[:len(contentLength)-1]) {
			continue // Content-Type and unknown headers
		}
		n, err := strconv.ParseInt(string(bytes.TrimSpace(value)), 10, 64)
		switch {
		case err != nil || n < 0:
			bad = parseError("invalid Content-Length %q", truncate(bytes.TrimSpace(value), 40))
		case n > s.limit:
			bad = parseError("Content-Length %d exceeds the limit of %d bytes", n, s.limit)
			length = n
		default:
			length = n
		}
	}
	switch {
	case bad != nil && length > s.limit:
		// A well-framed message that is too large: skip exactly its body.
		n, err := s.discard(length)
		total += n
		if err != nil {
			return nil, total, err
		}
		return nil, total, bad
	case bad != nil:
		s.skipping = true
		return nil, total, bad
	case length < 0:
		s.skipping = true
		return nil, total, parseError("missing Content-Length header")
	}
	body, err := s.readBody(length)
	total += int64(len(body))
	if err != nil {
		return nil, total, err
	}
	return s.trimOverrun(body)
}

// trimOverrun handles a Content-Length that was too long, so the body
// runs into the next frame: the next frame is pushed back and, if the
// body starts with a whole JSON value, that value is the message.
func (s *stream) trimOverrun(body []byte) ([]byte, int64, error) {
	total := int64(len(body))
	if fastjson.Valid(body) {
		return body, total, nil
	}
	dec := json.NewDecoder(bytes.NewReader(body))
	var first json.RawMessage
	err := dec.Decode(&first)
	end := int(dec.InputOffset())
	if err == nil && len(bytes.TrimSpace(body[end:])) == 0 {
		return body, total, nil
	}
	from := 0
	if err == nil {
		from = end // a header inside the first value is data, not a frame
	}
	if i := indexFold(body[from:], contentLength); i >= 0 {
		s.unread(body[from+i:])
		if err == nil && len(bytes.TrimSpace(body[end:from+i])) == 0 {
			return first, total, nil
		}
		return nil, total, parseError("invalid JSON: %v", jsonError(body[:from+i]))
	}
	// A body that is not JSON, or a Content-Length that was too short:
	// whatever follows up to the next header is junk.
	s.skipping = true
	if err == nil {
		return nil, total, parseError("unexpected data after the message: %q", truncate(bytes.TrimSpace(body[end:]), 40))
	}
	return nil, total, parseError("invalid JSON: %v", jsonError(body))
}

// jsonError describes why body is not a single JSON value.
func jsonError(body []byte) error {
	var v json.RawMessage
	if err := json.Unmarshal(body, &v); err != nil {
		return err
	}
	return errors.New("truncated message")
}

// readLine returns the next line including its '\n'; a line longer than
// maxHeaderLine comes back in pieces.
func (s *stream) readLine() ([]byte, error) {
	if len(s.pending) > 0 {
		i := bytes.IndexByte(s.pending, '\n')
		if i >= 0 {
			line := s.pending[:i+1]
			s.pending = s.pending[i+1:]
			return line, nil
		}
		line := s.pending
		s.pending = nil
		rest, err := s.readLine()
		if err != nil && len(rest) == 0 {
			return line, err
		}
		return append(append([]byte(nil), line...), rest...), err
	}
	line, err := s.in.ReadSlice('\n')
	if errors.Is(err, bufio.ErrBufferFull) {
		err = nil
	}
	if err != nil && len(line) > 0 && errors.Is(err, io.EOF) {
		// An unterminated last line: report it, then EOF on the next read.
		return append([]byte(nil), line...), nil
	}
	return append([]byte(nil), line...), err
}

func (s *stream) unread(b []byte) {
	s.pending = append(append([]byte(nil), b...), s.pending...)
}

// readBody reads exactly n bytes. Up to eagerBody bytes are allocated at
// once (a 50 MB didOpen read into a doubling buffer left 100 MB of garbage
// for the collector while the next messages waited); past that the buffer
// grows with the data that arrives, so a bogus huge length cannot make the
// server hold more than eagerBody before any of it comes.
func (s *stream) readBody(n int64) ([]byte, error) {
	var buf bytes.Buffer
	buf.Grow(int(min(n, eagerBody)))
	if len(s.pending) > 0 {
		k := min(int64(len(s.pending)), n)
		buf.Write(s.pending[:k])
		s.pending = s.pending[k:]
		n -= k
	}
	if _, err := io.CopyN(&buf, s.in, n); err != nil {
		if errors.Is(err, io.EOF) {
			err = io.ErrUnexpectedEOF
		}
		return buf.Bytes(), fmt.Errorf("reading message body: %w", err)
	}
	return buf.Bytes(), nil
}

func (s *stream) discard(n int64) (int64, error) {
	k := min(int64(len(s.pending)), n)
	s.pending = s.pending[k:]
	m, err := io.CopyN(io.Discard, s.in, n-k)
	if err != nil {
		return k + m, fmt.Errorf("skipping an oversized message: %w", err)
	}
	return n, nil
}

// envelope holds the members of a JSON-RPC message, undecoded.
type envelope struct {
	JSONRPC json.RawMessage `json:"jsonrpc"`
	ID      json.RawMessage `json:"id"`
	Method  json.RawMessage `json:"method"`
	Params  json.RawMessage `json:"params"`
	Result  json.RawMessage `json:"result"`
	Error   json.RawMessage `json:"error"`
}

// decodeMessage validates body as one JSON-RPC 2.0 message before
// jsonrpc2 decodes it, so that every way it can fail is answered here.
func decodeMessage(body []byte) (jsonrpc2.Message, error) {
	trimmed := bytes.TrimSpace(body)
	if len(trimmed) == 0 || trimmed[0] != '{' {
		switch {
		case !json.Valid(trimmed):
			return nil, parseError("invalid JSON: %v", jsonError(trimmed))
		case trimmed[0] == '[':
			return nil, invalidRequest(nil, "batch requests are not supported")
		}
		return nil, invalidRequest(nil, "a message must be a JSON object")
	}
	var env envelope
	// segmentio's decoder (jsonrpc2's own) skips the params of a 50 MB
	// didOpen 5–10× faster than encoding/json, which validates first; the
	// raw members point into body, which is this message's alone.
	if _, err := fastjson.Parse(trimmed, &env, fastjson.DontCopyRawMessage); err != nil {
		var syntaxErr *json.SyntaxError
		if errors.As(err, &syntaxErr) {
			return nil, parseError("invalid JSON: %v", err)
		}
		return nil, invalidRequest(nil, "malformed message: %v", err)
	}
	id, err := checkID(env.ID)
	if err != nil {
		return nil, invalidRequest(id, "%v", err)
	}
	if present(env.JSONRPC) && string(env.JSONRPC) != `"2.0"` {
		return nil, invalidRequest(id, "unsupported jsonrpc version %s", truncate(env.JSONRPC, 20))
	}
	isResponse := !present(env.Method) && (env.Result != nil || env.Error != nil) // "result": null is a result
	if isResponse {
		if id == nil {
			return nil, invalidRequest(nil, "response without an id")
		}
		msg, err := jsonrpc2.DecodeMessage(trimmed)
		if err != nil {
			// A broken reply to one of our calls: nothing to answer.
			return nil, &badInput{code: jsonrpc2.InvalidRequest, msg: fmt.Sprintf("malformed response: %v", err)}
		}
		return msg, nil
	}
	var method string
	if err := json.Unmarshal(env.Method, &method); err != nil || method == "" {
		return nil, invalidRequest(id, "method must be a non-empty string")
	}
	if present(env.Params) && env.Params[0] != '{' && env.Params[0] != '[' {
		return nil, invalidRequest(id, "params of %s must be an object or an array", truncate([]byte(method), 60))
	}
	if id == nil {
		// A notification, didOpen and didChange among them: built from
		// what was just decoded. jsonrpc2.DecodeMessage would read the
		// whole message again into a growing buffer (0.5 s and 100 MB of
		// garbage for a 50 MB didOpen, while every later message waits).
		return newNotification(method, env.Params), nil
	}
	msg, err := jsonrpc2.DecodeMessage(trimmed)
	if err != nil {
		return nil, invalidRequest(id, "malformed message: %v", err)
	}
	return msg, nil
}

// newNotification is jsonrpc2.NewNotification(method, params) without
// marshalling params again: jsonrpc2 v0.10.0's Notification is a method and
// its raw params (the version go.mod pins and TestDependencyPins holds;
// TestNewNotification checks the layout).
func newNotification(method string, params json.RawMessage) *jsonrpc2.Notification {
	if !present(params) {
		params = nil
	}
	return (*jsonrpc2.Notification)(unsafe.Pointer(&struct {
		method string
		params json.RawMessage
	}{method, params}))
}

// checkID accepts ids jsonrpc2 can represent: strings and int32 numbers.
// It returns the id to echo in an error reply (nil when there is none or
// it is not a string or number).
func checkID(raw json.RawMessage) (json.RawMessage, error) {
	if !present(raw) {
		return nil, nil
	}
	switch raw[0] {
	case '"':
		return raw, nil
	case '-', '0', '1', '2', '3', '4', '5', '6', '7', '8', '9':
		if _, err := strconv.ParseInt(string(raw), 10, 32); err != nil {
			return raw, fmt.Errorf("request id %s is not a 32-bit integer", truncate(raw, 40))
		}
		return raw, nil
	}
	return nil, fmt.Errorf("request id must be a string or a number, not %s", truncate(raw, 40))
}

// present reports whether a member was given and is not null.
func present(raw json.RawMessage) bool {
	return len(raw) > 0 && string(raw) != "null"
}

// Write sends msg as one frame with one write call. It ignores ctx: the
// server replies with the request's context, and a request cancelled
// between its handler's return and the write must still get its one
// response (jsonrpc2's stream drops it, leaving the client waiting).
func (s *stream) Write(_ context.Context, msg jsonrpc2.Message) (int64, error) {
	data, err := encodeMessage(msg)
	if err != nil {
		return 0, err
	}
	uri := ""
	droppable := false
	if n, ok := msg.(*jsonrpc2.Notification); ok {
		uri = publishURI(n.Method(), n.Params())
		droppable = uri == ""
	}
	return s.enqueue(data, uri, droppable)
}

// maxKeptEncoding bounds the scratch buffer Notify keeps between calls.
const maxKeptEncoding = 4 << 20

// Notify sends a notification, its params encoded into a scratch buffer
// kept between calls and copied once into the frame (jsonrpc2's Notify
// marshals them, copies them into the message and encodes that again):
// the frame is the one allocation.
// A publishDiagnostics is the largest thing the server writes per
// keystroke — 170 KB for 269 findings in the 20,000-line bench module —
// and encoding it three times over made a quarter of what a keystroke
// allocated, and so of how often it met a garbage collection.
func (s *stream) Notify(method string, params any) error {
	s.encMu.Lock()
	b, err := fastjson.Append(s.enc[:0], params, encodeFlags)
	if err != nil {
		s.encMu.Unlock()
		return fmt.Errorf("marshaling %s params: %w", method, err)
	}
	data, uri := notification(method, b), publishURI(method, b)
	if cap(b) <= maxKeptEncoding {
		s.enc = b
	} else {
		s.enc = nil
	}
	s.encMu.Unlock()
	_, err = s.enqueue(data, uri, uri == "")
	return err
}

// NotifyEncoded is Notify with params already encoded (as Notify would
// encode them).
func (s *stream) NotifyEncoded(method string, params []byte) error {
	uri := publishURI(method, params)
	_, err := s.enqueue(notification(method, params), uri, uri == "")
	return err
}

// notification returns the frame of a notification whose params are
// encoded already, in one allocation.
func notification(method string, params []byte) []byte {
	b := make([]byte, 0, len(params)+len(method)+48)
	b = append(b, `{"jsonrpc":"2.0","method":`...)
	b = appendString(b, method)
	b = appendMember(b, "params", params)
	return append(b, '}')
}

// encodeMessage encodes msg. Params and results were marshaled when the
// message was built; jsonrpc2's MarshalJSON would marshal them again as
// raw JSON, compacting and HTML-escaping every byte (the largest cost of
// a big publishDiagnostics), so they are copied as they are.
func encodeMessage(msg jsonrpc2.Message) ([]byte, error) {
	var b []byte
	switch m := msg.(type) {
	case *jsonrpc2.Notification:
		return notification(m.Method(), m.Params()), nil
	case *jsonrpc2.Call:
		id := m.ID()
		idJSON, err := id.MarshalJSON()
		if err != nil {
			return nil, fmt.Errorf("marshaling call id: %w", err)
		}
		b = make([]byte, 0, len(m.Params())+len(m.Method())+len(idJSON)+56)
		b = append(b, `{"jsonrpc":"2.0","id":`...)
		b = append(b, idJSON...)
		b = append(b, `,"method":`...)
		b = appendString(b, m.Method())
		b = appendMember(b, "params", m.Params())
		return append(b, '}'), nil
	case *jsonrpc2.Response:
		if m.Err() != nil {
			break // error responses are rare; jsonrpc2 maps the error
		}
		id := m.ID()
		idJSON, err := id.MarshalJSON()
		if err != nil {
			return nil, fmt.Errorf("marshaling response id: %w", err)
		}
		result := m.Result()
		if len(result) == 0 {
			result = []byte("null")
		}
		b = make([]byte, 0, len(result)+len(idJSON)+40)
		b = append(b, `{"jsonrpc":"2.0","id":`...)
		b = append(b, idJSON...)
		b = appendMember(b, "result", result)
		return append(b, '}'), nil
	}
	m, ok := msg.(json.Marshaler)
	if !ok {
		return nil, fmt.Errorf("cannot encode %T", msg)
	}
	data, err := m.MarshalJSON()
	if err != nil {
		return nil, fmt.Errorf("marshaling message: %w", err)
	}
	return data, nil
}

// appendMember appends `,"name":raw` unless raw is empty.
func appendMember(b []byte, name string, raw []byte) []byte {
	if len(raw) == 0 {
		return b
	}
	b = append(b, ',', '"')
	b = append(b, name...)
	b = append(b, '"', ':')
	return append(b, raw...)
}

func appendString(b []byte, s string) []byte {
	q, err := json.Marshal(s)
	if err != nil {
		panic(err) // a string always marshals
	}
	return append(b, q...)
}

// Close flushes what it can of the output (see closeQueue) and closes
// the underlying connection. It returns within closeWait even when the
// client does not read.
func (s *stream) Close() error {
	s.closeQueue()
	return s.conn.Close()
}

// essential reports whether a request is answered even when the client
// does not read: the session's start and end.
func essential(method string) bool {
	return method == "initialize" || method == "shutdown"
}

// isToken reports whether name is an HTTP header field name (RFC 7230
// token); a line whose "name" is not is body text, not a header.
func isToken(name []byte) bool {
	if len(name) == 0 {
		return false
	}
	for _, c := range name {
		switch {
		case 'a' <= c && c <= 'z', 'A' <= c && c <= 'Z', '0' <= c && c <= '9':
		case strings.IndexByte("!#$%&'*+-.^_`|~", c) >= 0:
		default:
			return false
		}
	}
	return true
}

// indexFold is bytes.Index for an ASCII-lowercase sep, ignoring case.
func indexFold(b, sep []byte) int {
	first := string([]byte{sep[0], sep[0] - 'a' + 'A'})
	for i := 0; i+len(sep) <= len(b); i++ {
		j := bytes.IndexAny(b[i:len(b)-len(sep)+1], first)
		if j < 0 {
			return -1
		}
		i += j
		if bytes.EqualFold(b[i:i+len(sep)], sep) {
			return i
		}
	}
	return -1
}

func truncate(b []byte, n int) string {
	if len(b) > n {
		return string(b[:n]) + "…"
	}
	return string(b)
}
