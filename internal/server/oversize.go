package server

import (
	"context"
	"path/filepath"

	"go.lsp.dev/protocol"

	"github.com/pyworkers/pyworkers-lsp/internal/analysis/config"
	"github.com/pyworkers/pyworkers-lsp/internal/analysis/source"
)

// refuseOversized publishes the one diagnostic of a Python document over
// source.MaxParseSize (its text is kept, for the edits that may bring it
// back under the limit, but not parsed or analysed) and reports whether
// it did. A document back under the limit is analysed as usual: the
// next analysis replaces the diagnostic.
func (s *Server) refuseOversized(ctx context.Context, d *document) bool {
	if d.kind != pythonDoc {
		return false
	}
	s.mu.Lock()
	unparsed, version, size := d.doc.Unparsed(), d.doc.Version, len(d.doc.Text())
	s.mu.Unlock()
	if !unparsed {
		return false
	}
	diags := []protocol.Diagnostic{oversizeDiagnostic(d.path, int64(size))}
	s.pubMu.Lock()
	defer s.pubMu.Unlock()
	s.publish(ctx, d.doc.URI, &version, diags)
	return true
}

// oversizeDiagnostic is the one finding of a Python file over
// source.MaxParseSize, pushed or pulled, open or on disk.
func oversizeDiagnostic(path string, size int64) protocol.Diagnostic {
	name := filepath.Base(path)
	if name == "." || name == "" {
		name = "this file"
	}
	return protocol.Diagnostic{
		Severity: protocol.DiagnosticSeverityWarning,
		Source:   "pyworkers",
		Message:  name + " is not analysed: " + config.SizeOverLimit(size, source.MaxParseSize) + " for Python files",
	}
}
