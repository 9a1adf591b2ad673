package config

import (
	"sync/atomic"

	"github.com/pyworkers/pyworkers-lsp/internal/analysis/source"
)

// lineIndex is a config file's line index, built on first use and kept
// with the file: resolving a profile asks for the line of every binding
// and package, and counting newlines from the start of the file each time
// is quadratic (a 10 MB wrangler.toml took 17 s). Config texts are never
// modified once read, so the index stays valid for the file's life.
type lineIndex struct {
	p atomic.Pointer[source.Lines]
}

// of returns the index of text, the text of the file holding x.
func (x *lineIndex) of(text []byte) *source.Lines {
	if l := x.p.Load(); l != nil {
		return l
	}
	l := source.NewLines(text)
	x.p.Store(l)
	return l
}

// linesOf is the line index of the workspace's config file at path (nil
// for a file the workspace does not hold), mirroring Text.
func (ws *Workspace) linesOf(path string) *source.Lines {
	switch {
	case ws.Wrangler != nil && ws.Wrangler.Path == path:
		return ws.Wrangler.lines.of(ws.Wrangler.Text)
	case ws.Pyproject != nil && ws.Pyproject.File.Path == path:
		return ws.Pyproject.File.lines.of(ws.Pyproject.File.Text)
	case ws.Lock != nil && ws.Lock.Path == path:
		return ws.Lock.lines.of(ws.Lock.Text)
	}
	for _, c := range ws.Workerd {
		if c.Path == path {
			return c.lines.of(c.Text)
		}
	}
	return nil
}
