package reparse

/*
#include <stdint.h>
#include "api.h"
int64_t pw_end_padding(const TSTree *tree);
TSTree *pw_join(const TSTree *a, const TSTree *b);
TSTree *pw_join_class(const TSTree *a, const TSTree *b, uint32_t class_start, uint32_t gap_bytes, uint32_t gap_rows, uint32_t gap_columns);
*/
import "C"

import (
	"math"

	sitter "github.com/smacker/go-tree-sitter"
)

// WholeText is the included range of a parse of the whole text (tree-
// sitter's default): set it again on a parser after a parse of some
// ranges (go-tree-sitter's SetIncludedRanges takes no empty list).
var WholeText = []sitter.Range{{EndByte: math.MaxUint32, EndPoint: sitter.Point{Row: math.MaxUint32, Column: math.MaxUint32}}}

// EndPadding returns how many bytes of white space follow the last token
// of a fresh parse's tree (its end-of-input leaf's), or -1.
func EndPadding(t *sitter.Tree) int {
	return int(C.pw_end_padding(treeBase(t).c))
}

// Join returns the tree of the module a's text minus its last
// EndPadding(a) bytes, followed by b's text, from fresh parses of the two
// (a's white space at the end is b's at the start). It is the tree a
// parse of the whole text gives when the cut is at a top-level statement
// and neither part has a syntax error (syntax.SplitPoint; the package's
// tests hold the two equal over every such cut of the test corpus).
// ok is false when a does not end as a fresh parse does. a and b stay the
// caller's; the new tree shares their nodes.
func Join(a, b *sitter.Tree) (t *sitter.Tree, ok bool) {
	c := C.pw_join(treeBase(a).c, treeBase(b).c)
	if c == nil {
		return nil, false
	}
	return wrap(a, c), true
}

// wrap returns a Tree value (with its finalizer) for the C tree c: a copy
// of like's, whose C tree is swapped for c, as Parse makes.
func wrap(like *sitter.Tree, c *C.TSTree) *sitter.Tree {
	t := like.Copy()
	base := treeBase(t)
	C.ts_tree_delete(base.c)
	base.c = c
	return t
}

// JoinClass returns the tree of a module cut inside the body of a class
// (syntax.Cut with Class set), from a, a fresh parse of the text before
// the cut, and b, a parse of the whole text with only the bytes before
// the class header's end and those from the cut's white space on
// included: b's tree with the class body's statements being a's, then
// b's, the gap b skipped (gapBytes bytes spanning gapRows rows and
// ending at column gapColumn) taken out of the padding before them. ok
// is false when the trees are not of that shape. a and b stay the
// caller's; the new tree shares their nodes.
func JoinClass(a, b *sitter.Tree, classStart, gapBytes int, gapRows, gapColumn uint32) (t *sitter.Tree, ok bool) {
	c := C.pw_join_class(treeBase(a).c, treeBase(b).c, C.uint32_t(classStart), C.uint32_t(gapBytes), C.uint32_t(gapRows), C.uint32_t(gapColumn))
	if c == nil {
		return nil, false
	}
	return wrap(a, c), true
}
