package server

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"sort"

	"go.lsp.dev/protocol"

	"github.com/pyworkers/pyworkers-lsp/internal/analysis"
	"github.com/pyworkers/pyworkers-lsp/internal/analysis/config"
	"github.com/pyworkers/pyworkers-lsp/internal/analysis/diag"
	"github.com/pyworkers/pyworkers-lsp/internal/analysis/ide"
	"github.com/pyworkers/pyworkers-lsp/internal/analysis/source"
)

func init() {
	requests["textDocument/diagnostic"] = (*Server).documentDiagnostic
	requests["workspace/diagnostic"] = (*Server).workspaceDiagnostic
}

// pullResult is the last diagnostics computed for one file, with the key
// of the inputs they came from and their result id.
type pullResult struct {
	key      string
	resultID string
	items    []protocol.Diagnostic
}

// fileInput is what one file's analysis reads, captured under s.mu.
type fileInput struct {
	uri, path string
	kind      docKind
	text      []byte
	snap      *ide.Snapshot // open Python documents: the current snapshot
	version   *int32
	project   *analysis.Project
	// variants are the projects a Python file is analysed under: one per
	// workerd Worker that embeds it (project is the first), else project.
	variants []*analysis.Project
	opts     *analysis.Options
	silenced bool
	excluded bool // silenced by exclude: one note (excluded.go)
	enc      source.Encoding
	key      string
}

// inputLocked captures the inputs of the file at uri: the open
// document's current snapshot, else the file on disk. ok is false for a
// file that cannot be read or that the server does not analyse. Called
// with s.mu held.
func (s *Server) inputLocked(uri string) (in fileInput, ok bool) {
	s.feat.mu.Lock()
	gen := s.feat.gen
	s.feat.mu.Unlock()
	in = fileInput{uri: uri, enc: s.enc}
	if d := s.docs[uri]; d != nil {
		in.path, in.kind = d.path, d.kind
		v := d.doc.Version
		in.version = &v
		in.key = fmt.Sprintf("open/%d/%d", v, gen)
		if d.kind == pythonDoc {
			in.snap = s.snapshotLocked(d)
			in.text = in.snap.Text
		} else {
			in.text = d.doc.Text()
		}
	} else {
		in.path = uriPath(uri)
		if in.path == "" {
			return in, false
		}
		in.kind = kindOf("", in.path)
		info, err := os.Stat(in.path)
		if err != nil || !info.Mode().IsRegular() {
			return in, false
		}
		in.key = fmt.Sprintf("disk/%d/%d/%d", info.ModTime().UnixNano(), info.Size(), gen)
	}
	if in.kind == otherDoc {
		in.close()
		return in, false
	}
	in.variants = s.projectsForLocked(in.path)
	in.project = in.variants[0]
	in.opts = s.optionsForLocked(in.project)
	if in.kind == pythonDoc {
		in.silenced = s.silencedLocked(in.path, in.project, in.opts)
		in.excluded = in.silenced && s.excludedLocked(in.path, in.project, in.opts)
	}
	return in, true
}

func (in *fileInput) close() {
	if in.snap != nil {
		in.snap.Release()
		in.snap = nil
	}
}

// diagnose returns the diagnostics of the file at uri, from the cache
// when nothing it reads changed.
func (s *Server) diagnose(ctx context.Context, uri string) (pullResult, *int32, bool) {
	s.mu.Lock()
	in, ok := s.inputLocked(uri)
	s.mu.Unlock()
	if !ok {
		return pullResult{}, nil, false
	}
	defer in.close()
	s.feat.mu.Lock()
	cached, hit := s.feat.results[uri]
	s.feat.mu.Unlock()
	if hit && cached.key == in.key {
		return cached, in.version, true
	}
	items, err := s.analyzeInput(ctx, &in)
	if err != nil {
		return pullResult{}, nil, false
	}
	res := pullResult{key: in.key, items: items, resultID: resultID(items)}
	s.feat.mu.Lock()
	s.feat.results[uri] = res
	s.feat.mu.Unlock()
	return res, in.version, true
}

// analyzeInput runs the analysis of one captured file.
func (s *Server) analyzeInput(ctx context.Context, in *fileInput) ([]protocol.Diagnostic, error) {
	if in.excluded {
		text := in.text
		if text == nil {
			text, _ = config.ReadRegular(in.path, config.MaxPythonSize) // the note's range is the first line
		}
		return toProtocol(excludedNote(text), mapper{lines: source.NewLines(text), enc: in.enc}, ""), nil
	}
	if in.silenced {
		return []protocol.Diagnostic{}, nil
	}
	var ds []diag.Diagnostic
	var lines *source.Lines
	switch {
	case in.kind == pythonDoc && len(in.text) > source.MaxParseSize:
		return []protocol.Diagnostic{oversizeDiagnostic(in.path, int64(len(in.text)))}, nil
	case in.snap != nil:
		// An open document: its snapshot's analysis, shared with every
		// request on this version.
		a, err := in.snap.Analysis(ctx)
		if err != nil {
			return nil, err
		}
		ds, lines = a.Diagnostics, in.snap.Lines
	case in.kind == pythonDoc:
		// A file on disk is read as check reads it: a regular file under
		// the size limit (a FIFO named x.py must not block a pull).
		text, err := config.ReadRegular(in.path, config.MaxPythonSize)
		if tooLarge := (*config.TooLargeError)(nil); errors.As(err, &tooLarge) {
			return []protocol.Diagnostic{oversizeDiagnostic(in.path, tooLarge.Size)}, nil
		}
		if err != nil {
			return nil, err
		}
		// As for an open document: every workerd Worker embedding the
		// file, findings merged and labelled by Worker.
		a, ls, err := ide.AnalyzeFile(in.path, text, &ide.Env{Projects: in.variants, Options: in.opts, Modules: moduleSummaries})
		if err != nil {
			return nil, err
		}
		ds, lines = a.Diagnostics, ls
	default:
		ws := in.project.Workspace
		if ws == nil {
			return []protocol.Diagnostic{}, nil
		}
		text := ws.Text(in.path)
		if text == nil {
			return []protocol.Diagnostic{}, nil
		}
		ds = analysis.CheckConfig(ws, in.project.Profile, in.opts).Diagnostics[in.path]
		lines = source.NewLines(text)
	}
	return toProtocol(ds, mapper{lines: lines, enc: in.enc}, in.opts.Docs()), nil
}

// forget drops the pull result of a closed document: its key names the
// buffer's version, which no later pull can match.
func (f *features) forget(uri string) {
	f.mu.Lock()
	delete(f.results, uri)
	f.mu.Unlock()
}

// pullResults is the number of cached pull results (tests).
func (f *features) pullResults() int {
	f.mu.Lock()
	defer f.mu.Unlock()
	return len(f.results)
}

// resultID names a set of diagnostics by content, so a client that pulls
// again gets "unchanged" exactly when nothing it shows would change.
func resultID(items []protocol.Diagnostic) string {
	b, _ := json.Marshal(items)
	sum := sha256.Sum256(b)
	return hex.EncodeToString(sum[:12])
}

// documentDiagnosticReport is LSP 3.17's full or unchanged report.
type documentDiagnosticReport struct {
	Kind     string                 `json:"kind"` // "full" or "unchanged"
	ResultID string                 `json:"resultId,omitempty"`
	Items    *[]protocol.Diagnostic `json:"items,omitempty"`
	// URI and Version are set in workspace reports.
	URI     string `json:"uri,omitempty"`
	Version *int32 `json:"version"`
}

func report(res pullResult, previous string) documentDiagnosticReport {
	if previous != "" && previous == res.resultID {
		return documentDiagnosticReport{Kind: "unchanged", ResultID: res.resultID}
	}
	items := res.items
	if items == nil {
		items = []protocol.Diagnostic{}
	}
	return documentDiagnosticReport{Kind: "full", ResultID: res.resultID, Items: &items}
}

// documentDiagnostic answers textDocument/diagnostic for an open or
// unopened file.
func (s *Server) documentDiagnostic(ctx context.Context, raw json.RawMessage) (any, error) {
	var p struct {
		TextDocument struct {
			URI string `json:"uri"`
		} `json:"textDocument"`
		PreviousResultID string `json:"previousResultId"`
	}
	if err := json.Unmarshal(raw, &p); err != nil {
		return nil, invalidParams(err)
	}
	res, _, ok := s.diagnose(ctx, p.TextDocument.URI)
	if !ok {
		empty := []protocol.Diagnostic{}
		return documentDiagnosticReport{Kind: "full", Items: &empty}, nil
	}
	s.first()
	r := report(res, p.PreviousResultID)
	return struct {
		Kind     string                 `json:"kind"`
		ResultID string                 `json:"resultId,omitempty"`
		Items    *[]protocol.Diagnostic `json:"items,omitempty"`
	}{r.Kind, r.ResultID, r.Items}, nil
}

// workspaceDiagnostic answers workspace/diagnostic with the files of
// every Worker that has an open document and that are not open
// themselves (the client pulls open ones per document).
func (s *Server) workspaceDiagnostic(ctx context.Context, raw json.RawMessage) (any, error) {
	var p struct {
		PreviousResultIDs []struct {
			URI   string `json:"uri"`
			Value string `json:"value"`
		} `json:"previousResultIds"`
	}
	if err := json.Unmarshal(raw, &p); err != nil {
		return nil, invalidParams(err)
	}
	previous := map[string]string{}
	for _, r := range p.PreviousResultIDs {
		previous[r.URI] = r.Value
	}
	s.mu.Lock()
	files := mergeSorted(s.workerFilesLocked(), s.workerdFilesLocked())
	open := map[string]bool{}
	for uri := range s.docs {
		open[uri] = true
	}
	s.mu.Unlock()
	items := []documentDiagnosticReport{}
	for _, path := range files {
		if ctx.Err() != nil {
			return nil, ctx.Err()
		}
		uri := pathURI(path)
		if open[uri] {
			continue
		}
		res, version, ok := s.diagnose(ctx, uri)
		if !ok {
			continue
		}
		r := report(res, previous[uri])
		r.URI, r.Version = uri, version
		items = append(items, r)
	}
	return map[string]any{"items": items}, nil
}

// workerdFilesLocked lists the files of every workerd Worker (config.capnp,
// *.wd-test) that has an open document, the module or the config itself:
// the config and the Python modules it embeds (excluded ones left out).
// A workerd config names its modules, so nothing is walked. Called with
// s.mu held.
func (s *Server) workerdFilesLocked() []string {
	seen := map[string]bool{}
	var out []string
	add := func(path string) {
		if path != "" && !seen[path] {
			seen[path] = true
			out = append(out, path)
		}
	}
	for _, d := range s.docs {
		if d.path == "" || d.kind == otherDoc {
			continue
		}
		p := s.dirProjectLocked(d.path)
		if p == nil || p.Workspace == nil || len(p.Workspace.Workerd) == 0 {
			continue
		}
		workers := p.Workspace.WorkersOf(d.path)
		if config.IsWorkerdConfig(d.path) {
			for _, c := range p.Workspace.Workerd {
				if c.Path == d.path {
					workers = append(workers, c.Workers...)
				}
			}
		}
		opts := s.optionsForLocked(p)
		for _, w := range workers {
			add(w.Config.Path)
			for _, m := range w.Modules {
				if m.Type == "pythonModule" && len(out) < maxWorkerFiles && !opts.Excluded(m.Path) {
					add(m.Path)
				}
			}
		}
	}
	sort.Strings(out)
	return out
}

// mergeSorted merges two sorted lists without duplicates.
func mergeSorted(a, b []string) []string {
	out := make([]string, 0, len(a)+len(b))
	for len(a) > 0 || len(b) > 0 {
		switch {
		case len(b) == 0 || len(a) > 0 && a[0] < b[0]:
			out, a = append(out, a[0]), a[1:]
		case len(a) == 0 || b[0] < a[0]:
			out, b = append(out, b[0]), b[1:]
		default:
			out, a, b = append(out, a[0]), a[1:], b[1:]
		}
	}
	return out
}

// refreshPulled asks a pulling client to pull again (after a change that
// affects files other than the one edited).
func (s *Server) refreshPulled(ctx context.Context) {
	s.feat.mu.Lock()
	ok := s.feat.pull && s.feat.pullRefresh
	s.feat.mu.Unlock()
	if ok {
		// Not ctx: a notification's context ends with its handler.
		s.request(s.feat.life, "workspace/diagnostic/refresh", nil)
	}
}
