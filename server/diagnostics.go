package server

import (
	"context"
	"sync"

	"go.lsp.dev/protocol"
	"go.uber.org/zap"

	"github.com/pyworkers/pyworkers-lsp/analysis"
	"github.com/pyworkers/pyworkers-lsp/analysis/diag"
	"github.com/pyworkers/pyworkers-lsp/analysis/rules"
	"github.com/pyworkers/pyworkers-lsp/analysis/semantic"
	"github.com/pyworkers/pyworkers-lsp/analysis/source"
)

// job is one analysis request: an immutable snapshot and what it needs.
type job struct {
	uri  string
	snap *source.Snapshot
	run  func(*job, *analysis.Cache) []diag.Diagnostic
	enc  source.Encoding
	docs string // docs base URL for codeDescription
	// module is the summary run built (Python documents), for lookups.
	module *semantic.Module
}

// worker analyses one document, one job at a time; a newer job replaces
// a pending one, so a burst of edits costs one analysis per idle moment.
type worker struct {
	mu      sync.Mutex
	pending *job
	running bool
	stopped bool
	cache   *analysis.Cache // only touched by the running job
	// pullMu serialises pulls that use cache (pull.go); in pull mode no
	// job runs.
	pullMu sync.Mutex
	// published holds the findings last published and their version:
	// code actions on that version reuse them instead of analysing again.
	published struct {
		version int32
		diags   []diag.Diagnostic
		module  *semantic.Module
		ok      bool
	}
}

// summary returns the module summary of the version last published, if
// it is version: hover, definition, completion and inlay hints on that
// version share the analysis's summary.
func (w *worker) summary(version int32) (*semantic.Module, bool) {
	if w == nil {
		return nil, false
	}
	w.mu.Lock()
	defer w.mu.Unlock()
	if !w.published.ok || w.published.version != version || w.published.module == nil {
		return nil, false
	}
	return w.published.module, true
}

// findings returns the findings published for version, if they are.
func (w *worker) findings(version int32) ([]diag.Diagnostic, bool) {
	if w == nil {
		return nil, false
	}
	w.mu.Lock()
	defer w.mu.Unlock()
	if !w.published.ok || w.published.version != version {
		return nil, false
	}
	return w.published.diags, true
}

// remember records the findings published for version.
func (w *worker) remember(version int32, diags []diag.Diagnostic, module *semantic.Module) {
	w.mu.Lock()
	defer w.mu.Unlock()
	w.published.version, w.published.diags, w.published.module, w.published.ok = version, diags, module, true
}

// submit queues j and starts the worker goroutine if idle.
func (w *worker) submit(s *Server, j *job) {
	w.mu.Lock()
	defer w.mu.Unlock()
	if w.stopped {
		j.snap.Close()
		return
	}
	if w.pending != nil {
		w.pending.snap.Close()
	}
	w.pending = j
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
		j := w.pending
		w.pending = nil
		if j == nil || w.stopped {
			w.running = false
			w.mu.Unlock()
			if j != nil {
				j.snap.Close()
			}
			return
		}
		w.mu.Unlock()
		s.runJob(w, j)
	}
}

func (w *worker) stop() {
	w.mu.Lock()
	defer w.mu.Unlock()
	w.stopped = true
	if w.pending != nil {
		w.pending.snap.Close()
		w.pending = nil
	}
}

// runJob analyses and publishes unless the document moved on meanwhile.
func (s *Server) runJob(w *worker, j *job) {
	defer j.snap.Close()
	defer func() {
		if r := recover(); r != nil {
			s.log.Error("analysis panicked", zap.String("uri", j.uri), zap.Any("panic", r))
		}
	}()
	found := j.run(j, w.cache)
	diags := toProtocol(found, mapper{lines: j.snap.Lines, enc: j.enc, uri: j.uri}, j.docs)
	s.pubMu.Lock()
	defer s.pubMu.Unlock()
	s.mu.Lock()
	d := s.docs[j.uri]
	current := d != nil && d.work == w && d.doc.Version == j.snap.Version
	s.mu.Unlock()
	if !current {
		return // closed, or a newer version is queued: never publish a stale result
	}
	version := j.snap.Version
	w.remember(version, found, j.module)
	s.publish(context.Background(), j.uri, &version, diags)
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

// moduleSummaries keeps the function summaries of the modules open files
// import, read from disk (an unsaved edit in another file is seen once
// it is saved).
var moduleSummaries = analysis.NewModules()

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

// schedule queues an analysis of Python document d. Called with s.mu held
// on the read loop, so the snapshot is taken in message order.
func (s *Server) schedule(ctx context.Context, d *document) {
	if d.work == nil || s.pullMode() {
		return // pulling clients ask for diagnostics (pull.go)
	}
	projs := s.projectsForLocked(d.path)
	proj := projs[0]
	opts := s.optionsForLocked(proj)
	silenced := s.silencedLocked(d.path, proj, opts)
	excluded := silenced && s.excludedLocked(d.path, proj, opts)
	path := d.path
	j := &job{
		uri:  d.doc.URI,
		snap: d.doc.Snapshot(),
		enc:  s.enc,
		docs: opts.Docs(),
		run: func(j *job, cache *analysis.Cache) []diag.Diagnostic {
			if excluded {
				return excludedNote(j.snap.Text) // one note, not the findings (excluded.go)
			}
			if silenced {
				return nil // outside any Worker (gate.go)
			}
			results := make([][]diag.Diagnostic, len(projs))
			labels := make([]string, len(projs))
			for i, p := range projs {
				prof := p.Profile
				isMain := prof.Main != "" && prof.Main == path
				// The cache follows one profile: a file that several
				// workerd Workers embed is analysed in full under the
				// others.
				c := cache
				if i > 0 {
					c = nil
				}
				res := analysis.Analyze(analysis.Input{Snapshot: j.snap, Profile: prof, Options: opts, Path: path, IsMain: isMain, Modules: moduleSummaries}, c)
				if i == 0 {
					j.module = res.Module // the summary does not depend on the profile
				}
				for _, err := range res.Errors {
					s.log.Error("analyzer failed", zap.String("uri", j.uri), zap.Error(err))
				}
				results[i] = res.Diagnostics
				if p.Worker != nil {
					labels[i] = p.Worker.Label()
				}
			}
			return append(analysis.ProjectNotes(j.snap.Text, proj, opts), analysis.MergeVariants(results, labels)...)
		},
	}
	d.work.submit(s, j)
}

// reanalyzeAll schedules every open Python document (after settings or
// profile changes).
func (s *Server) reanalyzeAll(ctx context.Context) {
	s.mu.Lock()
	defer s.mu.Unlock()
	for _, d := range s.docs {
		if d.kind == pythonDoc {
			s.schedule(ctx, d)
		}
	}
}
