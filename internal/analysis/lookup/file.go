// Package lookup answers "what is at this offset" for editor features
// (hover, go to definition, completion, inlay hints) without walking the
// whole file: it finds the analysis unit holding the offset, flattens that
// unit only and resolves names through the module summary. It knows no
// LSP types; offsets are bytes.
package lookup

import (
	"hash/maphash"
	"slices"
	"sort"
	"sync"

	sitter "github.com/smacker/go-tree-sitter"

	"github.com/pyworkers/pyworkers-lsp/internal/analysis/profile"
	"github.com/pyworkers/pyworkers-lsp/internal/analysis/semantic"
	"github.com/pyworkers/pyworkers-lsp/internal/analysis/syntax"
)

// File is one version of a Python document prepared for lookups. Its
// units stay valid while the tree it was made from is alive and unchanged.
type File struct {
	Text    []byte
	Units   []syntax.Unit
	Module  *semantic.Module
	Profile *profile.Profile
}

// NewFile prepares the document parsed as tree for lookups under profile
// p. The module summary is built from the units' contributions, reusing
// those cached in sums (nil computes them all).
func NewFile(tree *sitter.Tree, text []byte, p *profile.Profile, sums *Summaries) *File {
	units := syntax.Units(tree)
	if sums == nil {
		sums = &Summaries{}
	}
	return &File{Text: text, Units: units, Module: sums.module(text, units), Profile: p}
}

// NewFileOf prepares the document parsed as tree for lookups with the
// module summary m its analysis built from the same text.
func NewFileOf(tree *sitter.Tree, text []byte, p *profile.Profile, m *semantic.Module) *File {
	return &File{Text: text, Units: syntax.Units(tree), Module: m, Profile: p}
}

// Summaries caches unit contributions to the module summary between
// lookups on one document, so a hover after an edit flattens only the
// units that changed, and a hover with no edit in between reuses the
// summary itself. It is safe for concurrent use.
type Summaries struct {
	mu       sync.Mutex
	contribs map[unitKey]semantic.Contribution
	// The last summary and the units it was built from.
	last       *semantic.Module
	lastKeys   []unitKey
	lastStarts []int
}

type unitKey struct {
	hash uint64
	kind syntax.UnitKind
}

var summarySeed = maphash.MakeSeed()

// Module returns the module summary of text split into units, reusing
// the contributions of units seen before.
func (s *Summaries) Module(text []byte, units []syntax.Unit) *semantic.Module {
	return s.module(text, units)
}

func (s *Summaries) module(text []byte, units []syntax.Unit) *semantic.Module {
	// Class members add nothing to the module summary: only top-level
	// statements and class headers count.
	var keys []unitKey
	var starts []int
	var tops []syntax.Unit
	for _, u := range units {
		if u.Kind == syntax.Member {
			continue
		}
		keys = append(keys, unitKey{maphash.Bytes(summarySeed, text[u.Start:u.End]), u.Kind})
		starts = append(starts, u.Start)
		tops = append(tops, u)
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.last != nil && slices.Equal(keys, s.lastKeys) && slices.Equal(starts, s.lastStarts) {
		return s.last
	}
	next := make(map[unitKey]semantic.Contribution, len(keys))
	contribs := make([]semantic.Contribution, len(keys))
	for i, key := range keys {
		c, ok := s.contribs[key]
		if !ok {
			c = semantic.Summarize(tops[i].Kind, tops[i].Flatten(text).Root(), tops[i].Start)
		}
		contribs[i] = c
		next[key] = c
	}
	s.contribs = next
	s.last, s.lastKeys, s.lastStarts = semantic.Build(contribs, starts), keys, starts
	return s.last
}

// unitFrom returns the index of the first unit ending after offset
// (len(f.Units) if none).
func (f *File) unitFrom(offset int) int {
	return sort.Search(len(f.Units), func(i int) bool { return f.Units[i].End > offset })
}

// unitAt returns the index of the unit holding offset, or -1.
func (f *File) unitAt(offset int) int {
	i := f.unitFrom(offset)
	if i < len(f.Units) && f.Units[i].Start <= offset {
		return i
	}
	return -1
}

// classOf returns the summary of the class unit i belongs to (nil for
// top-level statements).
func (f *File) classOf(i int) *semantic.Class {
	u := f.Units[i]
	switch u.Kind {
	case syntax.Statement:
		return nil
	case syntax.Member:
		i = u.Header
	}
	return f.Module.ClassAt(f.Units[i].Start)
}

// deepest returns the innermost node of the subtree under n whose range
// holds offset (Start ≤ offset < End), or the zero Node.
func deepest(n syntax.Node, offset int) syntax.Node {
	if n.IsZero() || offset < n.Start() || offset >= n.End() {
		return syntax.Node{}
	}
	for {
		next := syntax.Node{}
		for _, ch := range n.Children() {
			if ch.Start() <= offset && offset < ch.End() {
				next = ch
				break
			}
		}
		if next.IsZero() {
			return n
		}
		n = next
	}
}

// ClassDef finds the top-level class named name in the module parsed as
// tree and returns the byte range of its name. Only class headers are
// flattened, not their bodies.
func ClassDef(tree *sitter.Tree, text []byte, name string) (start, end int, ok bool) {
	for _, u := range syntax.Units(tree) {
		if u.Kind != syntax.ClassHeader {
			continue
		}
		cls := u.Flatten(text).Root()
		if cls.Type() == syntax.TypeDecoratedDefinition {
			cls = cls.Field(syntax.FieldDefinition)
		}
		if id := cls.Field(syntax.FieldName); id.Text() == name {
			return id.Start(), id.End(), true
		}
	}
	return 0, 0, false
}

// ImportedClass finds the top-level from-import that binds name in the
// module parsed as tree (`from durable.counter import Counter`, `from .x
// import Impl as Counter`): the module as written ("durable.counter",
// ".x") and the name it has there. The runtime finds a class_name among
// the main module's names, so a class defined elsewhere is imported there.
func ImportedClass(tree *sitter.Tree, text []byte, name string) (module, original string, ok bool) {
	for _, u := range syntax.Units(tree) {
		if u.Kind != syntax.Statement || u.Broken {
			continue
		}
		stmt := u.Flatten(text).Root()
		if stmt.Type() != syntax.TypeImportFromStatement {
			continue
		}
		for _, imp := range semantic.ImportsOf(stmt) {
			if imp.Local == name && imp.Name != "" && !imp.Star {
				return imp.Module, imp.Name, true
			}
		}
	}
	return "", "", false
}
