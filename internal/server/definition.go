package server

import (
	"context"
	"encoding/json"

	"go.lsp.dev/protocol"

	"github.com/pyworkers/pyworkers-lsp/internal/analysis/config"
	"github.com/pyworkers/pyworkers-lsp/internal/analysis/ide"
	"github.com/pyworkers/pyworkers-lsp/internal/analysis/source"
)

// definition answers textDocument/definition (ide.Definition).
func (s *Server) definition(ctx context.Context, raw json.RawMessage) (any, error) {
	v, offset, err := s.viewAt(raw)
	if v == nil {
		return nil, err
	}
	defer v.close()
	loc, ok, err := ide.Definition(ctx, v.snap, offset, s.readFile)
	if !ok || err != nil {
		return nil, err
	}
	return s.location(loc.Path, loc.Start, loc.End, v.enc), nil
}

// location builds an LSP location for a byte range of the file at path.
func (s *Server) location(path string, start, end int, enc source.Encoding) protocol.Location {
	text, _ := s.readFile(path)
	m := mapper{lines: source.NewLines(text), enc: enc}
	return protocol.Location{URI: protocol.DocumentURI(pathURI(path)), Range: m.rng(start, end)}
}

// readFile returns a file's content: the open buffer if the editor holds
// it, else the disk.
func (s *Server) readFile(path string) ([]byte, bool) {
	s.mu.Lock()
	text, ok := s.overlayLocked(path)
	s.mu.Unlock()
	if ok {
		return text, true
	}
	text, err := config.ReadRegular(path, config.LimitOf(path)) // never a FIFO or device: main = "/dev/zero"
	return text, err == nil
}
