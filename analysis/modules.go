package analysis

import (
	"os"
	"path/filepath"
	"strings"
	"sync"
	"time"

	"github.com/pyworkers/pyworkers-lsp/analysis/semantic"
	"github.com/pyworkers/pyworkers-lsp/analysis/source"
	"github.com/pyworkers/pyworkers-lsp/analysis/syntax"
)

// Modules gives the analysis of one file the function summaries of the
// Worker's other modules (`from notes import save_note` in main.py reads
// notes.py's summary of save_note), so a None passed to a helper that
// binds its parameter is found at the call. It reads modules from disk,
// next to the importing file, and keeps each one's summary until the
// file's size or modification time changes. Safe for concurrent use.
type Modules struct {
	mu    sync.Mutex
	files map[string]*moduleFile
}

type moduleFile struct {
	size  int64
	mtime time.Time
	funcs map[string]*semantic.Function
}

// NewModules returns an empty module source.
func NewModules() *Modules { return &Modules{files: map[string]*moduleFile{}} }

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

// file returns the summaries of the module at path, read afresh when it
// changed on disk; nil when it is missing or not a regular file.
func (s *Modules) file(path string) *moduleFile {
	info, err := os.Stat(path)
	if err != nil || !info.Mode().IsRegular() || info.Size() > maxModuleSize {
		return nil
	}
	s.mu.Lock()
	f := s.files[path]
	s.mu.Unlock()
	if f != nil && f.size == info.Size() && f.mtime.Equal(info.ModTime()) {
		return f
	}
	text, err := os.ReadFile(path)
	if err != nil {
		return nil
	}
	f = &moduleFile{size: info.Size(), mtime: info.ModTime(), funcs: summarizeModule(text)}
	s.mu.Lock()
	s.files[path] = f
	s.mu.Unlock()
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
