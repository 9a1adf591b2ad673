// Package ide holds the editor features of pyworkers-lsp (hover, go to
// definition, completion, inlay hints, code actions) over one immutable,
// analysed Snapshot per document version. It knows no LSP types: offsets
// are bytes, and the server maps them to protocol positions.
//
// A Snapshot is built once per document version (and per change of the
// project it is analysed under) and shared: the diagnostics publisher,
// pull diagnostics and every request on that version read the same
// analysis, run once by the existing incremental analysis.Analyze with
// the document's cache.
package ide

import (
	"context"
	"errors"
	"fmt"
	"path/filepath"
	"sync"
	"sync/atomic"

	sitter "github.com/smacker/go-tree-sitter"

	"github.com/pyworkers/pyworkers-lsp/internal/analysis"
	"github.com/pyworkers/pyworkers-lsp/internal/analysis/config"
	"github.com/pyworkers/pyworkers-lsp/internal/analysis/diag"
	"github.com/pyworkers/pyworkers-lsp/internal/analysis/lookup"
	"github.com/pyworkers/pyworkers-lsp/internal/analysis/profile"
	"github.com/pyworkers/pyworkers-lsp/internal/analysis/semantic"
	"github.com/pyworkers/pyworkers-lsp/internal/analysis/source"
	"github.com/pyworkers/pyworkers-lsp/internal/analysis/syntax"
)

// Kind says how a document is treated.
type Kind int

const (
	Other   Kind = iota
	Python       // a Python module
	Config       // wrangler.toml / wrangler.jsonc / wrangler.json
	Project      // pyproject.toml, lock files, workerd configs: profile inputs
)

// Env is the project layer a snapshot is analysed under: shared by the
// snapshots of every document of the project until a config, a setting
// or an open sibling module changes.
type Env struct {
	// Projects are the projects the file is analysed under: one per
	// workerd Worker embedding it, else one. Projects[0] is the primary.
	Projects []*analysis.Project
	// Options are the primary project's options merged with the editor
	// settings.
	Options *analysis.Options
	// Silenced: the file gets no findings (outside any Worker, or
	// excluded).
	Silenced bool
	// Note, when set, gives a silenced file's diagnostics instead of none
	// (an excluded file's note saying why it shows nothing).
	Note func(text []byte) []diag.Diagnostic
	// Modules gives the summaries of the Worker's other modules, open
	// buffers first.
	Modules *analysis.Modules
}

// Project returns the primary project (nil without one).
func (e *Env) Project() *analysis.Project {
	if e == nil || len(e.Projects) == 0 {
		return nil
	}
	return e.Projects[0]
}

// Profile returns the primary project's runtime profile.
func (e *Env) Profile() *profile.Profile {
	if p := e.Project(); p != nil {
		return p.Profile
	}
	return profile.Default()
}

// Analyzer is the per-document state analyses share: the incremental
// cache (one analysis at a time) and the summaries lookups build for
// documents that are not analysed (silenced files).
type Analyzer struct {
	mu    sync.Mutex
	cache *analysis.Cache
	sums  lookup.Summaries
}

// NewAnalyzer returns the analysis state of a newly opened document.
func NewAnalyzer() *Analyzer { return &Analyzer{cache: analysis.NewCache()} }

// Analysis is what the analysis of one snapshot produced.
type Analysis struct {
	// Diagnostics are the findings as published: project notes first,
	// then the findings merged over the file's Workers.
	Diagnostics []diag.Diagnostic
	// Module is the module summary of the text (nil for silenced files).
	Module *semantic.Module
	// Errors holds analyzer panics, recovered.
	Errors []error
	// Analyzed is how many units were not cached (primary project).
	Analyzed, Units int
}

// Snapshot is one immutable version of an open document and its
// analysis. It is reference counted: the document holds one reference,
// every user acquires its own (Acquire) and releases it (Release); the
// syntax tree is freed with the last.
type Snapshot struct {
	URI     string
	Path    string // "" for non-file URIs
	Version int32
	Kind    Kind
	Text    []byte
	Lines   *source.Lines
	Env     *Env

	refs atomic.Int32
	an   *Analyzer

	// treeMu guards the tree: writers (parsing, listing units and
	// copying go through go-tree-sitter, which caches node wrappers in a
	// map; dropping it) hold it exclusively; lookups that flatten units
	// (C memory only) share it while they read. The tree is parsed when
	// first needed, on the goroutine that needs it (the document's
	// analysis, or a request on this version), never on the read loop. A
	// snapshot whose document went cold drops its tree (DropTree) and
	// parses its text again when next asked.
	treeMu sync.RWMutex
	src    *source.Version
	tree   *sitter.Tree
	units  []syntax.Unit
	python bool // has a tree, now or after a parse
	// superseded is set once a newer snapshot replaced this one: a parse
	// of it still running is abandoned (its analysis then fails with
	// ErrSuperseded; nobody publishes a superseded result).
	superseded atomic.Bool

	configOnce sync.Once
	config     *config.File

	mu      sync.Mutex
	started bool
	done    chan struct{}
	result  *Analysis
	err     error // ErrSuperseded: the parse was abandoned
}

// ErrSuperseded is the error of a lookup or analysis of a snapshot whose
// parse was abandoned because a newer version replaced it.
var ErrSuperseded = errors.New("ide: the document changed")

// NewSnapshot wraps a document version with its project layer; its tree
// is parsed when first needed. The caller holds the first reference. an
// is the document's analysis state; nil analyses without a cache (a file
// analysed once) and suits only snapshots that are not silenced.
func NewSnapshot(src *source.Version, path string, kind Kind, env *Env, an *Analyzer) *Snapshot {
	s := &Snapshot{URI: src.URI, Path: path, Version: src.Version, Kind: kind, Text: src.Text, Lines: src.Lines,
		Env: env, an: an, src: src, python: src.Python(), done: make(chan struct{})}
	s.refs.Store(1)
	return s
}

// Supersede marks the snapshot replaced by a newer one: a parse of it
// that is running stops, and none starts.
func (s *Snapshot) Supersede() { s.superseded.Store(true) }

// Acquire takes a reference; the caller must already reach the snapshot
// through a live reference (the document's, under the server's lock).
func (s *Snapshot) Acquire() *Snapshot {
	if s.refs.Add(1) <= 1 {
		panic("ide: Acquire of a released snapshot")
	}
	return s
}

// Release drops a reference; the last one frees the tree.
func (s *Snapshot) Release() {
	switch n := s.refs.Add(-1); {
	case n == 0:
		s.treeMu.Lock()
		s.closeTree()
		s.python = false // nothing parses it again
		s.treeMu.Unlock()
	case n < 0:
		panic("ide: snapshot released twice")
	}
}

// Refs returns the number of live references (tests, debugging).
func (s *Snapshot) Refs() int32 { return s.refs.Load() }

// Profile is the runtime profile of the primary project.
func (s *Snapshot) Profile() *profile.Profile { return s.Env.Profile() }

// closeTree frees the tree and the units read off it. Called with
// treeMu held exclusively.
func (s *Snapshot) closeTree() {
	if s.tree != nil {
		s.tree.Close()
		s.tree, s.units = nil, nil
	}
}

// HasTree reports whether the snapshot holds a syntax tree now.
func (s *Snapshot) HasTree() bool {
	s.treeMu.RLock()
	defer s.treeMu.RUnlock()
	return s.tree != nil
}

// DropTree frees the syntax tree of a snapshot whose document went cold;
// it is parsed again from the text if a request needs it. It waits for
// lookups reading the tree.
func (s *Snapshot) DropTree() {
	s.treeMu.Lock()
	defer s.treeMu.Unlock()
	s.closeTree()
}

// ensureTree parses the version when it has no tree (not parsed yet, or
// dropped). Called with treeMu held exclusively.
func (s *Snapshot) ensureTree() error {
	if s.tree != nil || !s.python {
		return nil
	}
	tree, err := s.src.Tree(s.superseded.Load)
	if err != nil {
		return ErrSuperseded
	}
	s.tree = tree
	return nil
}

// TreeCopy returns a copy of the syntax tree for code that reads it
// through go-tree-sitter (nil for documents that are not Python). The
// caller closes it.
func (s *Snapshot) TreeCopy() (*sitter.Tree, error) {
	s.treeMu.Lock()
	defer s.treeMu.Unlock()
	if err := s.ensureTree(); err != nil || s.tree == nil {
		return nil, err
	}
	return s.tree.Copy(), nil
}

// readUnits returns the analysis units of a Python snapshot with the tree
// they point into held for reading; the caller calls done once it has
// flattened what it needs (never while waiting on anything else).
func (s *Snapshot) readUnits() (units []syntax.Unit, done func(), err error) {
	for {
		s.treeMu.RLock()
		if s.units != nil || !s.python {
			return s.units, s.treeMu.RUnlock, nil
		}
		s.treeMu.RUnlock()
		s.treeMu.Lock()
		if err := s.ensureTree(); err != nil {
			s.treeMu.Unlock()
			return nil, nil, err
		}
		if s.tree != nil && s.units == nil {
			s.units = syntax.Units(s.tree)
			if s.units == nil {
				s.units = []syntax.Unit{} // an empty module
			}
		}
		s.treeMu.Unlock()
	}
}

// ConfigFile parses a wrangler config snapshot, once.
func (s *Snapshot) ConfigFile() *config.File {
	s.configOnce.Do(func() {
		name := s.Path
		if name == "" {
			name = s.URI
		}
		s.config = config.ParseFile(s.Path, s.Text, config.FormatOf(name))
	})
	return s.config
}

// Analyzed returns the analysis if it has finished, without waiting.
func (s *Snapshot) Analyzed() (*Analysis, bool) {
	select {
	case <-s.done:
		return s.result, s.err == nil
	default:
		return nil, false
	}
}

// Analysis returns the snapshot's analysis, running it on this goroutine
// when nobody has started it, else waiting for it (or for ctx). Only
// Python documents are analysed; others get an empty analysis.
func (s *Snapshot) Analysis(ctx context.Context) (*Analysis, error) {
	if a, ok := s.Analyzed(); ok {
		return a, nil
	}
	s.mu.Lock()
	run := !s.started
	s.started = true
	s.mu.Unlock()
	if run {
		s.result, s.err = s.analyse()
		close(s.done)
		return s.result, s.err
	}
	select {
	case <-s.done:
		return s.result, s.err
	case <-ctx.Done():
		return nil, ctx.Err()
	}
}

// analyse runs the analysis of a Python snapshot under every project it
// belongs to; the document's cache follows the primary one (a file that
// several workerd Workers embed is analysed in full under the others).
func (s *Snapshot) analyse() (a *Analysis, err error) {
	a = &Analysis{}
	if s.Kind != Python || s.Env == nil {
		return a, nil
	}
	if s.Env.Silenced {
		if s.Env.Note != nil {
			a.Diagnostics = s.Env.Note(s.Text)
		}
		return a, nil
	}
	defer func() {
		if r := recover(); r != nil {
			a.Errors = append(a.Errors, panicError{r})
		}
	}()
	tree, err := s.TreeCopy()
	if err != nil {
		return nil, err
	}
	if tree == nil {
		return a, nil // released before it was analysed
	}
	defer tree.Close()
	src := &source.Snapshot{URI: s.URI, Version: s.Version, Text: s.Text, Lines: s.Lines, Tree: tree, Blanked: s.src.Blanked()}
	projs := s.Env.Projects
	results := make([][]diag.Diagnostic, len(projs))
	labels := make([]string, len(projs))
	for i, p := range projs {
		prof := p.Profile
		in := analysis.Input{Snapshot: src, Profile: prof, Options: s.Env.Options, Path: s.Path,
			IsMain: prof.Main != "" && prof.Main == s.Path, Modules: s.Env.Modules}
		var res analysis.Result
		if i == 0 && s.an != nil {
			s.an.mu.Lock()
			res = analysis.Analyze(in, s.an.cache)
			s.an.mu.Unlock()
			a.Module, a.Units, a.Analyzed = res.Module, res.Units, res.Analyzed
		} else {
			res = analysis.Analyze(in, nil)
		}
		a.Errors = append(a.Errors, res.Errors...)
		results[i] = res.Diagnostics
		if p.Worker != nil {
			labels[i] = p.Worker.Label()
		}
	}
	a.Diagnostics = append(analysis.ProjectNotes(s.Text, s.Env.Project(), s.Env.Options), analysis.MergeVariants(results, labels)...)
	return a, nil
}

// Lookup prepares a Python snapshot for lookups (hover, definition,
// completion, inlay hints) with the module summary its analysis built;
// a silenced file, which is not analysed, gets a summary of its own. The
// file's units point into the snapshot's tree, held until done is
// called: call it once the lookup is done, before waiting on anything.
func (s *Snapshot) Lookup(ctx context.Context) (f *lookup.File, done func(), err error) {
	var m *semantic.Module
	if s.Env != nil && !s.Env.Silenced {
		a, err := s.Analysis(ctx) // first: the analysis copies the tree
		if err != nil {
			return nil, nil, err
		}
		m = a.Module
	}
	units, done, err := s.readUnits()
	if err != nil {
		return nil, nil, err
	}
	if m == nil {
		m = s.an.sums.Module(s.Text, units)
	}
	return &lookup.File{Text: s.Text, Units: units, Module: m, Profile: s.Profile()}, done, nil
}

// AnalyzeFile analyses the text of a Python file that is not open (check,
// files on disk the server reports) as an open document's snapshot is
// analysed: under every project in env, findings merged, without an
// incremental cache.
func AnalyzeFile(path string, text []byte, env *Env) (*Analysis, *source.Lines, error) {
	doc := source.Open(uriOf(path), 0, text, true)
	defer doc.Close()
	s := NewSnapshot(doc.Current(), path, Python, env, nil)
	defer s.Release()
	a, err := s.Analysis(context.Background())
	return a, s.Lines, err
}

// uriOf is the file URI of an absolute path.
func uriOf(path string) string { return "file://" + filepath.ToSlash(path) }

type panicError struct{ v any }

func (p panicError) Error() string { return fmt.Sprint("ide: analysis panicked: ", p.v) }
