package server

import (
	"context"
	"encoding/json"
	"fmt"

	fastjson "github.com/segmentio/encoding/json"
	"go.uber.org/zap"
)

type didOpenParams struct {
	TextDocument struct {
		URI        string   `json:"uri"`
		LanguageID string   `json:"languageId"`
		Version    int32    `json:"version"`
		Text       wireText `json:"text"`
	} `json:"textDocument"`
}

func (s *Server) didOpen(ctx context.Context, raw json.RawMessage) error {
	var p didOpenParams
	if err := fastjson.Unmarshal(raw, &p); err != nil {
		return fmt.Errorf("didOpen: %w", err)
	}
	td := p.TextDocument
	d := newDocument(s.trees, td.URI, td.LanguageID, td.Version, td.Text)
	s.mu.Lock()
	if old := s.docs[td.URI]; old != nil {
		old.close()
		s.forgetLocked(old)
	}
	s.docs[td.URI] = d
	s.textChangedLocked(d)
	s.refreshLocked(d)
	s.mu.Unlock()
	if s.refuseOversized(ctx, d) {
		return nil
	}
	s.documentChanged(ctx, d)
	if d.kind == pythonDoc {
		// The file may belong to a project whose config is not shown yet.
		s.publishConfigDiagnostics(ctx)
	}
	return nil
}

// Text-sync params carry whole files: they are decoded with segmentio's
// decoder (jsonrpc2's own, one pass), which on a 50 MB didOpen takes a
// fraction of encoding/json's validate-then-decode, and the read loop
// waits for it.

// didChangeParams is decoded by hand: positions may be out of range or
// negative, and must be clamped rather than fail the whole message.
type didChangeParams struct {
	TextDocument struct {
		URI     string `json:"uri"`
		Version int32  `json:"version"`
	} `json:"textDocument"`
	ContentChanges []struct {
		Range *wireRange `json:"range"`
		Text  wireText   `json:"text"`
	} `json:"contentChanges"`
}

// didChange applies the edits, in order, to text and tree before the next
// message is read; analysis then runs off the read loop.
func (s *Server) didChange(ctx context.Context, raw json.RawMessage) error {
	var p didChangeParams
	if err := fastjson.Unmarshal(raw, &p); err != nil {
		return fmt.Errorf("didChange: %w", err)
	}
	s.mu.Lock()
	d := s.docs[p.TextDocument.URI]
	if d == nil {
		s.mu.Unlock()
		s.log.Warn("didChange for a document that is not open", zap.String("uri", p.TextDocument.URI))
		return nil
	}
	enc := s.enc
	for _, c := range p.ContentChanges {
		if c.Range == nil {
			d.doc.Adopt(p.TextDocument.Version, c.Text)
			continue
		}
		m := mapper{lines: d.doc.Lines(), enc: enc}
		start, end := m.offsets(*c.Range)
		d.doc.Edit(start, end, c.Text)
	}
	d.doc.SetVersion(p.TextDocument.Version)
	s.textChangedLocked(d)
	s.refreshLocked(d)
	s.mu.Unlock()
	if s.refuseOversized(ctx, d) {
		return nil
	}
	s.documentChanged(ctx, d)
	return nil
}

func (s *Server) didClose(ctx context.Context, raw json.RawMessage) error {
	var p struct {
		TextDocument struct {
			URI string `json:"uri"`
		} `json:"textDocument"`
	}
	if err := json.Unmarshal(raw, &p); err != nil {
		return fmt.Errorf("didClose: %w", err)
	}
	uri := p.TextDocument.URI
	s.mu.Lock()
	d := s.docs[uri]
	delete(s.docs, uri)
	if d != nil {
		s.textChangedLocked(d)
		s.forgetLocked(d)
	}
	s.mu.Unlock()
	if d == nil {
		s.log.Warn("didClose for a document that is not open", zap.String("uri", uri))
		return nil
	}
	memRelease.released(int64(len(d.doc.Text())) + releasePerDocument)
	d.close()
	s.feat.forget(uri)
	if d.kind == pythonDoc {
		s.dependentsChanged(d.path) // they read the disk again
	}
	if d.kind != pythonDoc {
		// The buffer no longer overrides the file on disk.
		s.configChanged(ctx)
	}
	s.pubMu.Lock()      // after any job still running has published or given up
	s.forgetPushed(uri) // before the publish: a client that saw it may start the next run
	s.publish(ctx, uri, nil, nil)
	s.pubMu.Unlock()
	return nil
}

func (s *Server) didSave(ctx context.Context, raw json.RawMessage) error {
	var p struct {
		TextDocument struct {
			URI string `json:"uri"`
		} `json:"textDocument"`
	}
	if err := json.Unmarshal(raw, &p); err != nil {
		return fmt.Errorf("didSave: %w", err)
	}
	s.mu.Lock()
	d := s.docs[p.TextDocument.URI]
	s.mu.Unlock()
	if d != nil && d.kind != pythonDoc && d.kind != otherDoc {
		s.configChanged(ctx)
	}
	if d != nil && d.kind == pythonDoc {
		// A saved module can change what its siblings import.
		s.workerFilesChanged(ctx)
	}
	return nil
}

// documentChanged schedules the analyses an edit to d calls for: d's
// own, then (after a quiet moment) those of the open modules importing d.
func (s *Server) documentChanged(ctx context.Context, d *document) {
	switch d.kind {
	case pythonDoc:
		s.mu.Lock()
		s.schedule(ctx, d)
		s.mu.Unlock()
		s.dependentsChanged(d.path)
	case configDoc, projectDoc:
		s.configChanged(ctx)
	}
}
