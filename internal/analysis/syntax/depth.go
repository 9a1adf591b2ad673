package syntax

// MaxDepth bounds how deeply a unit's syntax tree may nest before the
// analysis declines it. Rules walk from a node to its ancestors (is this
// call at import time? inside a main guard?), so their cost grows with
// depth times nodes: 80,000 chained calls or a comprehension nested
// 20,000 deep took seconds per analysis. Hand-written Python nests a few
// dozen levels; generated code rarely a few hundred.
const MaxDepth = 1000

// TooDeep reports whether the tree nests deeper than limit, in one pass
// over the preorder (a parent comes before its children).
func (t *Tree) TooDeep(limit int) bool {
	if len(t.nodes) <= limit {
		return false // a tree of n nodes is at most n deep
	}
	depth := make([]int32, len(t.nodes))
	for i, n := range t.nodes {
		if n.parent >= 0 && int(n.parent) < i {
			depth[i] = depth[n.parent] + 1
			if int(depth[i]) > limit {
				return true
			}
		}
	}
	return false
}
