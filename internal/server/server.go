// Package server is the pyworkers-lsp language server: LSP 3.17 over a
// JSON-RPC stream. It keeps open documents, settings and runtime profiles,
// runs the analysis off the read loop and publishes diagnostics. One file
// per LSP method; this file holds the state and the dispatcher.
package server

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"runtime/debug"
	"sync"
	"time"

	iradix "github.com/hashicorp/go-immutable-radix/v2"
	"go.lsp.dev/jsonrpc2"
	"go.uber.org/zap"

	"github.com/pyworkers/pyworkers-lsp/internal/analysis"
	"github.com/pyworkers/pyworkers-lsp/internal/analysis/ide"
	"github.com/pyworkers/pyworkers-lsp/internal/analysis/source"
)

// LSP error codes the jsonrpc2 package does not define.
const (
	codeServerNotInitialized jsonrpc2.Code = -32002
	codeRequestCancelled     jsonrpc2.Code = -32800
	codeContentModified      jsonrpc2.Code = -32801
)

// lifecycle is where the server is in the initialize/shutdown protocol.
type lifecycle int

const (
	uninitialized lifecycle = iota
	running
	shuttingDown
)

// requestHandler answers one request. Returning a *jsonrpc2.Error sends
// that error; any other error becomes InternalError.
type requestHandler func(s *Server, ctx context.Context, params json.RawMessage) (any, error)

// notificationHandler handles one notification on the read loop, in order.
type notificationHandler func(s *Server, ctx context.Context, params json.RawMessage) error

// requests lists the request methods the server answers.
var requests = map[string]requestHandler{
	"initialize":              (*Server).initialize,
	"shutdown":                (*Server).shutdown,
	"textDocument/hover":      (*Server).hover,
	"textDocument/definition": (*Server).definition,
	"textDocument/completion": (*Server).completion,
	"textDocument/inlayHint":  (*Server).inlayHint,
	"textDocument/codeAction": (*Server).codeAction,
	"codeAction/resolve":      (*Server).resolveCodeAction,
}

// notifications lists the notification methods the server handles;
// others (including `$/…`) are ignored as the spec says.
var notifications = map[string]notificationHandler{
	"initialized":                      (*Server).initialized,
	"exit":                             (*Server).exit,
	"textDocument/didOpen":             (*Server).didOpen,
	"textDocument/didChange":           (*Server).didChange,
	"textDocument/didClose":            (*Server).didClose,
	"textDocument/didSave":             (*Server).didSave,
	"workspace/didChangeConfiguration": (*Server).didChangeConfiguration,
	"workspace/didChangeWatchedFiles":  (*Server).didChangeWatchedFiles,
}

// hotTrees is how many documents keep their syntax tree between edits; a
// tree costs about 55 bytes per byte of Python, and a document whose tree
// was dropped reparses from scratch on its next edit.
const hotTrees = 8

// Options configure a Server.
type Options struct {
	Logger *zap.Logger
	// Version is reported in serverInfo.
	Version string
	// FirstDiagnostics, if set, is called once, when the first Python
	// document's diagnostics are ready (published, or answering a pull):
	// the end of opening, when the process turns to editing.
	FirstDiagnostics func()
	// testRequests adds request handlers (tests only).
	testRequests map[string]requestHandler
	// testSettings replaces the default settings (tests only).
	testSettings *Settings
}

// Server is one LSP session.
type Server struct {
	conn    jsonrpc2.Conn
	direct  notifier // conn's stream when it encodes notifications itself, else nil
	log     *zap.Logger
	version string
	extra   map[string]requestHandler
	// first runs Options.FirstDiagnostics once.
	first func()

	mu       sync.Mutex // guards everything below
	state    lifecycle
	enc      source.Encoding
	client   clientInfo
	settings Settings
	folders  []string // workspace folder paths
	docs     map[string]*document
	trees    *source.Trees // keeps hotTrees documents' syntax trees between edits
	// projects caches each directory's project until a config changes.
	projects map[string]*analysis.Project
	// hot lists the Python documents whose snapshots keep their syntax
	// tree, least recently used first (snapshots.go).
	hot []*document
	// texts holds the open documents' texts by path, as a persistent
	// tree: each change makes a new version that shares all but one path
	// of nodes with the last, so every snapshot can keep the version it
	// was taken with (frozenOverlayLocked) at O(log n) cost per change,
	// not a copy of n texts.
	texts *iradix.Tree[[]byte]
	// configPublished holds the config file URIs last published to.
	configPublished map[string]bool
	inflight        map[string]context.CancelFunc // by request id key

	// pubMu orders an analysis job's last is-it-current check and its
	// publish against didClose's clearing publish, so diagnostics of a
	// closed document never arrive after the empty set.
	pubMu sync.Mutex

	// closed is set once the session ends: nothing is scheduled after.
	closed bool
	// depTimers are the pending re-analyses of the open modules importing
	// an edited one, by its path (snapshots.go).
	depMu     sync.Mutex
	depTimers map[string]*time.Timer

	// feat holds the workspace-wide features' state (features.go).
	feat *features

	exitCode chan int // receives the exit code once, on `exit`
	wg       sync.WaitGroup
}

// orNothing returns f, or for nil a function that does nothing.
func orNothing(f func()) func() {
	if f == nil {
		return func() {}
	}
	return f
}

// New returns a server that will speak over stream.
func New(stream jsonrpc2.Stream, opts Options) *Server {
	log := opts.Logger
	if log == nil {
		log = zap.NewNop()
	}
	direct, _ := stream.(notifier)
	return &Server{
		conn:      jsonrpc2.NewConn(stream),
		direct:    direct,
		log:       log,
		version:   opts.Version,
		first:     sync.OnceFunc(orNothing(opts.FirstDiagnostics)),
		extra:     opts.testRequests,
		docs:      map[string]*document{},
		texts:     iradix.New[[]byte](),
		trees:     source.NewTrees(hotTrees),
		projects:  map[string]*analysis.Project{},
		inflight:  map[string]context.CancelFunc{},
		depTimers: map[string]*time.Timer{},
		exitCode:  make(chan int, 1),
		settings:  defaultSettings(),
		feat:      newFeatures(opts.testSettings),
	}
}

// Run serves until the client sends `exit` or closes the stream and
// returns the process exit code: 0 after shutdown+exit, 1 otherwise.
func (s *Server) Run(ctx context.Context) int {
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	s.conn.Go(ctx, s.handle)
	var code int
	select {
	case code = <-s.exitCode:
	case <-s.conn.Done():
		s.mu.Lock()
		code = 1
		if s.state == shuttingDown {
			code = 0
		}
		s.mu.Unlock()
		if err := s.conn.Err(); err != nil {
			s.log.Info("connection closed", zap.Error(err))
		}
	case <-ctx.Done():
		code = 1
	}
	cancel()
	s.closeAll()
	_ = s.conn.Close()
	s.wg.Wait()
	return code
}

// handle is the jsonrpc2 handler. It never returns an error: jsonrpc2
// v0.10 closes the stream when a handler does.
func (s *Server) handle(ctx context.Context, reply jsonrpc2.Replier, req jsonrpc2.Request) error {
	call, isCall := req.(*jsonrpc2.Call)
	defer func() {
		if r := recover(); r != nil {
			s.log.Error("panic in handler", zap.String("method", req.Method()), zap.Any("panic", r), zap.ByteString("stack", debug.Stack()))
			if isCall {
				_ = reply(ctx, nil, jsonrpc2.Errorf(jsonrpc2.InternalError, "internal error in %s: %v", req.Method(), r))
			}
		}
	}()
	if !isCall {
		s.handleNotification(ctx, req)
		return nil
	}
	s.handleCall(ctx, reply, call)
	return nil
}

func (s *Server) handleNotification(ctx context.Context, req jsonrpc2.Request) {
	method := req.Method()
	if method == "$/cancelRequest" {
		s.cancelRequest(req.Params())
		return
	}
	h, ok := notifications[method]
	if !ok {
		s.log.Debug("ignoring notification", zap.String("method", method))
		return
	}
	s.mu.Lock()
	state := s.state
	s.mu.Unlock()
	if state == uninitialized && method != "exit" {
		s.log.Debug("notification before initialize dropped", zap.String("method", method))
		return
	}
	if err := h(s, ctx, req.Params()); err != nil {
		s.log.Warn("notification failed", zap.String("method", method), zap.Error(err))
	}
}

func (s *Server) handleCall(ctx context.Context, reply jsonrpc2.Replier, call *jsonrpc2.Call) {
	method := call.Method()
	s.mu.Lock()
	state := s.state
	s.mu.Unlock()
	switch {
	case state == uninitialized && method != "initialize":
		_ = reply(ctx, nil, jsonrpc2.NewError(codeServerNotInitialized, "server not initialized"))
		return
	case state != uninitialized && method == "initialize":
		_ = reply(ctx, nil, jsonrpc2.NewError(jsonrpc2.InvalidRequest, "initialize sent twice"))
		return
	case state == shuttingDown:
		_ = reply(ctx, nil, jsonrpc2.NewError(jsonrpc2.InvalidRequest, "server is shutting down"))
		return
	}
	h, ok := requests[method]
	if !ok {
		h, ok = s.extra[method]
	}
	if !ok {
		_ = reply(ctx, nil, jsonrpc2.Errorf(jsonrpc2.MethodNotFound, "method not found: %s", method))
		return
	}
	if method == "initialize" || method == "shutdown" {
		// Lifecycle requests change state: answer them in order.
		result, err := h(s, ctx, call.Params())
		_ = reply(ctx, result, replyError(err))
		return
	}
	// Other requests read state under the lock and run concurrently so a
	// later $/cancelRequest can reach them.
	key := idKey(call.ID())
	ctx, cancel := context.WithCancel(ctx)
	s.mu.Lock()
	s.inflight[key] = cancel
	s.mu.Unlock()
	s.wg.Add(1)
	go func() {
		defer s.wg.Done()
		defer func() {
			s.mu.Lock()
			delete(s.inflight, key)
			s.mu.Unlock()
			cancel()
		}()
		defer func() {
			if r := recover(); r != nil {
				s.log.Error("panic in request", zap.String("method", method), zap.Any("panic", r), zap.ByteString("stack", debug.Stack()))
				_ = reply(ctx, nil, jsonrpc2.Errorf(jsonrpc2.InternalError, "internal error in %s: %v", method, r))
			}
		}()
		result, err := h(s, ctx, call.Params())
		if ctx.Err() != nil {
			_ = reply(context.Background(), nil, jsonrpc2.NewError(codeRequestCancelled, "request cancelled"))
			return
		}
		_ = reply(ctx, result, replyError(err))
	}()
}

// replyError maps handler errors to JSON-RPC errors.
func replyError(err error) error {
	if err == nil {
		return nil
	}
	var rpcErr *jsonrpc2.Error
	if errors.As(err, &rpcErr) {
		return rpcErr
	}
	if errors.Is(err, ide.ErrSuperseded) {
		// A newer version of the document replaced the one the request
		// read; the client asks again if it still needs the answer.
		return jsonrpc2.NewError(codeContentModified, "document changed")
	}
	return jsonrpc2.Errorf(jsonrpc2.InternalError, "%v", err)
}

// invalidParams wraps a params decoding error.
func invalidParams(err error) error {
	return jsonrpc2.Errorf(jsonrpc2.InvalidParams, "invalid params: %v", err)
}

// idKey normalises a request id, numeric or string, for the cancel map.
func idKey(id jsonrpc2.ID) string { return fmt.Sprintf("%q", id) }

// cancelRequest handles $/cancelRequest for numeric and string ids (the
// jsonrpc2 package ignores numeric ones).
func (s *Server) cancelRequest(params json.RawMessage) {
	var p struct {
		ID json.RawMessage `json:"id"`
	}
	if err := json.Unmarshal(params, &p); err != nil || len(p.ID) == 0 {
		s.log.Debug("malformed $/cancelRequest", zap.ByteString("params", params))
		return
	}
	var id jsonrpc2.ID
	if err := id.UnmarshalJSON(p.ID); err != nil {
		return
	}
	s.mu.Lock()
	cancel := s.inflight[idKey(id)]
	s.mu.Unlock()
	if cancel != nil {
		cancel()
	}
}

// notify sends a notification to the client, logging failures.
func (s *Server) notify(ctx context.Context, method string, params any) {
	var err error
	if s.direct != nil {
		err = s.direct.Notify(method, params)
	} else {
		err = s.conn.Notify(ctx, method, params)
	}
	if err != nil {
		s.log.Debug("notify failed", zap.String("method", method), zap.Error(err))
	}
}

// notifyEncoded is notify with params encoded already (as the stream
// would encode them).
func (s *Server) notifyEncoded(ctx context.Context, method string, params []byte) {
	var err error
	if s.direct != nil {
		err = s.direct.NotifyEncoded(method, params)
	} else {
		err = s.conn.Notify(ctx, method, json.RawMessage(params))
	}
	if err != nil {
		s.log.Debug("notify failed", zap.String("method", method), zap.Error(err))
	}
}

// notifier is a stream that encodes notifications itself (NewStream's):
// one allocation per message instead of jsonrpc2's marshal and copy.
type notifier interface {
	Notify(method string, params any) error
	NotifyEncoded(method string, params []byte) error
}

// closeAll releases every document.
func (s *Server) closeAll() {
	s.feat.end() // stops background work
	s.depMu.Lock()
	for path, t := range s.depTimers {
		t.Stop()
		delete(s.depTimers, path)
	}
	s.depMu.Unlock()
	s.mu.Lock()
	defer s.mu.Unlock()
	s.closed = true
	for uri, d := range s.docs {
		d.close()
		delete(s.docs, uri)
	}
	s.texts, s.hot = iradix.New[[]byte](), nil
}
