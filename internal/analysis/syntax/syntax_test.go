package syntax

import (
	"context"
	"strings"
	"testing"

	sitter "github.com/smacker/go-tree-sitter"
)

func parse(t testing.TB, src string) *sitter.Tree {
	t.Helper()
	p := sitter.NewParser()
	defer p.Close()
	p.SetLanguage(Python())
	tree, err := p.ParseCtx(context.Background(), nil, []byte(src))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(tree.Close)
	return tree
}

// sexp renders a flattened subtree like tree-sitter's Node.String: named
// nodes only, with field names.
func sexp(n Node) string {
	var b strings.Builder
	var walk func(n Node, field string)
	walk = func(n Node, field string) {
		if field != "" {
			b.WriteString(" " + field + ": ")
		} else if b.Len() > 0 {
			b.WriteString(" ")
		}
		if n.Missing() {
			if n.Named() {
				b.WriteString("(MISSING " + n.Type() + ")")
			} else {
				b.WriteString("(MISSING \"" + n.Type() + "\")")
			}
			return
		}
		b.WriteString("(" + n.Type())
		for _, c := range n.Children() {
			if c.Named() || c.Missing() {
				walk(c, c.FieldName())
			}
		}
		b.WriteString(")")
	}
	walk(n, "")
	return b.String()
}

func TestFlattenMatchesTreeSitter(t *testing.T) {
	srcs := []string{
		"import js\nfrom pyodide.ffi import to_js as tj\n\nclass Default(WorkerEntrypoint):\n    async def fetch(self, request):\n        return Response(tj({'a': 1}))\n",
		"x = (((((1)))))\n",
		"def f(:\n  pass\n",
		"x = = 1\nclass (:\n",
		"",
	}
	for _, src := range srcs {
		tree := parse(t, src)
		flat := FlattenTree(tree, []byte(src))
		if got, want := sexp(flat.Root()), tree.RootNode().String(); got != want {
			t.Errorf("flatten(%q):\n got %s\nwant %s", src, got, want)
		}
	}
}

// TestFlattenGrowsBuffer flattens with a size guess far too small (the C
// buffer doubles several times) and far too large: both give the same
// nodes, in a slice of exactly their length.
func TestFlattenGrowsBuffer(t *testing.T) {
	src := strings.Repeat("x = [f(a, b[1]), {'k': (1, 2)}]\n", 200)
	root := cNode(parse(t, src).RootNode())
	small := flatten(root, ^uint32(0), 1)
	large := flatten(root, ^uint32(0), 100*len(src))
	if len(small) < 16*200 || len(small) != len(large) {
		t.Fatalf("node counts: %d with a small guess, %d with a large one", len(small), len(large))
	}
	for i := range small {
		if small[i] != large[i] {
			t.Fatalf("node %d differs: %+v vs %+v", i, small[i], large[i])
		}
	}
	if cap(small) != len(small) || cap(large) != len(large) {
		t.Errorf("capacities %d, %d for %d nodes", cap(small), cap(large), len(small))
	}
}

func TestUnits(t *testing.T) {
	src := "import js\n\n@dataclass\nclass Default(WorkerEntrypoint):\n    x = 1\n    async def fetch(self, request):\n        pass\n\ndef f():\n    pass\n"
	tree := parse(t, src)
	units := Units(tree)
	type want struct {
		kind   UnitKind
		text   string
		header int
	}
	wants := []want{
		{Statement, "import js", -1},
		{ClassHeader, "@dataclass\nclass Default(WorkerEntrypoint):\n    ", -1},
		{Member, "x = 1", 1},
		{Member, "async def fetch(self, request):\n        pass", 1},
		{Statement, "def f():\n    pass", -1},
	}
	if len(units) != len(wants) {
		t.Fatalf("got %d units, want %d: %+v", len(units), len(wants), units)
	}
	for i, w := range wants {
		u := units[i]
		if u.Kind != w.kind || src[u.Start:u.End] != w.text || u.Header != w.header {
			t.Errorf("unit %d = {%v %q %d}, want {%v %q %d}", i, u.Kind, src[u.Start:u.End], u.Header, w.kind, w.text, w.header)
		}
	}
	// The header stops at the body: no method node is flattened with it.
	header := units[1].Flatten([]byte(src))
	for _, n := range header.Root().Descendants() {
		if n.Type() == TypeFunctionDefinition || n.Type() == TypeBlock {
			t.Errorf("class header contains %s", n.Type())
		}
	}
	if got := header.Root().Field(FieldDefinition).Field(FieldName).Text(); got != "Default" {
		t.Errorf("header class name = %q", got)
	}
	method := units[3].Flatten([]byte(src))
	if got := method.Root().Field(FieldName).Text(); got != "fetch" {
		t.Errorf("method name = %q", got)
	}
}

func TestDeepNesting(t *testing.T) {
	src := "x = " + strings.Repeat("(", 5000) + "1" + strings.Repeat(")", 5000) + "\n"
	tree := parse(t, src)
	flat := FlattenTree(tree, []byte(src))
	if flat.Len() < 10000 {
		t.Fatalf("flattened %d nodes, want > 10000", flat.Len())
	}
}

func TestUnitsMarkSyntaxErrors(t *testing.T) {
	src := "import js\nx = (\nclass C:\n    def ok(self):\n        pass\n    def bad(self:\n        pass\n"
	tree := parse(t, src)
	var broken []string
	for _, u := range Units(tree) {
		if u.Broken {
			broken = append(broken, strings.TrimSpace(src[u.Start:u.End]))
		}
	}
	if len(broken) != 2 || !strings.HasPrefix(broken[0], "x = (") || !strings.HasPrefix(broken[1], "def bad(") {
		t.Fatalf("broken units = %q, want the open parenthesis and def bad (not the class header)", broken)
	}
	for _, u := range Units(tree) {
		if strings.HasPrefix(src[u.Start:u.End], "import js") && u.Broken {
			t.Error("a clean unit is marked broken")
		}
	}
}

func TestKinds(t *testing.T) {
	src := "class C:\n    def f(self):\n        pass\nx = = 1\n"
	flat := FlattenTree(parse(t, src), []byte(src))
	block, ok := KindOf("block")
	if !ok {
		t.Fatal("no block kind")
	}
	errKind, _ := KindOf("ERROR")
	var blocks, errors int
	for _, n := range flat.Root().Descendants() {
		if n.Kind() >= Kind(KindCount()) {
			t.Fatalf("%s has kind %d beyond KindCount %d", n.Type(), n.Kind(), KindCount())
		}
		if k, _ := KindOf(n.Type()); k != n.Kind() {
			t.Errorf("%s: Kind %d, KindOf %d", n.Type(), n.Kind(), k)
		}
		switch n.Kind() {
		case block:
			blocks++
		case errKind:
			errors++
		}
	}
	// The class body and the method body are blocks (two symbol ids in the
	// grammar, one Kind); the second assignment has an ERROR node.
	if blocks != 2 || errors == 0 {
		t.Errorf("blocks = %d, ERROR nodes = %d", blocks, errors)
	}
	if _, ok := KindOf("no_such_node"); ok {
		t.Error("KindOf accepted an unknown type")
	}
}

// BenchmarkFlatten copies a whole 20,000-line module into Go memory; the
// cost per node is what every analysis of changed units pays.
func BenchmarkFlatten(b *testing.B) {
	var src strings.Builder
	for i := 0; src.Len() < 860_000; i++ {
		src.WriteString("async def route(self, request, ident):\n    rows = await self.env.DB.prepare(\"SELECT 1\").bind(ident, 10).all()\n    return json_response({\"team\": ident, \"users\": [r[\"id\"] for r in rows.results]})\n\n")
	}
	text := []byte(src.String())
	tree := parse(b, src.String())
	nodes := FlattenTree(tree, text).Len()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		FlattenTree(tree, text)
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/float64(nodes), "ns/node")
}
