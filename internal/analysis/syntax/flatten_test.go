package syntax

import (
	"fmt"
	"math/rand"
	"slices"
	"testing"

	"github.com/pyworkers/pyworkers-lsp/internal/workergen"
)

// TestFlattenFastMatchesCursor flattens every unit, and the whole tree,
// of the rule fixtures, the corpus and the generated modules, also with
// syntax errors typed in (error and missing nodes, aliases, fields), with
// the direct subtree walk and with tree-sitter's cursor: the nodes must
// be the same, and the walk must fill exactly the room the visible
// descendant count gives.
func TestFlattenFastMatchesCursor(t *testing.T) {
	var texts [][]byte
	for _, f := range workergen.Corpus("../../../testdata", 400) {
		texts = append(texts, f.Text)
	}
	if len(texts) < 50 {
		t.Fatalf("only %d texts", len(texts))
	}
	p := newParser()
	defer p.Close()
	r := rand.New(rand.NewSource(9))
	junk := []string{"(", ")", "\"", "'''", ":", "\n", "    ", "class X:\n", "@d\n", "def f(\n", "\\\n", "]", "lambda: 0", "match x:\n  case 1:\n    pass\n"}
	units := 0
	for _, text := range texts {
		for k := 0; k < 3; k++ {
			tree := reparseWith(t, p, nil, text)
			root := tree.RootNode()
			check := func(what string, n nodeRef) {
				fast := flatten(n.node, n.limit, 16)
				slow := flattenCursor(n.node, n.limit, 16)
				if !slices.Equal(fast, slow) {
					i := 0
					for i < min(len(fast), len(slow)) && fast[i] == slow[i] {
						i++
					}
					t.Fatalf("%s: the walk and the cursor differ at node %d of %d/%d: %s vs %s", what, i, len(fast), len(slow), at(fast, i), at(slow, i))
				}
				if n.limit == ^uint32(0) && len(fast) != 1+int(visibleDescendants(n.node)) {
					t.Fatalf("%s: %d nodes, the count gave room for %d", what, len(fast), 1+visibleDescendants(n.node))
				}
			}
			check("module", nodeRef{cNode(root), ^uint32(0)})
			for i, u := range AppendUnits(nil, tree) {
				check(fmt.Sprintf("unit %d", i), nodeRef{u.resolve(), u.raw.limit})
				units++
			}
			tree.Close()
			at := r.Intn(len(text) + 1)
			text = append(append(append([]byte{}, text[:at]...), junk[r.Intn(len(junk))]...), text[at:]...)
		}
	}
	t.Logf("%d units of %d texts", units, len(texts))
}

func at(nodes []rawNode, i int) string {
	if i >= len(nodes) {
		return "none"
	}
	return fmt.Sprintf("%+v", nodes[i])
}
