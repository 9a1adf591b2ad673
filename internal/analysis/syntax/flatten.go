package syntax

/*
#include <stdint.h>
#include <stdbool.h>
#include <stdlib.h>
#include "subtree.h"

// tree-sitter's api.h, as go-tree-sitter bundles it (its C objects,
// linked into every binary that imports it, define these functions).
#include "reparse/api.h"
#include "reparse/language.h"

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

// pw_flatten_fast writes what pw_flatten writes without a limit (the
// visible nodes under root in preorder, as a tree cursor visits them)
// into items, which holds room for cap nodes (root and every visible
// descendant of it), and returns how many it wrote, or -1 for a tree
// deeper than it follows or more nodes than cap. It walks tree-sitter's
// subtrees directly, as the cursor does inside (hidden nodes are
// descended into, aliases and fields come from the parent's production),
// without building a TSNode and a cursor entry per node: the cursor's
// walk was 15% of the CPU time of opening a module.
// TestFlattenFastMatchesCursor holds the two equal.
enum { PW_FLAT_DEPTH = 1024 };
typedef struct {
	const Subtree *t;
	uint32_t child;      // next child to visit
	uint32_t structural; // structural index of that child (extras skipped)
	Length next_pos;     // where that child starts, after its padding
	int32_t out;         // the node's index in items if visible, else -1
	int32_t parent_out;  // its nearest visible ancestor's
	uint32_t structural_index; // its own among its parent's children
	bool visible;
} pw_frame;

static int32_t pw_flatten_fast(TSNode root, pw_node *items, int32_t cap) {
	const TSLanguage *lang = ts_tree_language(root.tree);
	pw_frame stack[PW_FLAT_DEPTH]; // 48 KB of the C stack
	int32_t len = 0;
	items[len++] = (pw_node){ts_node_symbol(root), 0, ts_node_start_byte(root), ts_node_end_byte(root), -1, 1,
		(uint8_t)((ts_node_is_named(root) ? 1 : 0) | (ts_node_is_missing(root) ? 2 : 0))};
	const Subtree *rs = (const Subtree *)root.id;
	Length rpos = {root.context[0], {root.context[1], root.context[2]}};
	int sp = 0;
	stack[sp++] = (pw_frame){rs, 0, 0, rpos, 0, -1, 0, true};
	while (sp > 0) {
		pw_frame *f = &stack[sp - 1];
		uint32_t n = ts_subtree_child_count(*f->t);
		if (f->child == n) {
			if (f->out >= 0) items[f->out].next = len;
			sp--;
			continue;
		}
		const Subtree *child = &ts_subtree_children(*f->t)[f->child];
		if (f->child > 0) f->next_pos = length_add(f->next_pos, ts_subtree_padding(*child));
		Length start = f->next_pos;
		f->next_pos = length_add(start, ts_subtree_size(*child));
		f->child++;
		bool extra = ts_subtree_extra(*child);
		uint32_t structural = f->structural;
		TSSymbol alias = 0;
		bool visible = ts_subtree_visible(*child);
		if (!extra) {
			alias = ts_language_alias_at(lang, f->t->ptr->production_id, structural);
			if (alias) visible |= ts_language_symbol_metadata(lang, alias).visible;
			f->structural++;
		}
		int32_t parent_out = f->out >= 0 ? f->out : f->parent_out;
		if (!visible) {
			if (ts_subtree_visible_child_count(*child) == 0) continue;
			if (sp == PW_FLAT_DEPTH) return -1;
			stack[sp++] = (pw_frame){child, 0, 0, start, -1, parent_out, structural, false};
			continue;
		}
		// The field: the first of this node's and its hidden ancestors'
		// (below the nearest visible one) that the parent's production
		// names, as ts_tree_cursor_current_field_id finds it.
		uint16_t field = 0;
		if (!extra) {
			uint32_t index = structural;
			const Subtree *parent = f->t;
			for (int k = sp - 1; k >= 0; k--) {
				const TSFieldMapEntry *map, *end;
				ts_language_field_map(lang, parent->ptr->production_id, &map, &end);
				for (; map < end; map++) {
					if (!map->inherited && map->child_index == index) { field = map->field_id; break; }
				}
				if (field || k == 0 || stack[k].visible || ts_subtree_extra(*stack[k].t)) break;
				index = stack[k].structural_index;
				parent = stack[k - 1].t;
			}
		}
		TSSymbol sym = alias ? alias : ts_language_public_symbol(lang, ts_subtree_symbol(*child));
		bool named = alias ? ts_language_symbol_metadata(lang, alias).named : ts_subtree_named(*child);
		if (len == cap) return -1;
		int32_t self = len++;
		items[self] = (pw_node){sym, field, start.bytes, start.bytes + ts_subtree_size(*child).bytes, parent_out, self + 1,
			(uint8_t)((named ? 1 : 0) | (ts_subtree_missing(*child) ? 2 : 0))};
		if (ts_subtree_child_count(*child) > 0) {
			if (sp == PW_FLAT_DEPTH) return -1;
			stack[sp++] = (pw_frame){child, 0, 0, start, self, parent_out, structural, true};
		}
	}
	return len;
}

// pw_visible_descendants is the number of visible nodes below n.
static uint32_t pw_visible_descendants(TSNode n) {
	return ts_subtree_visible_descendant_count(*(const Subtree *)n.id);
}

typedef struct {
	TSNode node;
	uint32_t start;
	uint32_t end;
	uint32_t limit;  // header units stop here (the class body)
	int32_t header;  // for members: index of their class header unit
	uint8_t kind;    // 0 statement, 1 class header, 2 class member, 3 skipped run (see pw_units)
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
	TSNode node;
	uint32_t end;
	bool skipped; // a hidden run of statements left unlisted (see pw_units)
} pw_child;

typedef struct {
	pw_child *items;
	uint32_t len;
	uint32_t cap;
} pw_nodes;

static void pw_nodes_push(pw_nodes *l, TSNode n, uint32_t end, bool skipped) {
	if (l->len == l->cap) {
		l->cap = l->cap ? 2 * l->cap : 256;
		pw_child *items = realloc(l->items, (size_t)l->cap * sizeof(pw_child));
		if (items == NULL) abort();
		l->items = items;
	}
	l->items[l->len++] = (pw_child){n, end, skipped};
}

enum { PW_WALK_DEPTH = 128 };

// pw_children_fast lists the visible children of n (what a tree cursor
// visits) by walking tree-sitter's subtrees directly: a statement list is
// a balanced tree of hidden repetition nodes, and the cursor's climb
// through them cost 200 ns per statement (0.5 ms per keystroke in a
// 20,000-line module). It builds each TSNode as ts_node_new does: its id
// is the child's slot in its parent, its position the parent's plus the
// preceding siblings' sizes and its own padding (none for a first
// child, whose padding is the parent's). A hidden run free of syntax
// errors lying wholly before byte keep_from or from byte keep_to on is
// listed as one skipped entry instead of being walked (the caller takes
// its units from the previous listing). It declines (false) what it does
// not model: aliases and fields (a production id), deeper nesting;
// pw_children then uses the cursor.
static bool pw_children_fast(TSNode n, pw_nodes *out, uint32_t keep_from, uint32_t keep_to) {
	struct { SubtreeHeapData *node; uint32_t i; Length pos; } stack[PW_WALK_DEPTH];
	uint32_t mark = out->len;
	SubtreeHeapData *p = pw_heap(*(const Subtree *)n.id);
	if (p == NULL || p->production_id != 0) return false;
	int sp = 0;
	stack[sp].node = p;
	stack[sp].i = 0;
	stack[sp].pos = (Length){n.context[0], {n.context[1], n.context[2]}};
	sp++;
	while (sp > 0) {
		if (stack[sp - 1].i == stack[sp - 1].node->child_count) {
			sp--;
			continue;
		}
		uint32_t i = stack[sp - 1].i++;
		const Subtree *slot = &pw_kids(stack[sp - 1].node)[i];
		if (i > 0) stack[sp - 1].pos = length_add(stack[sp - 1].pos, ts_subtree_padding(*slot));
		Length start = stack[sp - 1].pos;
		stack[sp - 1].pos = length_add(start, ts_subtree_size(*slot));
		uint32_t end = stack[sp - 1].pos.bytes;
		TSNode node = {{start.bytes, start.extent.row, start.extent.column, 0}, slot, n.tree};
		if (ts_subtree_visible(*slot)) {
			pw_nodes_push(out, node, end, false);
			continue;
		}
		SubtreeHeapData *c = pw_heap(*slot);
		if (c == NULL || c->child_count == 0) continue; // a hidden leaf
		if (c->production_id != 0 || sp == PW_WALK_DEPTH) goto decline;
		if (c->error_cost == 0 && c->visible_child_count > 0 && (end <= keep_from || start.bytes >= keep_to)) {
			pw_nodes_push(out, node, end, true);
			continue;
		}
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

// pw_children appends the visible children of n to out (see
// pw_children_fast for keep_from and keep_to).
static void pw_children(TSNode n, pw_nodes *out, uint32_t keep_from, uint32_t keep_to) {
	if (pw_children_fast(n, out, keep_from, keep_to)) return;
	TSTreeCursor c = ts_tree_cursor_new(n);
	for (bool ok = ts_tree_cursor_goto_first_child(&c); ok; ok = ts_tree_cursor_goto_next_sibling(&c)) {
		TSNode child = ts_tree_cursor_current_node(&c);
		pw_nodes_push(out, child, ts_node_end_byte(child), false);
	}
	ts_tree_cursor_delete(&c);
}

// pw_skip records a skipped run: kind 3, its span, and for a run of
// class members the index of their header.
static void pw_skip(pw_unit_list *out, pw_child c, int32_t header) {
	pw_push(out, (pw_unit){c.node, ts_node_start_byte(c.node), c.end, UINT32_MAX, header, 3, 0});
}

// role maps a symbol id to PW_* bits: a grammar may give one node type
// several symbol ids (aliases), so names are resolved on the Go side.
// Children are listed in one pass (pw_children): ts_node_child(n, i)
// searches from the first child on every call, which made listing a class
// body of 3,000 methods superlinear. Runs of statements wholly outside
// [keep_from, keep_to) may be left unlisted (kind 3 entries): pass 0 and
// UINT32_MAX to list everything.
static void pw_units(TSNode root, pw_unit_list *out, const uint8_t *role, uint32_t keep_from, uint32_t keep_to) {
	pw_nodes top = {0}, members = {0};
	pw_children(root, &top, keep_from, keep_to);
	for (uint32_t t = 0; t < top.len; t++) {
		if (top.items[t].skipped) {
			pw_skip(out, top.items[t], -1);
			continue;
		}
		TSNode stmt = top.items[t].node;
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
		pw_children(body, &members, keep_from, keep_to);
		for (uint32_t k = 0; k < members.len; k++) {
			if (members.items[k].skipped) {
				pw_skip(out, members.items[k], header);
				continue;
			}
			TSNode m = members.items[k].node;
			pw_push(out, (pw_unit){m, ts_node_start_byte(m), ts_node_end_byte(m), UINT32_MAX, header, 2, ts_node_has_error(m)});
		}
	}
	free(top.items);
	free(members.items);
}

// pw_run_units lists the units under a skipped run the previous listing
// could not supply: its statements (members, when header >= 0, of the
// class whose header unit is at index header of the caller's listing;
// the indexes written are relative to out).
static void pw_run_units(TSNode run, pw_unit_list *out, const uint8_t *role, int32_t header) {
	if (header < 0) {
		pw_units(run, out, role, 0, UINT32_MAX);
		return;
	}
	pw_nodes members = {0};
	pw_children(run, &members, 0, UINT32_MAX);
	for (uint32_t k = 0; k < members.len; k++) {
		TSNode m = members.items[k].node;
		pw_push(out, (pw_unit){m, ts_node_start_byte(m), ts_node_end_byte(m), UINT32_MAX, header, 2, ts_node_has_error(m)});
	}
	free(members.items);
}

// pw_child_at returns the visible child of n starting at byte at (of
// n's hidden runs only the one holding at is walked), or a node whose id
// is NULL.
static TSNode pw_child_at(TSNode n, uint32_t at) {
	pw_nodes kids = {0};
	TSNode found = {{0, 0, 0, 0}, NULL, NULL};
	pw_children(n, &kids, at, at + 1);
	for (uint32_t k = 0; k < kids.len; k++) {
		if (!kids.items[k].skipped && ts_node_start_byte(kids.items[k].node) == at) {
			found = kids.items[k].node;
			break;
		}
	}
	free(kids.items);
	return found;
}

// pw_resolve finds the node of a unit taken from a previous listing: a
// top-level statement starting at start, or (member) the statement at
// start of the body of the class whose statement starts at header_start.
static TSNode pw_resolve(TSNode root, uint8_t kind, uint32_t start, uint32_t header_start, const uint8_t *role) {
	if (kind != 2) return pw_child_at(root, start);
	TSNode cls = pw_child_at(root, header_start);
	if (cls.id == NULL) return cls;
	if ((role[ts_node_symbol(cls)] & PW_DECORATED) && ts_node_child_count(cls) > 0) cls = pw_last_child(cls);
	if (!(role[ts_node_symbol(cls)] & PW_CLASS) || ts_node_child_count(cls) == 0) return (TSNode){{0, 0, 0, 0}, NULL, NULL};
	return pw_child_at(pw_last_child(cls), start);
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
	"fmt"
	"sort"
	"unsafe"

	sitter "github.com/smacker/go-tree-sitter"
)

// cNode reads the C TSNode held by a go-tree-sitter Node. Node's first field
// is the C struct itself (see bindings.go); the layout is tree-sitter's ABI.
func cNode(n *sitter.Node) C.TSNode {
	return *(*C.TSNode)(unsafe.Pointer(n))
}

// flatten copies the subtree rooted at n into Go memory with one cgo call:
// straight into a slice sized by the subtree's count of visible nodes
// (pw_flatten_fast), or, for a class header (which stops at its body, at
// limit) and trees too deep for that walk, through tree-sitter's cursor.
func flatten(n C.TSNode, limit uint32, sizeHint int) []rawNode {
	if limit == ^uint32(0) {
		nodes := make([]rawNode, 1+int(C.pw_visible_descendants(n)))
		if k := C.pw_flatten_fast(n, (*C.pw_node)(unsafe.Pointer(&nodes[0])), C.int32_t(len(nodes))); k >= 0 {
			return nodes[:k]
		}
	}
	return flattenCursor(n, limit, sizeHint)
}

// nodeRef is a node to flatten and the byte its walk stops at (tests).
type nodeRef struct {
	node  C.TSNode
	limit uint32
}

func visibleDescendants(n C.TSNode) uint32 { return uint32(C.pw_visible_descendants(n)) }

// flattenCursor is flatten with tree-sitter's cursor (pw_flatten). The C
// side grows its buffer from sizeHint; the copy is exactly sized, since
// cached units keep their nodes.
func flattenCursor(n C.TSNode, limit uint32, sizeHint int) []rawNode {
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
	C.pw_units(cNode(root), &list, (*C.uint8_t)(unsafe.Pointer(&py.roles[0])), 0, C.UINT32_MAX)
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
	ok := C.pw_children_fast(cNode(n), &l, 0, C.UINT32_MAX)
	C.free(unsafe.Pointer(l.items))
	return bool(ok)
}

// appendUnitsAfterEdit is appendUnits for a tree whose text equals the
// previous listing's text outside [keepFrom, keepTo) (new offsets; bytes
// from keepTo on were at offset-delta): runs of statements wholly outside
// are taken from prev, shifted, when prev holds exactly that run (same
// bounds, no syntax error); others are listed from the tree.
func appendUnitsAfterEdit(out []Unit, root *sitter.Node, prev []Unit, keepFrom, keepTo, delta int) []Unit {
	var list C.pw_unit_list
	roles := (*C.uint8_t)(unsafe.Pointer(&py.roles[0]))
	C.pw_units(cNode(root), &list, roles, C.uint32_t(keepFrom), C.uint32_t(min(keepTo, int(^uint32(0)))))
	if list.items == nil {
		return out
	}
	defer C.free(unsafe.Pointer(list.items))
	items := unsafe.Slice(list.items, int(list.len))
	// index maps an entry of the C list to its unit in out (headers are
	// entries; a skipped run expands to many units).
	index := make([]int, len(items))
	for k, u := range items {
		index[k] = len(out)
		if u.kind != 3 {
			header := -1
			if u.header >= 0 {
				header = index[u.header]
			}
			out = append(out, Unit{Kind: UnitKind(u.kind), Start: int(u.start), End: int(u.end), Header: header, Broken: u.broken != 0,
				raw: rawUnit{node: u.node, limit: uint32(u.limit)}})
			continue
		}
		header := -1
		if u.header >= 0 {
			header = index[u.header]
		}
		start, end := int(u.start), int(u.end)
		shift := 0
		if start >= keepTo {
			shift = delta
		}
		if run, first, ok := previousRun(prev, start-shift, end-shift, header >= 0); ok {
			outStart := len(out)
			for _, p := range run {
				p.Start += shift
				p.End += shift
				p.raw = rawUnit{root: cNode(root), limit: ^uint32(0)}
				if p.Kind == ClassHeader {
					p.raw.limit = uint32(p.End) // the body's start
				}
				if p.Kind == Member {
					if header >= 0 {
						p.Header = header // a run of one class's members
					} else {
						p.Header += outStart - first // its class header is in the run
					}
					p.raw.headerStart = uint32(out[p.Header].Start)
				}
				out = append(out, p)
			}
			continue
		}
		var sub C.pw_unit_list
		C.pw_run_units(u.node, &sub, roles, C.int32_t(header)) // header >= 0: members
		if sub.items != nil {
			off := len(out)
			for _, s := range unsafe.Slice(sub.items, int(sub.len)) {
				h := -1
				switch {
				case header >= 0:
					h = header
				case s.header >= 0:
					h = off + int(s.header)
				}
				out = append(out, Unit{Kind: UnitKind(s.kind), Start: int(s.start), End: int(s.end), Header: h, Broken: s.broken != 0,
					raw: rawUnit{node: s.node, limit: uint32(s.limit)}})
			}
			C.free(unsafe.Pointer(sub.items))
		}
	}
	return out
}

// previousRun returns the units of prev spanning exactly [start, end)
// (old offsets), when they are whole, error-free statements (members, if
// members, of one class): the run of the previous listing the new tree
// kept unchanged.
func previousRun(prev []Unit, start, end int, members bool) (run []Unit, first int, ok bool) {
	i := sort.Search(len(prev), func(i int) bool { return prev[i].Start >= start })
	j := sort.Search(len(prev), func(i int) bool { return prev[i].Start >= end })
	if i >= j || prev[i].Start != start || prev[j-1].End != end || (i > 0 && prev[i-1].End > start) {
		return nil, 0, false
	}
	run = prev[i:j]
	for _, u := range run {
		switch {
		case u.Broken:
			return nil, 0, false
		case members && (u.Kind != Member || u.Header != run[0].Header):
			return nil, 0, false
		case !members && u.Kind == Member && u.Header < i:
			return nil, 0, false // a member of a class outside the run
		}
	}
	if !members && run[0].Kind == Member {
		return nil, 0, false
	}
	return run, i, true
}

// rawUnit is what flattening a unit needs of its C side. A unit taken
// from a previous listing has no node yet: root and headerStart find it
// when it is first flattened.
type rawUnit struct {
	node        C.TSNode
	limit       uint32
	root        C.TSNode
	headerStart uint32
}

// resolve returns the unit's node, finding it from the root for units
// taken from a previous listing.
func (u Unit) resolve() C.TSNode {
	if u.raw.node.id != nil {
		return u.raw.node
	}
	n := C.pw_resolve(u.raw.root, C.uint8_t(u.Kind), C.uint32_t(u.Start), C.uint32_t(u.raw.headerStart), (*C.uint8_t)(unsafe.Pointer(&py.roles[0])))
	if n.id == nil {
		panic(fmt.Sprintf("syntax: no node for the unit at %d-%d (kind %d)", u.Start, u.End, u.Kind))
	}
	return n
}
