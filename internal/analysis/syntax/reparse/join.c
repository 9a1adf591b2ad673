// Joining the trees of a module's two halves, parsed apart (join.go).
#include "api.h"
#include "array.h"
#include "subtree.h"
#include "tree.h"

// pw_end_padding returns the bytes of the end-of-input leaf that ends
// tree's root (the white space after its last token), or -1.
int64_t pw_end_padding(const TSTree *tree) {
	uint32_t n = ts_subtree_child_count(tree->root);
	if (n == 0) return -1;
	Subtree eof = ts_subtree_children(tree->root)[n - 1];
	return ts_subtree_is_eof(eof) ? (int64_t)ts_subtree_total_bytes(eof) : -1;
}

// pw_join returns a tree whose root, of a's root's symbol, holds a's
// root's children but its end-of-input leaf, then b's root's children;
// NULL if a's root does not end with that leaf. The children are shared
// (retained), so a and b stay valid.
TSTree *pw_join(const TSTree *a, const TSTree *b) {
	Subtree ra = a->root, rb = b->root;
	uint32_t na = ts_subtree_child_count(ra), nb = ts_subtree_child_count(rb);
	if (na == 0 || nb == 0 || !ts_subtree_is_eof(ts_subtree_children(ra)[na - 1])) return NULL;
	const Subtree *ca = ts_subtree_children(ra), *cb = ts_subtree_children(rb);
	SubtreeArray children = array_new();
	array_reserve(&children, na - 1 + nb);
	for (uint32_t i = 0; i + 1 < na; i++) {
		ts_subtree_retain(ca[i]);
		array_push(&children, ca[i]);
	}
	for (uint32_t i = 0; i < nb; i++) {
		ts_subtree_retain(cb[i]);
		array_push(&children, cb[i]);
	}
	MutableSubtree root = ts_subtree_new_node(ts_subtree_symbol(ra), &children, ra.ptr->production_id, a->language);
	return ts_tree_new(ts_subtree_from_mut(root), a->language, a->included_ranges, a->included_range_count);
}
