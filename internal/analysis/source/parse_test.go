package source

import (
	"bytes"
	"fmt"
	"math/rand"
	"strings"
	"testing"

	sitter "github.com/smacker/go-tree-sitter"

	"github.com/pyworkers/pyworkers-lsp/internal/analysis/syntax"
	"github.com/pyworkers/pyworkers-lsp/internal/workergen"
)

// shape writes every node's type, byte range and start point.
func shape(n *sitter.Node, b *strings.Builder) {
	fmt.Fprintf(b, "(%s %d-%d %d:%d", n.Type(), n.StartByte(), n.EndByte(), n.StartPoint().Row, n.StartPoint().Column)
	for i := range int(n.ChildCount()) {
		shape(n.Child(i), b)
	}
	b.WriteByte(')')
}

func shapeOf(t *testing.T, tree *sitter.Tree) string {
	t.Helper()
	var b strings.Builder
	shape(tree.RootNode(), &b)
	return b.String()
}

// sameUpToError reports whether two shapes are equal, or, when want has
// a syntax error, equal up to its first ERROR node and both have one:
// reparsing from a half's tree may group the nodes of error recovery
// after it differently, as an incremental reparse may.
func sameUpToError(got, want string) bool {
	i := strings.Index(want, "(ERROR")
	if i < 0 {
		return got == want
	}
	return strings.Contains(got, "(ERROR") && got[:min(i, len(got))] == want[:i]
}

func wholeShape(t *testing.T, text []byte) string {
	t.Helper()
	tree, err := parseWhole(ParserText(text), nil, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer tree.Close()
	return shapeOf(t, tree)
}

// TestParseHalves: a large module is parsed in two halves joined into the
// tree a parse of the whole gives, also when the cut is in the body of a
// class spanning the module; with a syntax error in a half the text is
// reparsed from the other half's tree, and without a cut near the middle
// the whole is parsed; every way gives the tree of the whole.
func TestParseHalves(t *testing.T) {
	broken := func(text []byte, at int, def string) []byte {
		at = bytes.Index(text[at:], []byte(def)) + at + 1
		return append(text[:at:at], append([]byte(strings.Repeat(" ", len(def)-len(strings.TrimLeft(def, "\n "))-1)+"x = (\n"), text[at:]...)...)
	}
	flat, worker := workergen.FlatModule(3000), workergen.Module(3000)
	for _, c := range []struct {
		name   string
		text   []byte
		halves bool
	}{
		{"flat module", flat, true},
		{"syntax error in the second half", broken(flat, len(flat)*3/4, "\ndef "), true},
		{"syntax error in the first half", broken(flat, len(flat)/4, "\ndef "), true},
		{"one-class Worker (cut in the class body)", worker, true},
		{"class body, syntax error in the second half", broken(worker, len(worker)*3/4, "\n    async def "), true},
		{"class body, syntax error in the first half", broken(worker, len(worker)/4, "\n    async def "), true},
		{"one function spanning the module", []byte("def f(env):\n" + strings.Repeat("    x = env.A\n", 6000)), false},
	} {
		if len(c.text) < splitParseMin {
			t.Fatalf("%s: %d bytes, under splitParseMin", c.name, len(c.text))
		}
		h, _, err := parseHalves(ParserText(c.text), nil)
		if err != nil {
			t.Fatal(err)
		}
		if (h != nil) != c.halves {
			t.Fatalf("%s: parsed in halves = %v, want %v", c.name, h != nil, c.halves)
		}
		if h != nil {
			if !sameUpToError(shapeOf(t, h), wholeShape(t, c.text)) {
				t.Errorf("%s: the tree from the halves differs from a parse of the whole", c.name)
			}
			h.Close()
		}
		tree, _, err := parse(c.text, scanResync(c.text), nil, nil)
		if err != nil {
			t.Fatal(err)
		}
		if !sameUpToError(shapeOf(t, tree), wholeShape(t, c.text)) {
			t.Errorf("%s: parse differs from a parse of the whole", c.name)
		}
		tree.Close()
	}
}

// TestEditsAfterParseHalves edits a document whose first tree was joined
// from halves, as typing after opening a large file does, and holds each
// incremental tree equal to a fresh parse of the text (byte ranges and
// points included) while the text has no syntax error.
func TestEditsAfterParseHalves(t *testing.T) {
	for _, c := range []struct {
		name string
		text []byte
		def  string // how the statements near the cut start
	}{
		{"flat module", workergen.FlatModule(2000), "\ndef "},
		{"one-class Worker", workergen.Module(1600), "\n    async def "},
	} {
		t.Run(c.name, func(t *testing.T) { editAfterHalves(t, c.text, c.def) })
	}
}

// TestEditAtTheCut edits the first line of the second half of a module
// parsed in halves: its indentation, one space less or more, and a line
// typed in front of it. The first half was parsed without that line, so
// the tokens ending it (the last line's NEWLINE and DEDENTs) had looked
// at nothing past its end, and tree-sitter's reparse kept them where a
// parse of the whole would have lexed them again: the Worker's previous
// method kept its end though the method below it was gone (read blank,
// resync.go). Each reparse must give the tree of a fresh parse of its
// text, where that has no syntax error.
func TestEditAtTheCut(t *testing.T) {
	for _, c := range []struct {
		name string
		text []byte
	}{
		{"flat module", workergen.FlatModule(2000)},
		{"one-class Worker", workergen.Module(1600)},
	} {
		t.Run(c.name, func(t *testing.T) {
			cut := syntax.SplitPoint(ParserText(c.text))
			if cut.At == 0 {
				t.Fatal("the module has no cut")
			}
			first := cut.At + len(c.text[cut.At:]) - len(bytes.TrimLeft(c.text[cut.At:], " "))
			compared := 0
			for _, e := range []struct {
				start, end int
				text       string
			}{
				{first - 1, first, ""},
				{first, first, " "},
				{first, first, "x = 1\n" + string(c.text[cut.At:first])},
				{first, first, "x = 1\n"},
			} {
				doc := Open("file:///big.py", 1, c.text, true)
				doc.Tree()
				doc.Edit(e.start, e.end, []byte(e.text))
				want, err := parseWhole(ParserText(doc.Text()), nil, nil)
				if err != nil {
					t.Fatal(err)
				}
				if !want.RootNode().HasError() {
					compared++
					if shapeOf(t, doc.Tree()) != shapeOf(t, want) {
						t.Errorf("%q at the cut (%d-%d): the incremental tree differs from a fresh parse", e.text, e.start, e.end)
					}
				}
				want.Close()
				doc.Close()
			}
			if compared < 2 {
				t.Fatalf("only %d of the edits left an error-free text", compared)
			}
		})
	}
}

func editAfterHalves(t *testing.T, text []byte, def string) {
	if h, _, _ := parseHalves(text, nil); h == nil {
		t.Fatal("the module is not parsed in halves")
	} else {
		h.Close()
	}
	doc := Open("file:///big.py", 1, text, true)
	defer doc.Close()
	r := rand.New(rand.NewSource(5))
	snippets := []string{"x", "\n", "    ", "(", ")", "#", "\"", ":", "\n\nclass K:\n    y = 1\n"}
	clean := 0
	for step := range 40 {
		cur := doc.Text()
		start := r.Intn(len(cur) + 1)
		end := min(len(cur), start+r.Intn(3)*r.Intn(40))
		ins := snippets[r.Intn(len(snippets))]
		if step%2 == 0 {
			// A statement typed or pasted near the cut, where the
			// statements either side come from different parses.
			from := len(cur)/2 + r.Intn(2000) - 1000
			start = bytes.Index(cur[from:], []byte(def)) + from + 1
			indent := strings.Repeat(" ", len(def)-len(strings.TrimLeft(def, "\n "))-1)
			end, ins = start, indent+"def g(a):\n"+indent+"    return a\n\n\n"
		}
		removed := bytes.Clone(cur[start:end])
		doc.Edit(start, end, []byte(ins))
		want, err := parseWhole(ParserText(doc.Text()), nil, nil)
		if err != nil {
			t.Fatal(err)
		}
		got := doc.Tree()
		if want.RootNode().HasError() {
			if !got.RootNode().HasError() {
				t.Fatalf("step %d: a fresh parse has errors, the incremental tree none", step)
			}
			doc.Edit(start, start+len(ins), removed) // undo: back to a clean text
		} else {
			clean++
			if shapeOf(t, got) != shapeOf(t, want) {
				t.Fatalf("step %d: the incremental tree differs from a fresh parse", step)
			}
		}
		want.Close()
	}
	if clean < 20 {
		t.Fatalf("only %d of 40 edits left an error-free text", clean)
	}
}
