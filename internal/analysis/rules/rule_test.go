package rules

import (
	"context"
	"testing"

	sitter "github.com/smacker/go-tree-sitter"

	"github.com/pyworkers/pyworkers-lsp/internal/analysis/syntax"
)

// TestNodeIndex checks the counting sort against a plain walk: every
// named node of each type, in source order, and nothing else; the same
// index is reset from a whole module to one statement, as an analysis
// reuses it from unit to unit.
func TestNodeIndex(t *testing.T) {
	src := []byte("import js\n\nclass Default(WorkerEntrypoint):\n    async def fetch(self, request):\n        x = js.Object.new()\n        return Response(to_js({'a': [1, (2, 3)]}), x)\n\n# done\ny = f(g(h(1)))\n")
	p := sitter.NewParser()
	defer p.Close()
	p.SetLanguage(syntax.Python())
	tree, err := p.ParseCtx(context.Background(), nil, src)
	if err != nil {
		t.Fatal(err)
	}
	defer tree.Close()
	module := syntax.FlattenTree(tree, src).Root()
	last := module.NamedChildren()[len(module.NamedChildren())-1] // y = f(g(h(1)))
	idx := &NodeIndex{}
	for _, tc := range []struct {
		root     syntax.Node
		minTypes int
	}{{module, 15}, {last, 5}} {
		want := map[string][]syntax.Node{}
		for _, n := range tc.root.Descendants() {
			if n.Named() {
				want[n.Type()] = append(want[n.Type()], n)
			}
		}
		idx.Reset(tc.root)
		total := 0
		for typ, nodes := range want {
			got := idx.of(typ)
			if len(got) != len(nodes) {
				t.Errorf("%s: %s: %d nodes, want %d", tc.root.Type(), typ, len(got), len(nodes))
				continue
			}
			for i := range got {
				if got[i] != nodes[i] {
					t.Errorf("%s: %s[%d]: node %d, want %d", tc.root.Type(), typ, i, got[i].Index(), nodes[i].Index())
				}
			}
			total += len(got)
		}
		if total != len(idx.nodes) || len(want) < tc.minTypes {
			t.Errorf("%s: %d nodes of %d types indexed, want %d", tc.root.Type(), len(idx.nodes), len(want), total)
		}
		if got := idx.of("class_definition"); tc.root == last && len(got) != 0 {
			t.Errorf("a class is still indexed after the reset: %v", got)
		}
	}
	if got := idx.of("no_such_type"); got != nil {
		t.Errorf("unknown type: %v", got)
	}
}
