package server

import (
	"context"
	"slices"
	"sync"

	"go.lsp.dev/protocol"
	"go.uber.org/zap"

	"github.com/pyworkers/pyworkers-lsp/internal/analysis/diag"
	"github.com/pyworkers/pyworkers-lsp/internal/analysis/ide"
	"github.com/pyworkers/pyworkers-lsp/internal/analysis/rules"
)

// worker publishes the analysis of one document, one snapshot at a
// time; a newer snapshot replaces a pending one (which is then never
// analysed), so a burst of edits costs one analysis per idle moment.
// Workers of different documents run on their own goroutines: a slow
// document delays nobody else.
type worker struct {
	mu      sync.Mutex
	pending *ide.Snapshot
	running bool
	stopped bool
}

// submit queues snap (a reference the worker now owns) and starts the
// worker goroutine if idle.
func (w *worker) submit(s *Server, snap *ide.Snapshot) {
	w.mu.Lock()
	defer w.mu.Unlock()
	if w.stopped {
		snap.Release()
		return
	}
	if w.pending != nil {
		w.pending.Release()
	}
	w.pending = snap
	if !w.running {
		w.running = true
		s.wg.Add(1)
		go w.loop(s)
	}
}

func (w *worker) loop(s *Server) {
	defer s.wg.Done()
	for {
		w.mu.Lock()
		snap := w.pending
		w.pending = nil
		if snap == nil || w.stopped {
			w.running = false
			w.mu.Unlock()
			if snap != nil {
				snap.Release()
			}
			return
		}
		w.mu.Unlock()
		s.runJob(w, snap)
	}
}

func (w *worker) stop() {
	w.mu.Lock()
	defer w.mu.Unlock()
	w.stopped = true
	if w.pending != nil {
		w.pending.Release()
		w.pending = nil
	}
}

// superseded reports whether snap is no longer its document's current
// snapshot: closed, edited since, or its project layer changed.
func (s *Server) superseded(snap *ide.Snapshot) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	d := s.docs[snap.URI]
	return d == nil || d.snap != snap
}

// runJob analyses snap and publishes unless the document moved on
// meanwhile; a snapshot superseded before it started is not analysed.
func (s *Server) runJob(w *worker, snap *ide.Snapshot) {
	defer snap.Release()
	defer func() {
		if r := recover(); r != nil {
			s.log.Error("analysis panicked", zap.String("uri", snap.URI), zap.Any("panic", r))
		}
	}()
	if s.superseded(snap) {
		return
	}
	a, err := snap.Analysis(context.Background())
	if err != nil {
		return
	}
	for _, err := range a.Errors {
		s.log.Error("analyzer failed", zap.String("uri", snap.URI), zap.Error(err))
	}
	s.mu.Lock()
	enc := s.enc
	d := s.docs[snap.URI]
	if d != nil && d.snap == snap && a.Module != nil {
		d.module = a.Module
	}
	cold := !slices.Contains(s.hot, d)
	var pub *pubEncoder // nil: a cold document's findings are encoded by the stream, and nothing kept
	if !cold && d.snap == snap {
		if d.pub == nil {
			d.pub = &pubEncoder{}
		}
		pub = d.pub
	}
	s.mu.Unlock()
	if cold {
		// Parsed after it went cold (2,000 documents opened at once are
		// analysed after most were pushed out of s.hot): the tree would
		// stay with the snapshot, 55 bytes per byte of Python each.
		snap.DropTree()
	}
	var docs string
	if snap.Env != nil {
		docs = snap.Env.Options.Docs()
	}
	m := mapper{lines: snap.Lines, enc: enc, uri: snap.URI}
	var diags []protocol.Diagnostic
	var params []byte
	if pub == nil {
		diags = toProtocol(a.Diagnostics, m, docs) // the stream encodes it
	} else if params, err = pub.encode(snap.URI, snap.Version, a.Diagnostics, m, docs); err != nil {
		s.log.Error("encoding diagnostics failed", zap.String("uri", snap.URI), zap.Error(err))
		return
	}
	s.pubMu.Lock()
	defer s.pubMu.Unlock()
	if s.superseded(snap) {
		return // closed, or a newer snapshot is queued: never publish a stale result
	}
	if pub == nil {
		version := snap.Version
		s.publish(context.Background(), snap.URI, &version, diags)
	} else {
		s.notifyEncoded(context.Background(), "textDocument/publishDiagnostics", params)
	}
	s.first()
}

// publishParams replaces protocol.PublishDiagnosticsParams, whose Version
// is omitted when 0.
type publishParams struct {
	URI         string                `json:"uri"`
	Version     *int32                `json:"version,omitempty"`
	Diagnostics []protocol.Diagnostic `json:"diagnostics"`
}

func (s *Server) publish(ctx context.Context, uri string, version *int32, diags []protocol.Diagnostic) {
	if diags == nil {
		diags = []protocol.Diagnostic{}
	}
	s.notify(ctx, "textDocument/publishDiagnostics", publishParams{URI: uri, Version: version, Diagnostics: diags})
}

// toProtocol converts findings to LSP diagnostics; Data carries the code
// and fix data back to code actions.
func toProtocol(ds []diag.Diagnostic, m mapper, docsBase string) []protocol.Diagnostic {
	out := make([]protocol.Diagnostic, 0, len(ds))
	for _, d := range ds {
		pd := protocol.Diagnostic{
			Range:    m.rng(d.Start, d.End),
			Severity: protocol.DiagnosticSeverity(d.Severity),
			Source:   "pyworkers",
			Message:  d.Message,
		}
		if d.Code != "" { // notes such as excluded.go's have none
			pd.Code = d.Code
		}
		if href := rules.DocURL(docsBase, d.Code); href != "" {
			pd.CodeDescription = &protocol.CodeDescription{Href: protocol.URI(href)}
		}
		for _, t := range d.Tags {
			pd.Tags = append(pd.Tags, protocol.DiagnosticTag(t))
		}
		if len(d.Data) > 0 {
			pd.Data = d.Data
		}
		for _, r := range d.Related {
			if m.uri != "" {
				pd.RelatedInformation = append(pd.RelatedInformation, protocol.DiagnosticRelatedInformation{
					Location: protocol.Location{URI: protocol.DocumentURI(m.uri), Range: m.rng(r.Start, r.End)}, Message: r.Message})
			}
		}
		out = append(out, pd)
	}
	return out
}

// schedule queues the publication of Python document d's current
// snapshot. Called with s.mu held on the read loop, so snapshots are
// taken in message order.
func (s *Server) schedule(ctx context.Context, d *document) {
	if d.work == nil || s.closed || s.pullMode() {
		return // pulling clients ask for diagnostics (pull.go)
	}
	d.work.submit(s, s.snapshotLocked(d))
}

// reanalyzeAll rebuilds the snapshot of every open document under the
// current project layer and schedules the Python ones (after settings or
// profile changes).
func (s *Server) reanalyzeAll(ctx context.Context) {
	s.mu.Lock()
	defer s.mu.Unlock()
	for _, d := range s.docs {
		s.refreshLocked(d)
		if d.kind == pythonDoc {
			s.schedule(ctx, d)
		}
	}
}
