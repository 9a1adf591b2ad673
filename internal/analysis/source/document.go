package source

import (
	"context"
	"fmt"

	sitter "github.com/smacker/go-tree-sitter"

	"github.com/pyworkers/pyworkers-lsp/internal/analysis/syntax"
)

// Document is one open file: its text, line index and syntax tree, kept in
// step by incremental edits. A Document is not safe for concurrent use;
// Snapshot hands immutable state to other goroutines.
type Document struct {
	URI     string
	Version int32
	text    []byte
	lines   *Lines
	python  bool
	// tree is nil for files that are not Python, and for documents of a
	// Trees whose tree was dropped (parsed again on next use).
	tree   *sitter.Tree
	parser *sitter.Parser // own parser; nil for documents of a Trees
	// unparsed is set while the text is over MaxParseSize: the tree is
	// then that of an empty module (see reparse).
	unparsed bool
	trees    *Trees
}

// Open creates a document with its own parser. Python documents (python
// true) get a tree.
func Open(uri string, version int32, text []byte, python bool) *Document {
	d := &Document{URI: uri, Version: version, python: python}
	if python {
		d.parser = sitter.NewParser()
		d.parser.SetLanguage(syntax.Python())
	}
	d.Replace(version, text)
	return d
}

// Text returns the current text. It is never modified in place: an edit
// makes a new slice, so the returned slice stays valid.
func (d *Document) Text() []byte { return d.text }

// Lines returns the line index of the current text.
func (d *Document) Lines() *Lines { return d.lines }

// Tree returns the current syntax tree (nil for non-Python documents). It
// belongs to the document: copy it before using it on another goroutine.
// For a document of a Trees it stays valid only until another document
// of the same Trees is used; prefer Snapshot.
func (d *Document) Tree() *sitter.Tree {
	defer d.lockTree()()
	d.ensureTree()
	return d.tree
}

// lockTree locks the document's tree against its Trees, which may drop
// it while another document is used; it returns the unlock.
func (d *Document) lockTree() func() {
	if d.trees == nil {
		return func() {}
	}
	d.trees.mu.Lock()
	return d.trees.mu.Unlock
}

// ensureTree parses a document whose tree was dropped. Called with the
// tree locked.
func (d *Document) ensureTree() {
	if d.python && d.tree == nil {
		d.reparse(false)
	}
}

// Replace sets the whole text (a full-text change).
func (d *Document) Replace(version int32, text []byte) {
	d.Version = version
	d.text = append([]byte(nil), text...)
	d.lines = NewLines(d.text)
	if d.python {
		defer d.lockTree()()
		d.reparse(false)
	}
}

// Edit replaces the bytes [start, end) with newText. Offsets are clamped
// to the text. The tree is edited and reparsed at once: go-tree-sitter's
// Tree.Edit passes the old end point as the new one, so nothing may read
// positions from the edited tree before the reparse replaces it.
func (d *Document) Edit(start, end int, newText []byte) {
	start, end = clampRange(start, end, len(d.text))
	text := make([]byte, 0, len(d.text)-(end-start)+len(newText))
	text = append(text, d.text[:start]...)
	text = append(text, newText...)
	text = append(text, d.text[end:]...)
	oldLines := d.lines
	d.text = text
	d.lines = oldLines.Edited(text, start, end, start+len(newText))
	if !d.python {
		return
	}
	defer d.lockTree()()
	if d.tree == nil || d.unparsed || len(text) > MaxParseSize {
		d.reparse(false) // dropped by its Trees, or over the size limit: parse afresh
		return
	}
	newEnd := start + len(newText)
	if start > 0 && text[start-1] == '\r' {
		// The parser's view of a "\r" depends on the byte after it (see
		// ParserText): an edit right after one changes it too.
		start--
	}
	syntax.EditTree(d.tree, sitter.EditInput{
		StartIndex:  uint32(start),
		OldEndIndex: uint32(end),
		NewEndIndex: uint32(newEnd),
		StartPoint:  point(oldLines, start),
		OldEndPoint: point(oldLines, end),
		NewEndPoint: point(d.lines, newEnd),
	})
	d.reparse(true)
}

// Unparsed reports whether the text is over MaxParseSize, so that the
// tree is that of an empty module rather than of the text.
func (d *Document) Unparsed() bool { return d.unparsed }

// SetVersion records the version of the edits applied so far.
func (d *Document) SetVersion(v int32) { d.Version = v }

// reparse parses the text, reusing the old tree if incremental. Called
// with the tree locked.
func (d *Document) reparse(incremental bool) {
	var old *sitter.Tree
	if incremental {
		old = d.tree
	}
	parser := d.parser
	if d.trees != nil {
		parser = d.trees.touch(d)
	}
	input := ParserText(d.text)
	// A text over the limit gets the tree of an empty module: every
	// reader still has a tree, the cost stays bounded, and the server
	// reports the file as not analysed (Unparsed).
	d.unparsed = len(d.text) > MaxParseSize
	if d.unparsed {
		old, input = nil, nil
	}
	tree, err := parser.ParseCtx(context.Background(), old, input)
	if err != nil || tree == nil {
		// Only cancellation or a timeout make tree-sitter fail; neither is
		// set, so this is a broken invariant.
		panic(fmt.Sprintf("source: parse of %s failed: %v", d.URI, err))
	}
	syntax.Reusable(tree) // before any copy: lets the next reparse reuse unchanged statements
	if d.tree != nil {
		d.tree.Close()
	}
	d.tree = tree
}

// Close frees the tree and parser.
func (d *Document) Close() {
	unlock := d.lockTree()
	if d.trees != nil {
		d.trees.remove(d)
	}
	if d.tree != nil {
		d.tree.Close()
		d.tree = nil
	}
	unlock()
	if d.parser != nil {
		d.parser.Close()
		d.parser = nil
	}
}

// Snapshot is an immutable view of a document version, safe to use on
// another goroutine. Close releases its tree copy.
type Snapshot struct {
	URI     string
	Version int32
	Text    []byte
	Lines   *Lines
	Tree    *sitter.Tree // a copy owned by the snapshot; nil if not Python
}

// Snapshot copies the current state (tree-sitter trees are not safe for
// concurrent reads, so the tree is copied; the copy shares structure).
func (d *Document) Snapshot() *Snapshot {
	defer d.lockTree()()
	d.ensureTree()
	s := &Snapshot{URI: d.URI, Version: d.Version, Text: d.text, Lines: d.lines}
	if d.tree != nil {
		s.Tree = d.tree.Copy()
	}
	return s
}

// Close releases the snapshot's tree.
func (s *Snapshot) Close() {
	if s.Tree != nil {
		s.Tree.Close()
		s.Tree = nil
	}
}

func point(l *Lines, offset int) sitter.Point {
	line := l.Line(offset)
	return sitter.Point{Row: uint32(line), Column: uint32(offset - l.LineStart(line))}
}

func clampRange(start, end, n int) (int, int) {
	if start < 0 {
		start = 0
	}
	if end > n {
		end = n
	}
	if start > n {
		start = n
	}
	if end < start {
		end = start
	}
	return start, end
}
