package source

import (
	"errors"
	"slices"
	"sync"
	"sync/atomic"

	sitter "github.com/smacker/go-tree-sitter"

	"github.com/pyworkers/pyworkers-lsp/internal/analysis/syntax"
)

// Document is one open file: its text and line index, kept in step by
// incremental edits, and its syntax tree, parsed lazily. Edits and
// Replace only record what changed; the tree of a version is parsed when
// someone asks for it (Version.Tree), on the asker's goroutine, reusing
// the last parsed tree. So an editor's read loop never waits for a
// parse, and a slow document (a huge or broken file) delays only the
// requests on that document.
//
// The text side (Edit, Replace, SetVersion, Text, Lines, Current) belongs
// to one goroutine, the owner; Version values may be used from any.
type Document struct {
	URI     string
	Version int32
	text    []byte
	lines   *Lines
	python  bool
	resync  *resync // what the parser reads blanked in text (nil: nothing)
	trees   *Trees  // nil: the document keeps its tree whatever others do
	seq     uint64  // changes so far (owner)

	// logMu guards edits: the tree edits of changes not parsed yet, in
	// order, appended by the owner and taken by parses. It is never held
	// during a parse, so an edit never waits for one.
	logMu sync.Mutex
	edits []treeEdit

	// parseMu is held while parsing and guards tree and parsed: parses of
	// one document run one at a time, in any order of versions.
	parseMu sync.Mutex
	tree    *sitter.Tree // the tree of the text after change parsed; nil: none kept
	parsed  uint64
	closed  atomic.Bool
}

// treeEdit is one change not parsed yet: a tree edit, or (afresh) a
// change after which the old tree is of no use (a full replace, a text
// over MaxParseSize, a log too long to keep).
type treeEdit struct {
	seq    uint64
	afresh bool
	in     sitter.EditInput
}

// maxPendingEdits bounds the log of a document nobody asks to parse
// (never analysed, or pulled rarely): past it the log becomes one
// "parse afresh".
const maxPendingEdits = 1024

// Open creates a document that keeps its own tree. Python documents
// (python true) have one.
func Open(uri string, version int32, text []byte, python bool) *Document {
	d := &Document{URI: uri, python: python}
	d.Replace(version, text)
	return d
}

// Text returns the current text. It is never modified in place: an edit
// makes a new slice, so the returned slice stays valid.
func (d *Document) Text() []byte { return d.text }

// Lines returns the line index of the current text.
func (d *Document) Lines() *Lines { return d.lines }

// Unparsed reports whether the text is over MaxParseSize, so that its
// tree is that of an empty module rather than of the text.
func (d *Document) Unparsed() bool { return d.python && len(d.text) > MaxParseSize }

// SetVersion records the version of the edits applied so far.
func (d *Document) SetVersion(v int32) { d.Version = v }

// Replace sets the whole text (a full-text change) to a copy of text.
func (d *Document) Replace(version int32, text []byte) {
	d.Adopt(version, append([]byte(nil), text...))
}

// Adopt is Replace without the copy, for a text the caller hands over and
// never modifies (a decoded message's: a 50 MB didOpen copied twice cost
// the read loop ~100 ms).
func (d *Document) Adopt(version int32, text []byte) {
	d.Version = version
	d.text = text
	d.lines = NewLines(d.text)
	d.rescan()
	d.record(treeEdit{afresh: true})
}

// rescan scans the whole text for what the parser reads blanked (nothing
// for a text that is not parsed).
func (d *Document) rescan() {
	d.resync = nil
	if d.python && !d.Unparsed() {
		d.resync = scanResync(d.text)
	}
}

// Edit replaces the bytes [start, end) with newText. Offsets are clamped
// to the text.
func (d *Document) Edit(start, end int, newText []byte) {
	start, end = clampRange(start, end, len(d.text))
	text := make([]byte, 0, len(d.text)-(end-start)+len(newText))
	text = append(text, d.text[:start]...)
	text = append(text, newText...)
	text = append(text, d.text[end:]...)
	oldLines, wasUnparsed := d.lines, d.Unparsed()
	d.text = text
	d.lines = oldLines.Edited(text, start, end, start+len(newText))
	if !d.python || wasUnparsed || d.Unparsed() {
		// The tree of a text over the limit is that of an empty module:
		// nothing of it can be reused.
		d.rescan()
		d.record(treeEdit{afresh: true})
		return
	}
	newEnd := start + len(newText)
	var changed []blank
	d.resync, changed = d.resync.edited(text, start, end, newEnd)
	if start > 0 && text[start-1] == '\r' {
		// The parser's view of a "\r" depends on the byte after it (see
		// ParserText): an edit right after one changes it too.
		start--
	}
	d.record(treeEdit{in: sitter.EditInput{
		StartIndex:  uint32(start),
		OldEndIndex: uint32(end),
		NewEndIndex: uint32(newEnd),
		StartPoint:  point(oldLines, start),
		OldEndPoint: point(oldLines, end),
		NewEndPoint: point(d.lines, newEnd),
	}})
	// Beyond the edit, the parser's text changes where what the edit
	// opened or closed changes what is blanked (resync.go): each such span
	// is an edit of the old tree too, of the same length.
	for _, b := range changed {
		from, to := point(d.lines, b.start), point(d.lines, b.end)
		d.record(treeEdit{in: sitter.EditInput{
			StartIndex: uint32(b.start), OldEndIndex: uint32(b.end), NewEndIndex: uint32(b.end),
			StartPoint: from, OldEndPoint: to, NewEndPoint: to,
		}})
	}
}

// record logs a change for the next parse.
func (d *Document) record(e treeEdit) {
	d.seq++
	if !d.python {
		return
	}
	e.seq = d.seq
	d.logMu.Lock()
	defer d.logMu.Unlock()
	if e.afresh || len(d.edits) >= maxPendingEdits {
		d.edits = append(d.edits[:0], treeEdit{seq: e.seq, afresh: true})
		return
	}
	d.edits = append(d.edits, e)
}

// Current returns the current version, to parse now or later.
func (d *Document) Current() *Version {
	return &Version{d: d, seq: d.seq, URI: d.URI, Version: d.Version, Text: d.text, Lines: d.lines, resync: d.resync}
}

// Tree parses the current text if needed and returns the document's own
// tree; it belongs to the document and stays valid until the next call
// that parses. Prefer Snapshot or Current on other goroutines.
func (d *Document) Tree() *sitter.Tree {
	if !d.python {
		return nil
	}
	t, err := d.Current().Tree(nil)
	if err != nil {
		panic(err) // no stop function: nothing can stop the parse
	}
	t.Close()
	return d.tree
}

// Snapshot parses the current version if needed and returns it with a
// tree of its own.
func (d *Document) Snapshot() *Snapshot {
	v := d.Current()
	s := &Snapshot{URI: v.URI, Version: v.Version, Text: v.Text, Lines: v.Lines, Blanked: v.Blanked()}
	if d.python {
		t, err := v.Tree(nil)
		if err != nil {
			panic(err) // no stop function: nothing can stop the parse
		}
		s.Tree = t
	}
	return s
}

// Close frees the tree. A parse of one of the document's versions may
// still be running: the document is marked closed at once, and its tree
// freed by whichever of Close and that parse ends last, so Close never
// waits for a parse.
func (d *Document) Close() {
	d.closed.Store(true)
	if d.trees != nil {
		d.trees.remove(d)
	}
	if d.parseMu.TryLock() {
		d.dropTreeLocked()
		d.parseMu.Unlock()
		return
	}
	go func() {
		d.parseMu.Lock()
		d.dropTreeLocked()
		d.parseMu.Unlock()
	}()
}

// dropTreeLocked frees the kept tree. Called with parseMu held.
func (d *Document) dropTreeLocked() {
	if d.tree != nil {
		d.tree.Close()
		d.tree = nil
	}
}

// Version is one version of a document: its text and line index, and
// its syntax tree once someone asks for it. Safe for concurrent use.
type Version struct {
	d       *Document
	seq     uint64
	URI     string
	Version int32
	Text    []byte
	Lines   *Lines
	resync  *resync
}

// Python reports whether the version has a syntax tree.
func (v *Version) Python() bool { return v.d.python }

// Blanked reports whether the parser reads the version with spans blanked
// (Snapshot.Blanked).
func (v *Version) Blanked() bool { return v.resync != nil && len(v.resync.blanks) > 0 }

// ErrStopped is returned by Version.Tree when its stop function asked a
// running parse to stop.
var ErrStopped = errors.New("source: parse stopped")

// Tree returns a syntax tree of the version, owned by the caller (nil for
// documents that are not Python). Parses of one document are ordered: the
// document's last tree is edited and reparsed up to this version, and
// kept for the next. A version older than the last parsed one is parsed
// afresh and not kept. stop, if not nil, is polled while parsing; when it
// returns true the parse is abandoned and Tree returns ErrStopped.
func (v *Version) Tree(stop func() bool) (*sitter.Tree, error) {
	d := v.d
	if !d.python {
		return nil, nil
	}
	d.parseMu.Lock()
	defer d.parseMu.Unlock()
	if d.closed.Load() || d.parsed > v.seq {
		tree, _, err := parse(v.Text, v.resync, nil, stop)
		return tree, err
	}
	if d.tree == nil || d.parsed < v.seq {
		if err := d.advanceLocked(v, stop); err != nil {
			return nil, err
		}
	}
	if d.trees != nil {
		d.trees.touch(d)
	}
	return d.tree.Copy(), nil
}

// advanceLocked makes the kept tree that of v: the logged edits since
// the last parse are applied to a copy of the last tree, which is then
// reparsed; the log and the kept tree change only if the parse completes.
// Called with parseMu held.
func (d *Document) advanceLocked(v *Version, stop func() bool) error {
	d.logMu.Lock()
	var edits []treeEdit
	for _, e := range d.edits {
		if e.seq <= v.seq {
			edits = append(edits, e) // a copy: the owner may rewrite the log meanwhile
		}
	}
	d.logMu.Unlock()
	var old *sitter.Tree
	if d.tree != nil && d.parsed < v.seq {
		old = d.tree.Copy()
		for _, e := range edits {
			if e.afresh {
				old.Close()
				old = nil
				break
			}
			syntax.EditTree(old, e.in)
		}
	}
	tree, seam, err := parse(v.Text, v.resync, old, stop)
	if old != nil {
		old.Close()
	}
	if err != nil {
		return err
	}
	d.logMu.Lock()
	d.edits = slices.DeleteFunc(d.edits, func(e treeEdit) bool { return e.seq <= v.seq })
	if seam != nil {
		// First of the edits the next reparse applies to this tree.
		d.edits = slices.Insert(d.edits, 0, treeEdit{seq: v.seq, in: *seam})
	}
	d.logMu.Unlock()
	d.dropTreeLocked()
	d.tree, d.parsed = tree, v.seq
	return nil
}

// Snapshot is an immutable, parsed view of a document version, safe to
// use on another goroutine. Close releases its tree.
type Snapshot struct {
	URI     string
	Version int32
	Text    []byte
	Lines   *Lines
	Tree    *sitter.Tree // owned by the snapshot; nil if not Python
	// Blanked: the parser read a view of Text with spans blanked
	// (resync.go), which an edit can change away from the bytes it
	// changed.
	Blanked bool
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
