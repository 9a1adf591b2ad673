package source

import (
	"sync"

	sitter "github.com/smacker/go-tree-sitter"

	"github.com/pyworkers/pyworkers-lsp/internal/analysis/syntax"
)

// Trees holds the documents of one editor session: they share one parser,
// and only the most recently used keep their syntax tree between edits.
// A tree-sitter tree costs about 55 bytes of C memory per byte of Python
// (1 MB for a 500-line file), so a server with 1,000 open files cannot
// keep them all; a document whose tree was dropped parses afresh when it
// is next edited or snapshotted (2 ms for 500 lines), and snapshots
// already taken keep their own copy.
//
// Using one document of a Trees may drop another's tree; Trees locks
// every use of a tree, so documents may be used from different goroutines
// (each document still by one at a time), but a tree from Tree is valid
// only until another document is used: Snapshot copies it safely.
type Trees struct {
	// mu is held around every use of a document's tree (parse, edit,
	// copy, close), since any parse may drop another document's tree.
	mu     sync.Mutex
	parser *sitter.Parser
	max    int
	hot    []*Document // documents with a tree, least recently used first
}

// NewTrees returns a Trees that keeps at most limit trees (at least 1).
func NewTrees(limit int) *Trees {
	p := sitter.NewParser()
	p.SetLanguage(syntax.Python())
	return &Trees{parser: p, max: max(limit, 1)}
}

// Open creates a document of t; see the package-level Open. A nil Trees
// opens a document with its own parser.
func (t *Trees) Open(uri string, version int32, text []byte, python bool) *Document {
	if t == nil {
		return Open(uri, version, text, python)
	}
	d := &Document{URI: uri, Version: version, python: python, trees: t}
	d.Replace(version, text)
	return d
}

// touch marks d most recently used, drops the trees of the least
// recently used beyond max and returns the shared parser. Called with
// t.mu held.
func (t *Trees) touch(d *Document) *sitter.Parser {
	t.remove(d)
	t.hot = append(t.hot, d)
	for len(t.hot) > t.max {
		cold := t.hot[0]
		t.hot = t.hot[1:]
		if cold.tree != nil {
			cold.tree.Close()
			cold.tree = nil
		}
	}
	return t.parser
}

// Kept is the number of documents that keep a tree.
func (t *Trees) Kept() int {
	t.mu.Lock()
	defer t.mu.Unlock()
	return len(t.hot)
}

// remove takes d off the list. Called with t.mu held.
func (t *Trees) remove(d *Document) {
	for i, h := range t.hot {
		if h == d {
			t.hot = append(t.hot[:i], t.hot[i+1:]...)
			return
		}
	}
}

// Close frees the shared parser. Documents still open keep their trees
// until closed but must not be edited.
func (t *Trees) Close() {
	t.mu.Lock()
	defer t.mu.Unlock()
	if t.parser != nil {
		t.parser.Close()
		t.parser = nil
	}
}
