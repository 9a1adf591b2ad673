package source

import (
	"sync"
)

// Trees holds the documents of one editor session, of which only the
// most recently parsed keep their syntax tree between edits. A
// tree-sitter tree costs about 55 bytes of C memory per byte of Python
// (1 MB for a 500-line file), so a server with 1,000 open files cannot
// keep them all; a document whose tree was dropped parses afresh when a
// version of it is next parsed (2 ms for 500 lines), and trees already
// handed out are copies that stay valid.
type Trees struct {
	mu  sync.Mutex // guards hot
	max int
	hot []*Document // documents keeping a tree, least recently parsed first
}

// NewTrees returns a Trees that keeps at most limit trees (at least 1).
func NewTrees(limit int) *Trees {
	return &Trees{max: max(limit, 1)}
}

// Open creates a document of t (see the package-level Open) that takes
// text over, as Adopt does: an editor's open files arrive decoded from a
// message, used nowhere else. A nil Trees opens a document that keeps its
// tree.
func (t *Trees) Open(uri string, version int32, text []byte, python bool) *Document {
	d := &Document{URI: uri, python: python, trees: t}
	d.Adopt(version, text)
	return d
}

// touch marks d most recently parsed and drops the trees of the least
// recently parsed beyond max. Called with d.parseMu held; a document
// being parsed right now (its parseMu taken) is skipped, never waited
// for, so parses of different documents never wait on each other.
func (t *Trees) touch(d *Document) {
	t.mu.Lock()
	defer t.mu.Unlock()
	t.removeLocked(d)
	t.hot = append(t.hot, d)
	for i := 0; len(t.hot) > t.max && i < len(t.hot)-1; {
		cold := t.hot[i]
		if !cold.parseMu.TryLock() {
			i++
			continue
		}
		cold.dropTreeLocked()
		cold.parseMu.Unlock()
		t.hot = append(t.hot[:i], t.hot[i+1:]...)
	}
}

// Kept is the number of documents that keep a tree.
func (t *Trees) Kept() int {
	t.mu.Lock()
	defer t.mu.Unlock()
	return len(t.hot)
}

// remove takes d off the list.
func (t *Trees) remove(d *Document) {
	t.mu.Lock()
	defer t.mu.Unlock()
	t.removeLocked(d)
}

func (t *Trees) removeLocked(d *Document) {
	for i, h := range t.hot {
		if h == d {
			t.hot = append(t.hot[:i], t.hot[i+1:]...)
			return
		}
	}
}
