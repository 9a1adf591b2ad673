package server

import (
	"context"
	"encoding/json"

	"go.lsp.dev/protocol"

	"github.com/pyworkers/pyworkers-lsp/internal/analysis/config"
	"github.com/pyworkers/pyworkers-lsp/internal/analysis/docs"
	"github.com/pyworkers/pyworkers-lsp/internal/analysis/ide"
	"github.com/pyworkers/pyworkers-lsp/internal/analysis/lookup"
	"github.com/pyworkers/pyworkers-lsp/internal/analysis/profile"
	"github.com/pyworkers/pyworkers-lsp/internal/analysis/source"
)

// positionParams is TextDocumentPositionParams, decoded with wire
// positions so out-of-range values clamp instead of failing.
type positionParams struct {
	TextDocument struct {
		URI string `json:"uri"`
	} `json:"textDocument"`
	Position wirePosition `json:"position"`
}

// view is what a request needs of one open document: a reference to its
// current snapshot and the session state to render answers, taken under
// s.mu so the request runs off the read loop. close releases it.
type view struct {
	snap     *ide.Snapshot
	path     string
	kind     docKind
	prof     *profile.Profile
	enc      source.Encoding
	markdown bool
	settings Settings
	docs     string // base URL of the rule documentation
}

// viewOf takes the current snapshot of the open document uri; false when
// it is not open.
func (s *Server) viewOf(uri string) (*view, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	d := s.docs[uri]
	if d == nil {
		return nil, false
	}
	snap := s.snapshotLocked(d)
	v := &view{snap: snap, path: d.path, kind: d.kind, prof: snap.Profile(), enc: s.enc,
		markdown: s.client.markdownHover, settings: s.settings}
	if snap.Env != nil {
		v.docs = snap.Env.Options.Docs()
	}
	return v, true
}

// viewAt decodes position params and snapshots their document; a nil
// view means the document is not open (or the params are invalid: err).
func (s *Server) viewAt(raw json.RawMessage) (v *view, offset int, err error) {
	var p positionParams
	if err := json.Unmarshal(raw, &p); err != nil {
		return nil, 0, invalidParams(err)
	}
	v, ok := s.viewOf(p.TextDocument.URI)
	if !ok {
		return nil, 0, nil
	}
	return v, v.mapper().offset(p.Position), nil
}

func (v *view) close() { v.snap.Release() }

func (v *view) mapper() mapper { return mapper{lines: v.snap.Lines, enc: v.enc} }

// python prepares the Python document for lookups with the module
// summary of the snapshot's analysis (waiting for it, or for ctx); done
// releases the tree the lookup reads (ide.Snapshot.Lookup).
func (v *view) python(ctx context.Context) (f *lookup.File, done func(), err error) {
	return v.snap.Lookup(ctx)
}

// config parses the wrangler config document (once per snapshot).
func (v *view) config() *config.File { return v.snap.ConfigFile() }

// markup renders markdown for the client: as is, or as plain text for
// clients that do not take markdown.
func (v *view) markup(md string) protocol.MarkupContent {
	if v.markdown {
		return protocol.MarkupContent{Kind: protocol.Markdown, Value: md}
	}
	return protocol.MarkupContent{Kind: protocol.PlainText, Value: docs.Entry{Markdown: md}.Plaintext()}
}

func (s *Server) hover(ctx context.Context, raw json.RawMessage) (any, error) {
	v, offset, err := s.viewAt(raw)
	if v == nil {
		return nil, err
	}
	defer v.close()
	h, err := ide.HoverAt(ctx, v.snap, offset, s.readFile, v.docs)
	if err != nil || h.Markdown == "" {
		return nil, err
	}
	rng := v.mapper().rng(h.Start, h.End)
	return protocol.Hover{Contents: v.markup(h.Markdown), Range: &rng}, nil
}
