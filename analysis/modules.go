package analysis

import (
	"hash/maphash"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"time"

	"github.com/pyworkers/pyworkers-lsp/analysis/config"
	"github.com/pyworkers/pyworkers-lsp/analysis/semantic"
	"github.com/pyworkers/pyworkers-lsp/analysis/source"
	"github.com/pyworkers/pyworkers-lsp/analysis/syntax"
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
	texts map[textKey]map[string]*semantic.Function
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
	return &Modules{cache: &moduleCache{files: map[string]*moduleFile{}, texts: map[textKey]map[string]*semantic.Function{}}}
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

// Path returns the file of module mod (dotted, absolute) imported by the
// file at importer that holds its summary ("" when there is none):
// mod.py next to the importer, else mod/__init__.py.
func (s *Modules) Path(importer, mod string) string {
	if s == nil || importer == "" || mod == "" || strings.HasPrefix(mod, ".") {
		return ""
	}
	rel := filepath.FromSlash(strings.ReplaceAll(mod, ".", "/"))
	dir := filepath.Dir(importer)
	for _, path := range []string{filepath.Join(dir, rel+".py"), filepath.Join(dir, rel, "__init__.py")} {
		if s.functions(path) != nil {
			return path
		}
	}
	return ""
}

// Function returns the summary of function name in module mod (dotted,
// absolute) as imported by the file at importer, or nil.
func (s *Modules) Function(importer, mod, name string) *semantic.Function {
	if path := s.Path(importer, mod); path != "" {
		return s.functions(path)[name]
	}
	return nil
}

// functions returns the summaries of the module at path (never nil for
// a module that exists: an empty map), or nil when there is none.
func (s *Modules) functions(path string) map[string]*semantic.Function {
	if s.overlay != nil {
		if text, ok := s.overlay(path); ok {
			return s.cache.text(path, text)
		}
	}
	if f := s.cache.file(path); f != nil {
		return f.funcs
	}
	return nil
}

var moduleSeed = maphash.MakeSeed()

// text returns the summaries of a buffer's text.
func (c *moduleCache) text(path string, text []byte) map[string]*semantic.Function {
	if len(text) > maxModuleSize {
		return map[string]*semantic.Function{}
	}
	key := textKey{path, maphash.Bytes(moduleSeed, text)}
	c.mu.Lock()
	funcs, ok := c.texts[key]
	c.mu.Unlock()
	if ok {
		return funcs
	}
	funcs = summarizeModule(text)
	c.mu.Lock()
	if len(c.texts) >= maxOverlayTexts {
		clear(c.texts)
	}
	c.texts[key] = funcs
	c.mu.Unlock()
	return funcs
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
	text, err := os.ReadFile(path)
	if err != nil {
		return nil
	}
	f = &moduleFile{size: info.Size(), mtime: info.ModTime(), funcs: summarizeModule(text)}
	c.mu.Lock()
	c.files[path] = f
	c.mu.Unlock()
	return f
}

// Remember records the summary m that the analysis of the buffer text of
// the module at path built, so the modules importing it read that summary
// instead of parsing the buffer again.
func (s *Modules) Remember(path string, text []byte, m *semantic.Module) {
	if s == nil || m == nil || len(text) > maxModuleSize {
		return
	}
	key := textKey{path, maphash.Bytes(moduleSeed, text)}
	funcs := functionsOf(m)
	s.cache.mu.Lock()
	defer s.cache.mu.Unlock()
	if len(s.cache.texts) >= maxOverlayTexts {
		clear(s.cache.texts)
	}
	s.cache.texts[key] = funcs
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
	return functionsOf(semantic.Build(contribs, starts))
}

// functionsOf returns the summarised top-level functions of module m.
func functionsOf(m *semantic.Module) map[string]*semantic.Function {
	out := map[string]*semantic.Function{}
	for i := range m.Functions {
		if f := &m.Functions[i]; f.Facts != nil {
			out[f.Name] = f
		}
	}
	return out
}

// linkImports records in m the summaries of the functions it imports from
// the Worker's other modules.
func linkImports(m *semantic.Module, in Input) {
	if in.Modules == nil || in.Path == "" {
		return
	}
	for local, b := range m.Names {
		if b.Kind != semantic.Import {
			continue
		}
		i := strings.LastIndexByte(b.Qualified, '.')
		if i <= 0 {
			continue
		}
		if f := in.Modules.Function(in.Path, b.Qualified[:i], b.Qualified[i+1:]); f != nil {
			m.Link(local, f)
		}
	}
}

// Imports reports whether module m, of the file at importer, imports a
// name from the module file at path: the files whose analysis reads
// path's summaries, to analyse again when path's text changes.
func Imports(m *semantic.Module, importer, path string) bool {
	if m == nil || importer == "" || path == "" {
		return false
	}
	dir := filepath.Dir(importer)
	for _, b := range m.Names {
		i := strings.LastIndexByte(b.Qualified, '.')
		if b.Kind != semantic.Import || i <= 0 || strings.HasPrefix(b.Qualified, ".") {
			continue
		}
		rel := filepath.FromSlash(strings.ReplaceAll(b.Qualified[:i], ".", "/"))
		if filepath.Join(dir, rel+".py") == path || filepath.Join(dir, rel, "__init__.py") == path {
			return true
		}
	}
	return false
}
