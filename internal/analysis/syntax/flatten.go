package syntax

/*
#include <stdint.h>
#include <stdbool.h>
#include <stdlib.h>
#include "subtree_mirror.h"

// The subset of tree-sitter's api.h (ABI 14) this package calls. The
// definitions live in github.com/smacker/go-tree-sitter's C objects, which
// are linked into every binary that imports it.
typedef struct TSTree TSTree;
typedef struct { uint32_t context[4]; const void *id; const TSTree *tree; } TSNode;
typedef struct { const void *tree; const void *id; uint32_t context[3]; } TSTreeCursor;
TSTreeCursor ts_tree_cursor_new(TSNode);
void ts_tree_cursor_delete(TSTreeCursor *);
TSNode ts_tree_cursor_current_node(const TSTreeCursor *);
uint16_t ts_tree_cursor_current_field_id(const TSTreeCursor *);
bool ts_tree_cursor_goto_first_child(TSTreeCursor *);
bool ts_tree_cursor_goto_next_sibling(TSTreeCursor *);
bool ts_tree_cursor_goto_parent(TSTreeCursor *);
uint16_t ts_node_symbol(TSNode);
uint32_t ts_node_child_count(TSNode);
TSNode ts_node_child(TSNode, uint32_t);
uint32_t ts_node_start_byte(TSNode);
uint32_t ts_node_end_byte(TSNode);
bool ts_node_is_named(TSNode);
bool ts_node_is_missing(TSNode);
bool ts_node_has_error(TSNode);
bool ts_node_eq(TSNode, TSNode);

typedef struct {
	uint16_t symbol;
	uint16_t field;
	uint32_t start;
	uint32_t end;
	int32_t parent;
	int32_t next;   // index one past this node's subtree
	uint8_t flags;  // 1 named, 2 missing
} pw_node;

typedef struct {
	pw_node *items;  // malloc'ed; the caller frees it
	int32_t len;
	int32_t cap;
} pw_node_list;

// pw_flatten writes the subtree under root in preorder into out, growing
// it as needed (out->cap is the caller's size guess). Descendants starting
// at or after limit are left out (a class header stops at its body). One
// cgo call replaces one per node.
static void pw_flatten(TSNode root, pw_node_list *out, uint32_t limit) {
	TSTreeCursor c = ts_tree_cursor_new(root);
	int32_t parent = -1, depth = 0;
	out->items = malloc((size_t)out->cap * sizeof(pw_node));
	if (out->items == NULL) abort();
	for (;;) {
		TSNode node = ts_tree_cursor_current_node(&c);
		if (depth > 0 && ts_node_start_byte(node) >= limit) {
			goto next;
		}
		if (out->len == out->cap) {
			out->cap *= 2;
			pw_node *items = realloc(out->items, (size_t)out->cap * sizeof(pw_node));
			if (items == NULL) abort();
			out->items = items;
		}
		int32_t self = out->len++;
		pw_node *p = &out->items[self];
		p->symbol = ts_node_symbol(node);
		p->field = ts_tree_cursor_current_field_id(&c);
		p->start = ts_node_start_byte(node);
		p->end = ts_node_end_byte(node);
		p->parent = parent;
		p->next = self + 1;
		p->flags = (ts_node_is_named(node) ? 1 : 0) | (ts_node_is_missing(node) ? 2 : 0);
		if (ts_tree_cursor_goto_first_child(&c)) {
			depth++;
			parent = self;
			continue;
		}
	next:
		for (;;) {
			if (depth == 0) {
				ts_tree_cursor_delete(&c);
				return;
			}
			if (ts_tree_cursor_goto_next_sibling(&c)) break;
			ts_tree_cursor_goto_parent(&c);
			depth--;
			out->items[parent].next = out->len;
			parent = out->items[parent].parent;
		}
	}
}

typedef struct {
	TSNode node;
	uint32_t start;
	uint32_t end;
	uint32_t limit;  // header units stop here (the class body)
	int32_t header;  // for members: index of their class header unit
	uint8_t kind;    // 0 statement, 1 class header, 2 class member
	uint8_t broken;  // the unit's node has a syntax error below it
} pw_unit;

static TSNode pw_last_child(TSNode n) {
	uint32_t k = ts_node_child_count(n);
	return ts_node_child(n, k - 1);
}

// pw_children_broken reports a syntax error in a child of n other than skip.
static bool pw_children_broken(TSNode n, TSNode skip) {
	uint32_t k = ts_node_child_count(n);
	for (uint32_t j = 0; j < k; j++) {
		TSNode c = ts_node_child(n, j);
		if (!ts_node_eq(c, skip) && ts_node_has_error(c)) return true;
	}
	return false;
}

// pw_header_broken reports a syntax error in a class statement outside its
// body: decorators, name, bases (errors in the body belong to members).
static bool pw_header_broken(TSNode stmt, TSNode cls, TSNode body) {
	if (ts_node_eq(stmt, cls)) return pw_children_broken(cls, body);
	return pw_children_broken(stmt, cls) || pw_children_broken(cls, body);
}

// pw_units lists the analysis units of a module: each top-level statement,
// and for a top-level (possibly decorated) class its header and each
// statement of its body.
enum { PW_CLASS = 1, PW_DECORATED = 2, PW_BLOCK = 4 };

typedef struct {
	pw_unit *items;  // malloc'ed; the caller frees it
	int32_t len;
	int32_t cap;
} pw_unit_list;

static void pw_push(pw_unit_list *l, pw_unit u) {
	if (l->len == l->cap) {
		l->cap = l->cap ? 2 * l->cap : 256;
		pw_unit *items = realloc(l->items, (size_t)l->cap * sizeof(pw_unit));
		if (items == NULL) abort();
		l->items = items;
	}
	l->items[l->len++] = u;
}

typedef struct {
	TSNode *items;
	uint32_t len;
	uint32_t cap;
} pw_nodes;

static void pw_nodes_push(pw_nodes *l, TSNode n) {
	if (l->len == l->cap) {
		l->cap = l->cap ? 2 * l->cap : 256;
		TSNode *items = realloc(l->items, (size_t)l->cap * sizeof(TSNode));
		if (items == NULL) abort();
		l->items = items;
	}
	l->items[l->len++] = n;
}

enum { PW_WALK_DEPTH = 128 };

// pw_children_fast lists the visible children of n (what a tree cursor
// visits) by walking tree-sitter's subtrees directly: a statement list is
// a balanced tree of hidden repetition nodes, and the cursor's climb
// through them cost 200 ns per statement (0.5 ms per keystroke in a
// 20,000-line module). It builds each TSNode as ts_node_new does: its id
// is the child's slot in its parent, its position the parent's plus the
// preceding siblings' sizes and its own padding (none for a first
// child, whose padding is the parent's). It declines (false) what it
// does not model: aliases and fields (a production id), deeper nesting; pw_children then uses the cursor.
static bool pw_children_fast(TSNode n, pw_nodes *out) {
	struct { pw_subtree *node; uint32_t i; pw_length pos; } stack[PW_WALK_DEPTH];
	uint32_t mark = out->len;
	pw_subtree *p = pw_heap(*(const uintptr_t *)n.id);
	if (p == NULL || p->production_id != 0) return false;
	int sp = 0;
	stack[sp].node = p;
	stack[sp].i = 0;
	stack[sp].pos = (pw_length){n.context[0], n.context[1], n.context[2]};
	sp++;
	while (sp > 0) {
		if (stack[sp - 1].i == stack[sp - 1].node->child_count) {
			sp--;
			continue;
		}
		uint32_t i = stack[sp - 1].i++;
		const uintptr_t *slot = &pw_kids(stack[sp - 1].node)[i];
		if (i > 0) stack[sp - 1].pos = pw_add(stack[sp - 1].pos, pw_padding(*slot));
		pw_length start = stack[sp - 1].pos;
		stack[sp - 1].pos = pw_add(start, pw_size(*slot));
		if (pw_visible(*slot)) {
			pw_nodes_push(out, (TSNode){{start.bytes, start.row, start.column, 0}, slot, n.tree});
			continue;
		}
		pw_subtree *c = pw_heap(*slot);
		if (c == NULL || c->child_count == 0) continue; // a hidden leaf
		if (c->production_id != 0 || sp == PW_WALK_DEPTH) goto decline;
		stack[sp].node = c;
		stack[sp].i = 0;
		stack[sp].pos = start;
		sp++;
	}
	return true;
decline:
	out->len = mark;
	return false;
}

// pw_children appends the visible children of n to out.
static void pw_children(TSNode n, pw_nodes *out) {
	if (pw_children_fast(n, out)) return;
	TSTreeCursor c = ts_tree_cursor_new(n);
	for (bool ok = ts_tree_cursor_goto_first_child(&c); ok; ok = ts_tree_cursor_goto_next_sibling(&c)) {
		pw_nodes_push(out, ts_tree_cursor_current_node(&c));
	}
	ts_tree_cursor_delete(&c);
}

// role maps a symbol id to PW_* bits: a grammar may give one node type
// several symbol ids (aliases), so names are resolved on the Go side.
// Children are listed in one pass (pw_children): ts_node_child(n, i)
// searches from the first child on every call, which made listing a class
// body of 3,000 methods superlinear.
static void pw_units(TSNode root, pw_unit_list *out, const uint8_t *role) {
	pw_nodes top = {0}, members = {0};
	pw_children(root, &top);
	for (uint32_t t = 0; t < top.len; t++) {
		TSNode stmt = top.items[t];
		TSNode cls = stmt;
		if ((role[ts_node_symbol(stmt)] & PW_DECORATED) && ts_node_child_count(stmt) > 0) {
			cls = pw_last_child(stmt);
		}
		TSNode body;
		int is_class = (role[ts_node_symbol(cls)] & PW_CLASS) && ts_node_child_count(cls) > 0;
		if (is_class) {
			body = pw_last_child(cls);
			is_class = (role[ts_node_symbol(body)] & PW_BLOCK) != 0;
		}
		if (!is_class) {
			pw_push(out, (pw_unit){stmt, ts_node_start_byte(stmt), ts_node_end_byte(stmt), UINT32_MAX, -1, 0, ts_node_has_error(stmt)});
			continue;
		}
		int32_t header = out->len;
		pw_push(out, (pw_unit){stmt, ts_node_start_byte(stmt), ts_node_start_byte(body), ts_node_start_byte(body), -1, 1, pw_header_broken(stmt, cls, body)});
		members.len = 0;
		pw_children(body, &members);
		for (uint32_t k = 0; k < members.len; k++) {
			TSNode m = members.items[k];
			pw_push(out, (pw_unit){m, ts_node_start_byte(m), ts_node_end_byte(m), UINT32_MAX, header, 2, ts_node_has_error(m)});
		}
	}
	free(top.items);
	free(members.items);
}

// pw_units_cursor is pw_units listing children with a tree cursor only
// (the reference TestUnitsFastWalk compares against).
static void pw_units_cursor(TSNode root, pw_unit_list *out, const uint8_t *role) {
	TSTreeCursor top = ts_tree_cursor_new(root);
	for (bool ok = ts_tree_cursor_goto_first_child(&top); ok; ok = ts_tree_cursor_goto_next_sibling(&top)) {
		TSNode stmt = ts_tree_cursor_current_node(&top);
		TSNode cls = stmt;
		if ((role[ts_node_symbol(stmt)] & PW_DECORATED) && ts_node_child_count(stmt) > 0) {
			cls = pw_last_child(stmt);
		}
		TSNode body;
		int is_class = (role[ts_node_symbol(cls)] & PW_CLASS) && ts_node_child_count(cls) > 0;
		if (is_class) {
			body = pw_last_child(cls);
			is_class = (role[ts_node_symbol(body)] & PW_BLOCK) != 0;
		}
		if (!is_class) {
			pw_push(out, (pw_unit){stmt, ts_node_start_byte(stmt), ts_node_end_byte(stmt), UINT32_MAX, -1, 0, ts_node_has_error(stmt)});
			continue;
		}
		int32_t header = out->len;
		pw_push(out, (pw_unit){stmt, ts_node_start_byte(stmt), ts_node_start_byte(body), ts_node_start_byte(body), -1, 1, pw_header_broken(stmt, cls, body)});
		TSTreeCursor members = ts_tree_cursor_new(body);
		for (bool more = ts_tree_cursor_goto_first_child(&members); more; more = ts_tree_cursor_goto_next_sibling(&members)) {
			TSNode m = ts_tree_cursor_current_node(&members);
			pw_push(out, (pw_unit){m, ts_node_start_byte(m), ts_node_end_byte(m), UINT32_MAX, header, 2, ts_node_has_error(m)});
		}
		ts_tree_cursor_delete(&members);
	}
	ts_tree_cursor_delete(&top);
}
*/
import "C"

import (
	"unsafe"

	sitter "github.com/smacker/go-tree-sitter"
)

// cNode reads the C TSNode held by a go-tree-sitter Node. Node's first field
// is the C struct itself (see bindings.go); the layout is tree-sitter's ABI.
func cNode(n *sitter.Node) C.TSNode {
	return *(*C.TSNode)(unsafe.Pointer(n))
}

// flatten copies the subtree rooted at n into Go memory with one cgo call.
// The C side grows its buffer from sizeHint; the copy is exactly sized,
// since cached units keep their nodes.
func flatten(n C.TSNode, limit uint32, sizeHint int) []rawNode {
	list := C.pw_node_list{cap: C.int32_t(max(sizeHint, 16))}
	C.pw_flatten(n, &list, C.uint32_t(limit))
	defer C.free(unsafe.Pointer(list.items))
	nodes := make([]rawNode, int(list.len))
	copy(nodes, unsafe.Slice((*rawNode)(unsafe.Pointer(list.items)), len(nodes)))
	return nodes
}

// rawNode mirrors pw_node.
type rawNode struct {
	symbol uint16
	field  uint16
	start  uint32
	end    uint32
	parent int32
	next   int32
	flags  uint8
}

// Compile-time checks that the Go mirrors match the C definitions.
var (
	_ = [1]struct{}{}[unsafe.Sizeof(rawNode{})-unsafe.Sizeof(C.pw_node{})]
	_ = [1]struct{}{}[roleClass-C.PW_CLASS]
	_ = [1]struct{}{}[roleDecorated-C.PW_DECORATED]
	_ = [1]struct{}{}[roleBlock-C.PW_BLOCK]
)

// appendUnits appends the analysis units under a module root (see
// pw_units) to out.
func appendUnits(out []Unit, root *sitter.Node) []Unit {
	var list C.pw_unit_list
	C.pw_units(cNode(root), &list, (*C.uint8_t)(unsafe.Pointer(&py.roles[0])))
	if list.items == nil {
		return out
	}
	defer C.free(unsafe.Pointer(list.items))
	for _, u := range unsafe.Slice(list.items, int(list.len)) {
		out = append(out, Unit{Kind: UnitKind(u.kind), Start: int(u.start), End: int(u.end), Header: int(u.header), Broken: u.broken != 0,
			raw: rawUnit{node: u.node, limit: uint32(u.limit)}})
	}
	return out
}

// appendUnitsCursor is appendUnits with every child list read through a
// tree cursor (the reference for tests of pw_children_fast).
func appendUnitsCursor(out []Unit, root *sitter.Node) []Unit {
	var list C.pw_unit_list
	C.pw_units_cursor(cNode(root), &list, (*C.uint8_t)(unsafe.Pointer(&py.roles[0])))
	if list.items == nil {
		return out
	}
	defer C.free(unsafe.Pointer(list.items))
	for _, u := range unsafe.Slice(list.items, int(list.len)) {
		out = append(out, Unit{Kind: UnitKind(u.kind), Start: int(u.start), End: int(u.end), Header: int(u.header), Broken: u.broken != 0,
			raw: rawUnit{node: u.node, limit: uint32(u.limit)}})
	}
	return out
}

// childrenFast reports whether pw_children_fast lists n's children (it
// declines what it does not model).
func childrenFast(n *sitter.Node) bool {
	var l C.pw_nodes
	ok := C.pw_children_fast(cNode(n), &l)
	C.free(unsafe.Pointer(l.items))
	return bool(ok)
}

// rawUnit is what flattening a unit needs of its C side.
type rawUnit struct {
	node  C.TSNode
	limit uint32
}
