package server

import (
	"github.com/pyworkers/pyworkers-lsp/internal/analysis"
)

// silencedLocked reports whether the Python file at path gets no
// findings: it lies outside any Worker (no wrangler config above it) and
// the outsideWorkers setting is off, or its project's exclude matches it
// (as `check --force-exclude` skips it). An editor opening a plain
// Python file must see exactly what it saw without pyworkers-lsp. Called
// with s.mu held.
func (s *Server) silencedLocked(path string, p *analysis.Project, opts *analysis.Options) bool {
	if path == "" {
		return !s.settingsForLocked(path).OutsideWorkers
	}
	if !p.InWorker() && !s.settingsForLocked(path).OutsideWorkers {
		return true
	}
	return opts.Excluded(path)
}
