// subtree_mirror.h: see reuse.go (Reusable) and flatten.go (pw_units).
#ifndef PW_SUBTREE_MIRROR_H
#define PW_SUBTREE_MIRROR_H
#include <stdint.h>
#include <stdbool.h>

// The part of tree-sitter's internal subtree layout (lib/src/subtree.h of
// the runtime go-tree-sitter links, ABI 14) that pw_reusable reads and
// writes and pw_children reads. A heap subtree is preceded in memory by its children; a Subtree
// value whose lowest bit is set is an inline leaf (little-endian layout).
// TestReusableLayout checks the mirror against the public API.
typedef struct { uint32_t bytes; uint32_t row; uint32_t column; } pw_length;
typedef struct {
	uint32_t ref_count;
	pw_length padding;
	pw_length size;
	uint32_t lookahead_bytes;
	uint32_t error_cost;
	uint32_t child_count;
	uint16_t symbol;
	uint16_t parse_state;
	bool visible : 1;
	bool named : 1;
	bool extra : 1;
	bool fragile_left : 1;
	bool fragile_right : 1;
	bool has_changes : 1;
	bool has_external_tokens : 1;
	bool has_external_scanner_state_change : 1;
	bool depends_on_column : 1;
	bool is_missing : 1;
	bool is_keyword : 1;
	// The non-terminal arm of the union that follows.
	uint32_t visible_child_count;
	uint32_t named_child_count;
	uint32_t visible_descendant_count;
	int32_t dynamic_precedence;
	uint16_t repeat_depth;
	uint16_t production_id;
	uint16_t first_leaf_symbol;
	uint16_t first_leaf_parse_state;
} pw_subtree;

typedef struct { uintptr_t root; } pw_tree; // TSTree starts with its root Subtree

// An inline leaf, packed into the Subtree value itself (little-endian).
typedef struct {
	bool is_inline : 1;
	bool visible : 1;
	bool named : 1;
	bool extra : 1;
	bool has_changes : 1;
	bool is_missing : 1;
	bool is_keyword : 1;
	uint8_t symbol;
	uint16_t parse_state;
	uint8_t padding_columns;
	uint8_t padding_rows : 4;
	uint8_t lookahead_bytes : 4;
	uint8_t padding_bytes;
	uint8_t size_bytes;
} pw_inline;

_Static_assert(sizeof(pw_inline) == sizeof(uintptr_t), "pw_inline must fill a Subtree value");

static inline pw_subtree *pw_heap(uintptr_t s) { return (s & 1) ? NULL : (pw_subtree *)s; }
static inline uintptr_t *pw_kids(pw_subtree *p) { return (uintptr_t *)p - p->child_count; }

// pw_add is tree-sitter's length_add: b follows a.
static inline pw_length pw_add(pw_length a, pw_length b) {
	pw_length r = {a.bytes + b.bytes, a.row, a.column};
	if (b.row > 0) {
		r.row += b.row;
		r.column = b.column;
	} else {
		r.column += b.column;
	}
	return r;
}
// pw_padding and pw_size read either representation, as
// ts_subtree_padding and ts_subtree_size do.
static inline pw_length pw_padding(uintptr_t s) {
	if (!(s & 1)) return ((pw_subtree *)s)->padding;
	pw_inline d = *(pw_inline *)&s;
	return (pw_length){d.padding_bytes, d.padding_rows, d.padding_columns};
}

static inline pw_length pw_size(uintptr_t s) {
	if (!(s & 1)) return ((pw_subtree *)s)->size;
	pw_inline d = *(pw_inline *)&s;
	return (pw_length){d.size_bytes, 0, d.size_bytes};
}

static inline bool pw_visible(uintptr_t s) {
	if (!(s & 1)) return ((pw_subtree *)s)->visible;
	return ((pw_inline *)&s)->visible;
}
#endif
