package syntax

/*
#include <stdint.h>
#include <stdbool.h>

#include "subtree.h"

enum { PW_REUSE_STACK = 512 };
enum { PW_R_CLASS = 1, PW_R_DECORATED = 2, PW_R_BLOCK = 4, PW_R_REPEAT = 8 };

static inline Subtree pw_last(SubtreeHeapData *p) { return p->child_count ? pw_kids(p)[p->child_count - 1] : (Subtree){.data = {.is_inline = true}}; }

// pw_body returns the body block of a (decorated) class statement, or NULL.
static SubtreeHeapData *pw_body(SubtreeHeapData *stmt, const uint8_t *role) {
	SubtreeHeapData *cls = stmt;
	if (role[cls->symbol] & PW_R_DECORATED) cls = pw_heap(pw_last(cls));
	if (cls == NULL || !(role[cls->symbol] & PW_R_CLASS)) return NULL;
	SubtreeHeapData *body = pw_heap(pw_last(cls));
	return body != NULL && (role[body->symbol] & PW_R_BLOCK) ? body : NULL;
}

// pw_first_statement_state returns the parse state of the first statement
// of repetition node p (the first node down its left spine that is not a
// repetition), or TS_TREE_STATE_NONE when it has none.
static TSStateId pw_first_statement_state(SubtreeHeapData *p, const uint8_t *role) {
	while ((role[p->symbol] & PW_R_REPEAT) && p->child_count > 0) {
		p = pw_heap(pw_kids(p)[0]);
		if (p == NULL) return TS_TREE_STATE_NONE;
	}
	return p->fragile_left ? TS_TREE_STATE_NONE : p->parse_state;
}

// pw_reusable clears the fragile marks of the statement-list repetition
// nodes of the module and of its class bodies, giving each the parse
// state its first statement records, and returns how many it changed.
// Not its first leaf's: the parser meets a run of statements as its
// lookahead before reducing the statement ahead of it, in the state the
// run's first statement records, and the leaf's state (after that
// reduction) made every run after an edit (and most before it) break
// down to single statements — a reparse cost 0.5–2.4 ms in a
// 20,000-line module wherever the edit was.
// See Reusable for why. Only nodes this parse created are written: a node
// the parse reused was not fragile. Nodes reused from the old tree are
// not walked either while that tree is alive (they are shared).
static int pw_reusable(TSTree *tree, const uint8_t *role) {
	SubtreeHeapData *stack[PW_REUSE_STACK];
	int sp = 0, changed = 0;
	SubtreeHeapData *root = pw_heap(tree->root);
	if (root == NULL) return 0;
	stack[sp++] = root;
	while (sp > 0) {
		SubtreeHeapData *p = stack[--sp];
		if ((role[p->symbol] & PW_R_REPEAT) && (p->fragile_left || p->fragile_right) &&
		    p->error_cost == 0 && !p->has_changes) {
			TSStateId state = pw_first_statement_state(p, role);
			if (state != TS_TREE_STATE_NONE) {
				p->fragile_left = p->fragile_right = false;
				p->parse_state = state;
				changed++;
			}
		}
		Subtree *kids = pw_kids(p);
		for (uint32_t i = 0; i < p->child_count; i++) {
			SubtreeHeapData *c = pw_heap(kids[i]);
			// A node the old tree shares (reference count above one) was
			// made reusable when that tree was parsed: skip its subtree,
			// so the walk costs the nodes this parse created.
			if (c == NULL || c->child_count == 0 || c->ref_count > 1) continue;
			if (!(role[c->symbol] & PW_R_REPEAT)) {
				// A statement: only class bodies hold statement lists
				// worth the walk (a Worker class of many methods).
				c = pw_body(c, role);
				if (c == NULL) continue;
			}
			if (sp == PW_REUSE_STACK) return changed; // deeper than balanced repetitions get
			stack[sp++] = c;
		}
	}
	return changed;
}

// pw_root_layout reads the root's fields through subtree.h (the layout test).
static void pw_root_layout(TSTree *tree, uint32_t out[5]) {
	SubtreeHeapData *p = pw_heap(tree->root);
	if (p == NULL) return;
	out[0] = p->symbol;
	out[1] = p->padding.bytes + p->size.bytes;
	out[2] = p->visible_child_count;
	out[3] = p->first_leaf.symbol;
	out[4] = p->child_count;
}
*/
import "C"

import (
	"unsafe"

	sitter "github.com/smacker/go-tree-sitter"
)

// Reusable makes a freshly parsed tree's statement lists reusable by the
// next incremental parse, and returns how many repetition nodes it
// changed. Call it on the tree a parse returned, before copying it and
// before closing the old tree the parse reused: the walk skips what the
// two share, so it costs the nodes the parse created, not the module.
//
// Why: tree-sitter builds a statement list as a balanced tree of hidden
// `module_repeat1` nodes. Every reduction of one happens in a parse-table
// entry that also holds the (never taken) repetition shift, so tree-sitter
// counts it as ambiguous and marks the node fragile, and a fragile node is
// never reused: each reparse then shifts every top-level statement (and
// every method of a class body) again, one by one — 3 ms per keystroke in
// a 20,000-line module, whatever the edit. Unmarked, the unchanged runs
// of statements before and after an edit are reused whole, as the
// balanced tree intends (0.1 ms). A node under a syntax error keeps its
// mark (error recovery may regroup it). Reuse still passes tree-sitter's
// own checks (changes, lookahead bytes, external scanner state, parse
// state), and TestReusableIncrementalEqualsFresh holds the reparsed trees
// equal to fresh parses over random edits.
func Reusable(tree *sitter.Tree) int {
	if tree == nil {
		return 0
	}
	loadGrammar()
	// Tree embeds *BaseTree, whose first field is the C tree pointer.
	base := *(**struct{ c unsafe.Pointer })(unsafe.Pointer(tree))
	return int(C.pw_reusable((*C.TSTree)(base.c), (*C.uint8_t)(unsafe.Pointer(&py.roles[0]))))
}

// rootLayout returns the root subtree's symbol, end byte, visible child
// count, first leaf symbol and child count as subtree.h reads them.
func rootLayout(tree *sitter.Tree) [5]uint32 {
	var out [5]C.uint32_t
	base := *(**struct{ c unsafe.Pointer })(unsafe.Pointer(tree))
	C.pw_root_layout((*C.TSTree)(base.c), &out[0])
	var r [5]uint32
	for i := range out {
		r[i] = uint32(out[i])
	}
	return r
}

var (
	_ = [1]struct{}{}[roleClass-C.PW_R_CLASS]
	_ = [1]struct{}{}[roleDecorated-C.PW_R_DECORATED]
	_ = [1]struct{}{}[roleBlock-C.PW_R_BLOCK]
	_ = [1]struct{}{}[roleRepeat-C.PW_R_REPEAT]
)
