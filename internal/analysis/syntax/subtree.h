// subtree.h: see reuse.go (Reusable) and flatten.go (pw_units).
#ifndef PW_SUBTREE_H
#define PW_SUBTREE_H

// tree-sitter's internal subtree layout, from the runtime go-tree-sitter
// links (package reparse holds its headers, of the version go.mod names).
// pw_reusable reads and writes it and pw_children reads it. A heap subtree
// is preceded in memory by its children; a Subtree whose is_inline bit is
// set is a leaf packed into the value itself. TestReusableLayout checks
// what these read against the public API.
#include "reparse/tree.h"

// pw_heap returns the heap subtree s points to, or NULL for an inline leaf.
static inline SubtreeHeapData *pw_heap(Subtree s) {
	return s.data.is_inline ? NULL : (SubtreeHeapData *)s.ptr;
}

// pw_kids returns the children of heap subtree p.
static inline Subtree *pw_kids(SubtreeHeapData *p) { return (Subtree *)p - p->child_count; }
#endif
