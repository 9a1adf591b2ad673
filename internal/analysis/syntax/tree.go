// Package syntax turns tree-sitter Python trees into flat, immutable Go
// values. Every tree-sitter node access is a cgo call, so a unit of code is
// copied into Go memory with one call and all analysis reads the copy: it
// costs no cgo, is safe to share between goroutines and outlives the tree.
package syntax

import (
	sitter "github.com/smacker/go-tree-sitter"
)

// UnitKind says where an analysis unit sits in its module.
type UnitKind uint8

const (
	// Statement is a top-level statement other than a class.
	Statement UnitKind = iota
	// ClassHeader is a top-level class from its decorators to its body.
	ClassHeader
	// Member is one statement in a top-level class body (usually a method).
	Member
)

// Unit is an analysis unit of a module: a top-level statement, a class
// header or a statement inside a top-level class body. Units are disjoint
// and contiguous, so cached results shift with their start offset.
type Unit struct {
	Kind   UnitKind
	Start  int
	End    int
	Header int // for Member: index of the class header unit; else -1
	// Broken marks a unit with a syntax error below it. Error recovery
	// depends on the surrounding text, so equal text may parse to
	// different trees: such units must not be cached by text.
	Broken bool
	raw    rawUnit
}

// Units lists the units of the module parsed as tree. The returned units
// can be flattened only while tree is alive and unchanged.
func Units(tree *sitter.Tree) []Unit {
	return AppendUnits(nil, tree)
}

// AppendUnits appends the units of tree to buf (reused by callers that
// list units on every keystroke).
func AppendUnits(buf []Unit, tree *sitter.Tree) []Unit {
	loadGrammar()
	return appendUnits(buf, tree.RootNode())
}

// AppendUnitsAfterEdit is AppendUnits for a tree whose text differs from
// that of the previous listing prev only in [keepFrom, keepTo) (offsets
// in the new text; the old text from keepTo-delta on is the new text
// from keepTo on). Runs of statements the edit left alone are taken from
// prev, shifted, instead of being walked: typing lists the units near
// the edit, not the module. prev must be a listing of the previous text
// (its units are read, not kept).
func AppendUnitsAfterEdit(buf []Unit, tree *sitter.Tree, prev []Unit, keepFrom, keepTo, delta int) []Unit {
	loadGrammar()
	return appendUnitsAfterEdit(buf, tree.RootNode(), prev, keepFrom, keepTo, delta)
}

// Flatten copies the unit's syntax into Go memory. src is the text the tree
// was parsed from.
func (u Unit) Flatten(src []byte) *Tree {
	return newTree(flatten(u.resolve(), u.raw.limit, nodesHint(u.End-u.Start)), src)
}

// FlattenTree copies a whole tree (the module node and everything below).
func FlattenTree(tree *sitter.Tree, src []byte) *Tree {
	loadGrammar()
	root := tree.RootNode()
	return newTree(flatten(cNode(root), ^uint32(0), nodesHint(len(src))), src)
}

// nodesHint guesses the node count of n bytes of Python (0.3–0.45 nodes
// per byte in typical code) so that most flattens grow their buffer at
// most once.
func nodesHint(n int) int { return n/2 + 32 }

// Tree is a flattened syntax tree in preorder.
type Tree struct {
	nodes []rawNode
	Src   []byte
}

func newTree(nodes []rawNode, src []byte) *Tree {
	return &Tree{nodes: nodes, Src: src}
}

// Root returns the first node (the flattened subtree's root); the zero Node
// if the tree is empty.
func (t *Tree) Root() Node {
	if len(t.nodes) == 0 {
		return Node{}
	}
	return Node{t, 0}
}

// Len is the number of nodes, named and anonymous.
func (t *Tree) Len() int { return len(t.nodes) }

// At returns the node with preorder index i.
func (t *Tree) At(i int) Node { return Node{t, int32(i)} }

// Node is a node of a flattened tree. The zero Node is "no node": IsZero
// reports it and every accessor returns zero values.
type Node struct {
	t *Tree
	i int32
}

// IsZero reports whether n is no node.
func (n Node) IsZero() bool { return n.t == nil }

// Index is the node's preorder index in its tree.
func (n Node) Index() int { return int(n.i) }

func (n Node) raw() *rawNode { return &n.t.nodes[n.i] }

// Type is the grammar's node type ("call", "identifier", "(" …).
func (n Node) Type() string {
	if n.t == nil {
		return ""
	}
	return kindOf(n.raw().symbol)
}

// Kind is the node's type as a Kind (see KindOf).
func (n Node) Kind() Kind {
	if n.t == nil {
		return 0
	}
	s := n.raw().symbol
	if int(s) >= len(py.canon) {
		return py.errKind
	}
	return py.canon[s]
}

// symbolError is tree-sitter's ts_builtin_sym_error ((TSSymbol)-1), the
// symbol of ERROR nodes; it is outside the grammar's symbol table.
const symbolError = 0xFFFF

func kindOf(symbol uint16) string {
	if int(symbol) >= len(py.kinds) {
		if symbol == symbolError {
			return "ERROR"
		}
		return ""
	}
	return py.kinds[symbol]
}

// Is reports whether n has one of the given types.
func (n Node) Is(types ...string) bool {
	t := n.Type()
	for _, want := range types {
		if t == want {
			return true
		}
	}
	return false
}

// Named reports whether n is a named node (not punctuation or a keyword).
func (n Node) Named() bool { return n.t != nil && n.raw().flags&1 != 0 }

// Missing reports whether the parser inserted n to recover from an error.
func (n Node) Missing() bool { return n.t != nil && n.raw().flags&2 != 0 }

// Start and End are byte offsets into the document.
func (n Node) Start() int {
	if n.t == nil {
		return 0
	}
	return int(n.raw().start)
}

func (n Node) End() int {
	if n.t == nil {
		return 0
	}
	return int(n.raw().end)
}

// Text is the node's source text.
func (n Node) Text() string {
	if n.t == nil {
		return ""
	}
	r := n.raw()
	if int(r.end) > len(n.t.Src) || r.start > r.end {
		return ""
	}
	return string(n.t.Src[r.start:r.end])
}

// FieldName is the name of the field n fills in its parent ("" if none).
func (n Node) FieldName() string {
	if n.t == nil {
		return ""
	}
	return py.fields[n.raw().field]
}

// Parent returns n's parent inside the flattened tree, or the zero Node.
func (n Node) Parent() Node {
	if n.t == nil || n.raw().parent < 0 {
		return Node{}
	}
	return Node{n.t, n.raw().parent}
}

// Children returns n's direct children, named and anonymous.
func (n Node) Children() []Node {
	if n.t == nil {
		return nil
	}
	var out []Node
	end := n.raw().next
	for c := n.i + 1; c < end; c = n.t.nodes[c].next {
		out = append(out, Node{n.t, c})
	}
	return out
}

// NamedChildren returns n's named children, comments included.
func (n Node) NamedChildren() []Node {
	if n.t == nil {
		return nil
	}
	var out []Node
	end := n.raw().next
	for c := n.i + 1; c < end; c = n.t.nodes[c].next {
		if n.t.nodes[c].flags&1 != 0 {
			out = append(out, Node{n.t, c})
		}
	}
	return out
}

// Field returns the first child filling the named field, or the zero Node.
func (n Node) Field(name string) Node {
	if n.t == nil {
		return Node{}
	}
	id, ok := py.field[name]
	if !ok {
		return Node{}
	}
	end := n.raw().next
	for c := n.i + 1; c < end; c = n.t.nodes[c].next {
		if n.t.nodes[c].field == id {
			return Node{n.t, c}
		}
	}
	return Node{}
}

// Descendants returns n and every node below it in preorder.
func (n Node) Descendants() []Node {
	if n.t == nil {
		return nil
	}
	end := n.raw().next
	out := make([]Node, 0, end-n.i)
	for c := n.i; c < end; c++ {
		out = append(out, Node{n.t, c})
	}
	return out
}

// SubtreeEnd is the preorder index one past n's last descendant; the nodes
// of n's subtree are exactly the indices [n.Index(), n.SubtreeEnd()).
func (n Node) SubtreeEnd() int {
	if n.t == nil {
		return 0
	}
	return int(n.raw().next)
}

// Contains reports whether m is n or one of its descendants.
func (n Node) Contains(m Node) bool {
	return n.t != nil && n.t == m.t && m.i >= n.i && m.i < n.raw().next
}

// Ancestor returns the nearest proper ancestor of n with one of the types.
func (n Node) Ancestor(types ...string) Node {
	for p := n.Parent(); !p.IsZero(); p = p.Parent() {
		if p.Is(types...) {
			return p
		}
	}
	return Node{}
}

// HasError reports whether the subtree holds an ERROR or MISSING node.
func (n Node) HasError() bool {
	if n.t == nil {
		return false
	}
	for c := n.i; c < n.raw().next; c++ {
		r := &n.t.nodes[c]
		if r.flags&2 != 0 || kindOf(r.symbol) == "ERROR" {
			return true
		}
	}
	return false
}

// Tree returns the flattened tree n belongs to.
func (n Node) Tree() *Tree { return n.t }
