// Joining the trees of a module's two halves, parsed apart (join.go).
#include <string.h>
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

// The path from a root to a node: the node at each depth and, but for the
// last, the index of the next one among its children.
enum { PW_MAX_PATH = 256 };
typedef struct {
	Subtree node[PW_MAX_PATH];
	uint32_t child[PW_MAX_PATH];
	int depth;
} PwPath;

// pw_find descends from root (starting at byte 0) to the node of symbol
// sym that starts (after its padding) at byte start; false if none.
static bool pw_find(Subtree root, uint32_t start, TSSymbol sym, PwPath *path) {
	Subtree t = root;
	uint32_t offset = 0; // where t's padding starts
	for (path->depth = 0; path->depth < PW_MAX_PATH; path->depth++) {
		path->node[path->depth] = t;
		if (ts_subtree_symbol(t) == sym && offset + ts_subtree_padding(t).bytes == start) return true;
		uint32_t n = ts_subtree_child_count(t), i = 0;
		const Subtree *kids = ts_subtree_children(t);
		for (; i < n; i++) {
			uint32_t end = offset + ts_subtree_total_bytes(kids[i]);
			if (start < end) break;
			offset = end;
		}
		if (i == n) return false;
		path->child[path->depth] = i;
		t = kids[i];
	}
	return false;
}

// pw_replace returns a new node like parent with its child i replaced by
// child (whose reference it takes); the other children are retained.
static Subtree pw_replace(Subtree parent, uint32_t i, Subtree child, const TSLanguage *lang) {
	uint32_t n = ts_subtree_child_count(parent);
	const Subtree *kids = ts_subtree_children(parent);
	SubtreeArray children = array_new();
	array_reserve(&children, n);
	for (uint32_t k = 0; k < n; k++) {
		if (k == i) {
			array_push(&children, child);
		} else {
			ts_subtree_retain(kids[k]);
			array_push(&children, kids[k]);
		}
	}
	return ts_subtree_from_mut(ts_subtree_new_node(ts_subtree_symbol(parent), &children, parent.ptr->production_id, lang));
}

// pw_node2 returns a new node of symbol sym over two children (whose
// references it takes).
static Subtree pw_node2(TSSymbol sym, unsigned production_id, Subtree a, Subtree b, const TSLanguage *lang) {
	SubtreeArray children = array_new();
	array_reserve(&children, 2);
	array_push(&children, a);
	array_push(&children, b);
	return ts_subtree_from_mut(ts_subtree_new_node(sym, &children, production_id, lang));
}

// pw_clear_changes clears the change marks ts_subtree_edit set on the
// nodes it copied (all of them have one reference: they are new).
static void pw_clear_changes(Subtree *t) {
	if (!ts_subtree_has_changes(*t)) return;
	if (t->data.is_inline) {
		t->data.has_changes = false;
		return;
	}
	SubtreeHeapData *p = (SubtreeHeapData *)t->ptr;
	p->has_changes = false;
	Subtree *kids = (Subtree *)ts_subtree_children(*t);
	for (uint32_t i = 0; i < p->child_count; i++) pw_clear_changes(&kids[i]);
}

// pw_symbol returns the symbol named name, hidden ones included (which
// ts_language_symbol_for_name skips), or 0.
static TSSymbol pw_symbol(const TSLanguage *lang, const char *name) {
	for (TSSymbol i = 1; i < ts_language_symbol_count(lang); i++) {
		if (strcmp(ts_language_symbol_name(lang, i), name) == 0) return i;
	}
	return 0;
}

// pw_class_body returns the statements of class node cls's body (the
// first child of its block) and the zero-width dedent ending it.
static bool pw_class_body(Subtree cls, TSSymbol block, Subtree *stmts, Subtree *dedent) {
	uint32_t n = ts_subtree_child_count(cls);
	if (n == 0) return false;
	Subtree b = ts_subtree_children(cls)[n - 1];
	if (ts_subtree_symbol(b) != block || ts_subtree_child_count(b) != 2) return false;
	*stmts = ts_subtree_children(b)[0];
	*dedent = ts_subtree_children(b)[1];
	return ts_subtree_total_bytes(*dedent) == 0 && ts_subtree_child_count(*dedent) == 0;
}

// pw_join_class returns the tree of a module whose cut falls in the body
// of the class statement at class_start: a is the text up to the cut, b
// the whole text parsed with only the text up to the class header's
// colon and from the cut's white space on included, so that b's class
// body starts gap bytes (with that extent) too late. The result is b's
// tree with the class body's statements being a's, then b's with gap
// taken from the padding before them. NULL when the trees are not of
// that shape.
TSTree *pw_join_class(const TSTree *a, const TSTree *b, uint32_t class_start, uint32_t gap_bytes, uint32_t gap_rows, uint32_t gap_columns) {
	const TSLanguage *lang = b->language;
	TSSymbol cls = ts_language_symbol_for_name(lang, "class_definition", 16, true);
	TSSymbol block = ts_language_symbol_for_name(lang, "block", 5, true);
	PwPath pa, pb;
	if (!pw_find(a->root, class_start, cls, &pa) || !pw_find(b->root, class_start, cls, &pb)) return NULL;
	Subtree as, ad, bs, bd;
	if (!pw_class_body(pa.node[pa.depth], block, &as, &ad) || !pw_class_body(pb.node[pb.depth], block, &bs, &bd)) return NULL;
	if (ts_subtree_padding(bs).bytes < gap_bytes) return NULL;
	// The statements' repetition node: the grammar's, as either part has
	// it when it holds more than one statement.
	TSSymbol rep = pw_symbol(lang, "module_repeat1");
	if (rep == 0) return NULL;

	SubtreePool pool = ts_subtree_pool_new(0);
	TSInputEdit edit = {
		.start_byte = 0, .old_end_byte = gap_bytes, .new_end_byte = 0,
		.start_point = {0, 0}, .old_end_point = {gap_rows, gap_columns}, .new_end_point = {0, 0},
	};
	ts_subtree_retain(bs);
	Subtree moved = ts_subtree_edit(bs, &edit, &pool);
	pw_clear_changes(&moved);
	ts_subtree_pool_delete(&pool);

	ts_subtree_retain(as);
	Subtree stmts = pw_node2(rep, 0, as, moved, lang);
	Subtree cnode = pb.node[pb.depth];
	Subtree body = ts_subtree_children(cnode)[ts_subtree_child_count(cnode) - 1];
	ts_subtree_retain(bd);
	Subtree t = pw_node2(block, body.ptr->production_id, stmts, bd, lang);
	t = pw_replace(cnode, ts_subtree_child_count(cnode) - 1, t, lang);
	for (int d = pb.depth - 1; d >= 0; d--) t = pw_replace(pb.node[d], pb.child[d], t, lang);
	return ts_tree_new(t, lang, a->included_ranges, a->included_range_count); // a's: the whole text
}
