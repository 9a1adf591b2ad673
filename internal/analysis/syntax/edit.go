package syntax

/*
#include "reparse/api.h"
*/
import "C"

import (
	"unsafe"

	sitter "github.com/smacker/go-tree-sitter"
)

// EditTree records an edit in tree. go-tree-sitter's Tree.Edit passes the
// old end point as the new end point, which leaves the rows and columns of
// everything after a multi-line edit wrong and can change how the Python
// scanner measures indentation on the reparse; this calls ts_tree_edit with
// the edit as given.
func EditTree(tree *sitter.Tree, e sitter.EditInput) {
	// Tree embeds *BaseTree, whose first field is the C tree pointer.
	base := *(**struct{ c *C.TSTree })(unsafe.Pointer(tree))
	edit := C.TSInputEdit{
		start_byte:    C.uint32_t(e.StartIndex),
		old_end_byte:  C.uint32_t(e.OldEndIndex),
		new_end_byte:  C.uint32_t(e.NewEndIndex),
		start_point:   C.TSPoint{C.uint32_t(e.StartPoint.Row), C.uint32_t(e.StartPoint.Column)},
		old_end_point: C.TSPoint{C.uint32_t(e.OldEndPoint.Row), C.uint32_t(e.OldEndPoint.Column)},
		new_end_point: C.TSPoint{C.uint32_t(e.NewEndPoint.Row), C.uint32_t(e.NewEndPoint.Column)},
	}
	C.ts_tree_edit(base.c, &edit)
}
