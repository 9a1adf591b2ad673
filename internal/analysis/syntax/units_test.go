package syntax

import (
	"fmt"
	"strings"
	"testing"

	sitter "github.com/smacker/go-tree-sitter"
)

// referenceUnits computes the units with go-tree-sitter's Node API, the
// straightforward way pw_units must agree with.
func referenceUnits(root *sitter.Node) []string {
	var out []string
	unit := func(kind UnitKind, start, end uint32, header int) {
		out = append(out, fmt.Sprintf("%d %d-%d h%d", kind, start, end, header))
	}
	for i := 0; i < int(root.ChildCount()); i++ {
		stmt := root.Child(i)
		cls := stmt
		if stmt.Type() == TypeDecoratedDefinition && stmt.ChildCount() > 0 {
			cls = stmt.Child(int(stmt.ChildCount()) - 1)
		}
		var body *sitter.Node
		if cls.Type() == TypeClassDefinition && cls.ChildCount() > 0 {
			body = cls.Child(int(cls.ChildCount()) - 1)
		}
		if body == nil || body.Type() != TypeBlock {
			unit(Statement, stmt.StartByte(), stmt.EndByte(), -1)
			continue
		}
		header := len(out)
		unit(ClassHeader, stmt.StartByte(), body.StartByte(), -1)
		for j := 0; j < int(body.ChildCount()); j++ {
			m := body.Child(j)
			unit(Member, m.StartByte(), m.EndByte(), header)
		}
	}
	return out
}

func TestUnitsMatchNodeAPI(t *testing.T) {
	var big strings.Builder
	big.WriteString("import js\n\nclass Default(WorkerEntrypoint):\n")
	for i := 0; i < 300; i++ {
		fmt.Fprintf(&big, "    # route %d\n    async def h%d(self, request):\n        return %d\n\n", i, i, i)
	}
	big.WriteString("def tail():\n    pass\n")
	srcs := []string{
		"",
		"x = 1\n",
		"@a\n@b(1)\nclass C(Base):\n    '''doc'''\n    x: int = 1\n    @staticmethod\n    def f(): pass\n    ;\n",
		"class Empty: pass\nclass Broken(:\n    def f(self):\n        pass\n",
		"class A:\n    class B:\n        def g(self): pass\n    def f(self):\n        pass\nif x:\n    class Inner:\n        pass\n",
		"def f(:\n  pass\nclass D(WorkerEntrypoint):\n  async def fetch(self, r)\n    return 1\n",
		big.String(),
	}
	for _, src := range srcs {
		tree := parse(t, src)
		var got []string
		for _, u := range Units(tree) {
			got = append(got, fmt.Sprintf("%d %d-%d h%d", u.Kind, u.Start, u.End, u.Header))
		}
		want := referenceUnits(tree.RootNode())
		if strings.Join(got, "\n") != strings.Join(want, "\n") {
			t.Errorf("units of %.60q:\n got %v\nwant %v", src, got, want)
		}
	}
}

// BenchmarkUnits lists the units of a module whose class has thousands of
// members (the shape of a large Worker).
func BenchmarkUnits(b *testing.B) {
	var src strings.Builder
	src.WriteString("class Default(WorkerEntrypoint):\n")
	for i := 0; i < 3000; i++ {
		fmt.Fprintf(&src, "    async def h%d(self, request):\n        return %d\n\n", i, i)
	}
	tree := parse(b, src.String())
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		Units(tree)
	}
}
