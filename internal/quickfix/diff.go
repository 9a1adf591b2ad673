package quickfix

import udiff "github.com/aymanbagabas/go-udiff"

// Diff returns a unified diff (3 lines of context) from before to after,
// with path in both headers; "" when they are equal. go-udiff (gopls'
// diff) computes it: a bounded LCS search, so a large rewrite costs
// linear memory.
func Diff(path string, before, after []byte) string {
	if string(before) == string(after) {
		return ""
	}
	return udiff.Unified(path, path, string(before), string(after))
}
