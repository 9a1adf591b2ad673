package analysis

import (
	"hash/maphash"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/pyworkers/pyworkers-lsp/internal/analysis/config"
	"github.com/pyworkers/pyworkers-lsp/internal/analysis/semantic"
	"github.com/pyworkers/pyworkers-lsp/internal/analysis/source"
	"github.com/pyworkers/pyworkers-lsp/internal/analysis/syntax"
)

// Modules gives the analysis of one file the function summaries of the
// Worker's other modules (`from notes import save_note` in main.py reads
// notes.py's summary of save_note), so a None passed to a helper that
// binds its parameter is found at the call. It reads modules next to the
// importing file: from the overlay (the editor's open buffers, unsaved
// edits included) when it holds them, else from disk, keeping each disk
// file's summary until its size or modification time changes and each
// buffer's until its text changes. Safe for concurrent use.
type Modules struct {
	cache   *moduleCache
	overlay config.Overlay
}

// moduleCache is the summaries shared by a Modules and its overlaid views.
type moduleCache struct {
	mu    sync.Mutex
	files map[string]*moduleFile
	// texts holds the summaries of overlay texts by path and content.
	texts map[textKey]*moduleFile
}

type textKey struct {
	path string
	hash uint64
}

// maxOverlayTexts bounds the summaries of buffer texts kept; past it the
// map starts afresh (each open module keeps one entry per text).
const maxOverlayTexts = 256

type moduleFile struct {
	size  int64
	mtime time.Time
	funcs map[string]*semantic.Function
}

// NewModules returns an empty module source reading the disk.
func NewModules() *Modules {
	return &Modules{cache: &moduleCache{files: map[string]*moduleFile{}, texts: map[textKey]*moduleFile{}}}
}

// Overlaid returns a view of s in which the files overlay holds (open
// editor buffers) replace the disk; summaries stay shared with s.
func (s *Modules) Overlaid(overlay config.Overlay) *Modules {
	if s == nil {
		return nil
	}
	return &Modules{cache: s.cache, overlay: overlay}
}

// maxModuleSize bounds the files read for summaries.
const maxModuleSize = 1 << 20

// Function returns the summary of function name in module mod (dotted,
// absolute) as imported by the file at importer, or nil.
func (s *Modules) Function(importer, mod, name string) *semantic.Function {
	if s == nil || importer == "" || mod == "" || strings.HasPrefix(mod, ".") {
		return nil
	}
	rel := filepath.FromSlash(strings.ReplaceAll(mod, ".", "/"))
	dir := filepath.Dir(importer)
	for _, path := range []string{filepath.Join(dir, rel+".py"), filepath.Join(dir, rel, "__init__.py")} {
		if f := s.file(path); f != nil {
			return f.funcs[name]
		}
	}
	return nil
}

// file returns the summaries of the module at path: of its open buffer
// when the overlay holds one, else of the disk's file; nil when there is
// none.
func (s *Modules) file(path string) *moduleFile {
	if s.overlay != nil {
		if text, ok := s.overlay(path); ok {
			return s.cache.text(path, text)
		}
	}
	return s.cache.file(path)
}

var moduleSeed = maphash.MakeSeed()

// text returns the summaries of a buffer's text.
func (c *moduleCache) text(path string, text []byte) *moduleFile {
	if len(text) > maxModuleSize {
		return nil
	}
	key := textKey{path, maphash.Bytes(moduleSeed, text)}
	c.mu.Lock()
	f, ok := c.texts[key]
	c.mu.Unlock()
	if ok {
		return f
	}
	f = &moduleFile{size: int64(len(text)), funcs: summarizeModule(text)}
	c.mu.Lock()
	if len(c.texts) >= maxOverlayTexts {
		clear(c.texts)
	}
	c.texts[key] = f
	c.mu.Unlock()
	return f
}

// file returns the summaries of the module at path, read afresh when it
// changed on disk; nil when it is missing or not a regular file.
func (c *moduleCache) file(path string) *moduleFile {
	info, err := os.Stat(path)
	if err != nil || !info.Mode().IsRegular() || info.Size() > maxModuleSize {
		return nil
	}
	c.mu.Lock()
	f := c.files[path]
	c.mu.Unlock()
	if f != nil && f.size == info.Size() && f.mtime.Equal(info.ModTime()) {
		return f
	}
	// Read through the same bounded, non-blocking read as any module: the
	// file may have been swapped for a FIFO since the Stat.
	text, err := config.ReadRegular(path, maxModuleSize)
	if err != nil {
		return nil
	}
	f = &moduleFile{size: info.Size(), mtime: info.ModTime(), funcs: summarizeModule(text)}
	c.mu.Lock()
	c.files[path] = f
	c.mu.Unlock()
	return f
}

// summarizeModule returns the summarised top-level functions of a module.
func summarizeModule(text []byte) map[string]*semantic.Function {
	doc := source.Open("file:///module.py", 0, text, true)
	defer doc.Close()
	units := syntax.Units(doc.Tree())
	contribs := make([]semantic.Contribution, len(units))
	starts := make([]int, len(units))
	for i, u := range units {
		contribs[i] = semantic.Summarize(u.Kind, u.Flatten(text).Root(), u.Start)
		starts[i] = u.Start
	}
	m := semantic.Build(contribs, starts)
	m.ResolveSinks()
	out := map[string]*semantic.Function{}
	for i := range m.Functions {
		if f := &m.Functions[i]; f.Facts != nil {
			out[f.Name] = f
		}
	}
	return out
}

// linkImports records in m the summaries of the functions it imports from
// the Worker's other modules (see modgraph.go).
func linkImports(m *semantic.Module, in Input) {
	if in.Modules == nil || in.Path == "" {
		return
	}
	in.Modules.link(m, in)
}

// Imports reports whether module m, of the file at importer in a Worker
// whose main module is main, may import from the module file at path:
// the files whose analysis reads path's summaries, to analyse again when
// path's text changes (every file an import may resolve to counts).
func Imports(m *semantic.Module, importer, main, path string) bool {
	if m == nil || importer == "" || path == "" {
		return false
	}
	for _, name := range m.Imports() {
		b := m.Names[name]
		mod, _ := splitImport(b.Qualified)
		for _, q := range []string{mod, b.Qualified} {
			if q != "" && slices.Contains(moduleCandidates(importer, main, q), path) {
				return true
			}
		}
	}
	return false
}
