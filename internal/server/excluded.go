package server

import (
	"bytes"

	"github.com/pyworkers/pyworkers-lsp/internal/analysis"
	"github.com/pyworkers/pyworkers-lsp/internal/analysis/diag"
)

// excludedLocked reports whether the Python file at path is one the user
// excluded (`exclude` in [tool.pyworkers-lsp]) inside a Worker: such a
// file gets a single information note instead of findings, so an open
// buffer that shows nothing says why. A file outside every Worker stays
// silent (gate.go). Called with s.mu held.
func (s *Server) excludedLocked(path string, p *analysis.Project, opts *analysis.Options) bool {
	if path == "" || !opts.Excluded(path) {
		return false
	}
	return p.InWorker() || s.settingsForLocked(path).OutsideWorkers
}

// excludedNote is the note an excluded file gets, on its first line.
func excludedNote(text []byte) []diag.Diagnostic {
	end := bytes.IndexAny(text, "\r\n")
	if end < 0 {
		end = len(text)
	}
	return []diag.Diagnostic{{
		Severity: diag.Information,
		Start:    0,
		End:      end,
		Message:  "not checked: `exclude` in [tool.pyworkers-lsp] matches this file (as `check --force-exclude` skips it)",
	}}
}
