package syntax

import (
	"bytes"
	"context"
	"fmt"
	"math/rand"
	"strings"
	"testing"

	sitter "github.com/smacker/go-tree-sitter"

	"github.com/pyworkers/pyworkers-lsp/internal/analysis/syntax/reparse"
	"github.com/pyworkers/pyworkers-lsp/internal/workergen"
)

func reparseWith(t testing.TB, p *sitter.Parser, old *sitter.Tree, text []byte) *sitter.Tree {
	t.Helper()
	tree, err := p.ParseCtx(context.Background(), old, text)
	if err != nil {
		t.Fatal(err)
	}
	return tree
}

func newParser() *sitter.Parser {
	p := sitter.NewParser()
	p.SetLanguage(Python())
	return p
}

// point returns the row and byte column of offset at in text.
func point(text []byte, at int) sitter.Point {
	row := bytes.Count(text[:at], []byte("\n"))
	return sitter.Point{Row: uint32(row), Column: uint32(at - (bytes.LastIndexByte(text[:at], '\n') + 1))}
}

// edit replaces [start, end) of text with ins in text and tree, and
// reparses incrementally. reusable parses as source.Document does: with
// package reparse's parser, the new tree made Reusable before the old
// one is closed; else with tree-sitter's own.
func edit(t testing.TB, p *sitter.Parser, tree *sitter.Tree, text []byte, start, end int, ins string, reusable bool) (*sitter.Tree, []byte) {
	next := editTree(tree, text, start, end, ins)
	var out *sitter.Tree
	if reusable {
		var err error
		if out, err = reparse.Parse(p, tree, next, &reparse.State{}); err != nil {
			t.Fatal(err)
		}
		Reusable(out)
	} else {
		out = reparseWith(t, p, tree, next)
	}
	tree.Close()
	return out, next
}

// editTree replaces [start, end) of text with ins in tree, and returns
// the new text.
func editTree(tree *sitter.Tree, text []byte, start, end int, ins string) []byte {
	next := append(append(append([]byte{}, text[:start]...), ins...), text[end:]...)
	EditTree(tree, sitter.EditInput{StartIndex: uint32(start), OldEndIndex: uint32(end), NewEndIndex: uint32(start + len(ins)),
		StartPoint: point(text, start), OldEndPoint: point(text, end), NewEndPoint: point(next, start+len(ins))})
	return next
}

// shape writes every node's type and byte range, hidden structure aside.
func shape(n *sitter.Node, b *strings.Builder) {
	fmt.Fprintf(b, "(%s %d-%d", n.Type(), n.StartByte(), n.EndByte())
	for i := 0; i < int(n.ChildCount()); i++ {
		shape(n.Child(i), b)
	}
	b.WriteByte(')')
}

func shapeOf(tree *sitter.Tree) string {
	var b strings.Builder
	shape(tree.RootNode(), &b)
	return b.String()
}

func TestReusableLayout(t *testing.T) {
	text := workergen.Module(300)
	tree := reparseWith(t, newParser(), nil, text)
	defer tree.Close()
	root := tree.RootNode()
	leaf := root
	for leaf.ChildCount() > 0 {
		leaf = leaf.Child(0)
	}
	got := rootLayout(tree)
	want := [4]uint32{uint32(root.Symbol()), root.EndByte(), root.ChildCount(), uint32(leaf.Symbol())}
	if [4]uint32(got[:4]) != want {
		t.Fatalf("subtree.h reads %v, the API says %v: the headers in reparse/ are not those of the runtime go-tree-sitter links", got[:4], want)
	}
	if got[4] == 0 || got[4] >= root.ChildCount() {
		t.Fatalf("root has %d children by subtree.h, %d visible: want the statements under repetition nodes", got[4], root.ChildCount())
	}
}

// TestReusableReusesStatements: after Reusable, typing into a large
// module (at its end, halfway down, near its top; at a class body's end
// or halfway down) reparses only the spine of repetition nodes above the
// edit; without it, every repetition node is built again. An edit with
// statements after it also tests the runs' parse state: a run met in
// another state than it records is broken down to single statements, and
// their repetitions are built again.
func TestReusableReusesStatements(t *testing.T) {
	for _, c := range []struct {
		name string
		gen  func(int) []byte
		at   func([]byte) int
	}{
		{"flat module, end", workergen.FlatModule, func(b []byte) int { return len(b) }},
		{"flat module, halfway", workergen.FlatModule, func(b []byte) int { return len(b)/2 + bytes.Index(b[len(b)/2:], []byte("\nasync def ")) }},
		{"flat module, near the top", workergen.FlatModule, func(b []byte) int { return len(b)/20 + bytes.Index(b[len(b)/20:], []byte("\nasync def ")) }},
		{"Worker class, last method", workergen.Module, func(b []byte) int { return bytes.Index(b, []byte("\n\nclass Counter(")) }},
		{"Worker class, halfway", workergen.Module, func(b []byte) int { return len(b)/2 + bytes.Index(b[len(b)/2:], []byte("\n    async def ")) }},
	} {
		t.Run(c.name, func(t *testing.T) {
			for _, reusable := range []bool{false, true} {
				p := newParser()
				text := c.gen(5000)
				tree := reparseWith(t, p, nil, text)
				first := 0
				if reusable {
					first = Reusable(tree)
				}
				at := c.at(text)
				// Reparsed as source.Document does (package reparse's parser:
				// tree-sitter's own lexes the module again after an edit
				// with statements after it).
				next, err := reparse.Parse(p, tree, editTree(tree, text, at, at, "\n    x = 1\n"), &reparse.State{})
				if err != nil {
					t.Fatal(err)
				}
				rebuilt := Reusable(next)
				next.Close()
				tree.Close()
				p.Close()
				switch {
				case !reusable && rebuilt < 300:
					t.Fatalf("without Reusable the reparse rebuilt %d repetition nodes: want hundreds (tree-sitter reuses them now?)", rebuilt)
				case reusable && (first < 300 || rebuilt > 64):
					t.Fatalf("Reusable changed %d nodes of the fresh tree and %d after the edit: want hundreds, then the spine (≤ 64)", first, rebuilt)
				}
			}
		})
	}
}

// TestReusableIncrementalEqualsFresh types random snippets (ambiguous
// statements such as print/match/type, unbalanced brackets and strings,
// indentation changes, classes) into modules, reparsing two trees: one as
// source.Document does (package reparse's parser, made Reusable after
// every parse), one with tree-sitter's own parser, left as it returns it.
// They must stay equal (node types, ranges, units), and equal to a fresh
// parse whenever the text has no syntax error (with errors, tree-sitter's
// own incremental recovery may differ from a fresh parse's).
func TestReusableIncrementalEqualsFresh(t *testing.T) {
	snippets := []string{"x", "\n", "    ", "def ", "(", ")", ":", "\"", "print x\n", "print (a, b)\n", "match x:\n    case 1:\n        pass\n",
		"class A:\n", "class B(Base):\n    def m(self):\n        return 1\n", "\n\n", "#", "'''", "if a:\n  b\n", "type X = int\n", "async ", "@dec\n",
		"\\\n", "\t", "lambda: 0", "]", "else:\n", "  return\n", "import os\n", "from a import (b,\n"}
	edits := 200
	if testing.Short() {
		edits = 100
	}
	for _, gen := range []func(int) []byte{workergen.FlatModule, workergen.Module} {
		r := rand.New(rand.NewSource(7))
		p, plainP, fresh := newParser(), newParser(), newParser()
		text := gen(250)
		tree, plain := reparseWith(t, p, nil, text), reparseWith(t, plainP, nil, text)
		Reusable(tree)
		clean, lastClean := 0, text
		for i := range edits {
			start := r.Intn(len(text) + 1)
			end := start
			if r.Intn(3) == 0 {
				end = min(len(text), start+r.Intn(60))
			}
			ins := snippets[r.Intn(len(snippets))]
			if r.Intn(3) == 0 && !bytes.Equal(text, lastClean) {
				// Undo back to the last error-free text, as one local edit.
				start, end, ins = undoEdit(text, lastClean)
			}
			plain, _ = edit(t, plainP, plain, text, start, end, ins, false)
			tree, text = edit(t, p, tree, text, start, end, ins, true)
			if got, w := shapeOf(tree), shapeOf(plain); got != w {
				t.Fatalf("edit %d (%q at %d-%d): the Reusable tree differs from tree-sitter's own reparse\nreusable %.400s\nplain    %.400s", i, ins, start, end, got, w)
			}
			if got, w := unitSpans(AppendUnits(nil, tree)), unitSpans(AppendUnits(nil, plain)); fmt.Sprint(got) != fmt.Sprint(w) {
				t.Fatalf("edit %d: units differ:\n%v\n%v", i, got, w)
			}
			if got, w := unitSpans(AppendUnits(nil, tree)), unitSpans(appendUnitsCursor(nil, tree.RootNode())); fmt.Sprint(got) != fmt.Sprint(w) {
				t.Fatalf("edit %d: the fast unit listing differs from the cursor's:\n%v\n%v", i, got, w)
			}
			want := reparseWith(t, fresh, nil, text)
			if !want.RootNode().HasError() {
				clean, lastClean = clean+1, text
				if got, w := shapeOf(tree), shapeOf(want); got != w {
					t.Fatalf("edit %d (%q at %d-%d): incremental tree differs from a fresh parse\ninc   %.400s\nfresh %.400s", i, ins, start, end, got, w)
				}
			}
			want.Close()
		}
		t.Logf("%d of %d edits left an error-free text", clean, edits)
		if clean < edits/10 {
			t.Errorf("only %d of %d edits left an error-free text: the fresh comparison barely ran", clean, edits)
		}
		tree.Close()
		plain.Close()
		p.Close()
		plainP.Close()
		fresh.Close()
	}
}

// undoEdit returns the edit turning text into prev: the bytes between
// their common prefix and suffix.
func undoEdit(text, prev []byte) (start, end int, ins string) {
	n := min(len(text), len(prev))
	for start < n && text[start] == prev[start] {
		start++
	}
	suffix := 0
	for suffix < n-start && text[len(text)-1-suffix] == prev[len(prev)-1-suffix] {
		suffix++
	}
	return start, len(text) - suffix, string(prev[start : len(prev)-suffix])
}

func unitSpans(us []Unit) []string {
	out := make([]string, len(us))
	for i, u := range us {
		out[i] = fmt.Sprintf("%d:%d-%d/%d/%v", u.Kind, u.Start, u.End, u.Header, u.Broken)
	}
	return out
}
