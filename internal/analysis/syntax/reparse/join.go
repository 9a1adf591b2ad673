package reparse

/*
#include <stdint.h>
#include "api.h"
int64_t pw_end_padding(const TSTree *tree);
TSTree *pw_join(const TSTree *a, const TSTree *b);
*/
import "C"

import sitter "github.com/smacker/go-tree-sitter"

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
	// A Tree value (with its finalizer) for the new C tree, as Parse makes.
	t = a.Copy()
	base := treeBase(t)
	C.ts_tree_delete(base.c)
	base.c = c
	return t, true
}
