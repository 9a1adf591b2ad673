package reparse

import (
	"bytes"
	"context"
	"testing"

	sitter "github.com/smacker/go-tree-sitter"

	"github.com/pyworkers/pyworkers-lsp/internal/analysis/syntax"
	"github.com/pyworkers/pyworkers-lsp/internal/workergen"
)

func newParser() *sitter.Parser {
	p := sitter.NewParser()
	p.SetLanguage(syntax.Python())
	return p
}

// TestLayout checks that Parse finds go-tree-sitter's C parser: a limit
// set through go-tree-sitter reads back through this package's copy.
func TestLayout(t *testing.T) {
	p := newParser()
	defer p.Close()
	p.SetOperationLimit(123456)
	if got := timeoutMicros(p); got != 123456 {
		t.Fatalf("operation limit read through parserC = %d, want 123456 (go-tree-sitter's Parser layout changed?)", got)
	}
}

// TestReusesStatementsAfterABlock inserts a blank line between two
// functions halfway down a module. Parse lexes a few tokens around the
// edit and reuses the statements after it; tree-sitter's own parser lexes
// every token after the edit again. Both give the tree a fresh parse
// gives.
func TestReusesStatementsAfterABlock(t *testing.T) {
	text := workergen.FlatModule(2000)
	at := bytes.Index(text[len(text)/2:], []byte("\nasync def ")) + len(text)/2 + 1
	next := append(append(append([]byte{}, text[:at]...), '\n'), text[at:]...)
	p := newParser()
	defer p.Close()
	fresh, _ := p.ParseCtx(context.Background(), nil, next)
	want := fresh.RootNode().String()
	fresh.Close()
	lexed := map[bool]int{}
	for _, patched := range []bool{true, false} {
		old, _ := p.ParseCtx(context.Background(), nil, text)
		syntax.Reusable(old) // as source.Document parses
		row := uint32(bytes.Count(text[:at], []byte("\n")))
		syntax.EditTree(old, sitter.EditInput{StartIndex: uint32(at), OldEndIndex: uint32(at), NewEndIndex: uint32(at + 1),
			StartPoint: sitter.Point{Row: row}, OldEndPoint: sitter.Point{Row: row}, NewEndPoint: sitter.Point{Row: row + 1}})
		var tree *sitter.Tree
		lexed[patched] = LexedBy(p, func() {
			if patched {
				tree, _ = Parse(p, old, next, &State{})
			} else {
				tree, _ = p.ParseCtx(context.Background(), old, next)
			}
		})
		if tree == nil || tree.RootNode().String() != want {
			t.Errorf("patched=%v: the reparsed tree differs from a fresh parse", patched)
		}
		tree.Close()
		old.Close()
	}
	t.Logf("tokens lexed: %d with Parse, %d with tree-sitter's parser", lexed[true], lexed[false])
	if lexed[true] > 100 {
		t.Errorf("Parse lexed %d tokens: the statements after the edit were parsed again", lexed[true])
	}
	if lexed[false] < 1000 {
		t.Errorf("tree-sitter's own parser lexed only %d tokens: it reuses the statements now, and package reparse may no longer be needed", lexed[false])
	}
}

// TestTypingAFunctionMidModule types a new function keystroke by
// keystroke between two functions halfway down a module, and a new method
// between two of a class's, on a parser whose parses halt and resume as
// the server's do (source slices parse time). Every reparse gives the
// tree a fresh parse gives. Most of the texts are broken (an unfinished
// header or statement, an unclosed bracket); a few (an unclosed string,
// whose delimiter stays in the scanner's state for the rest of the
// module) make any reparse lex the rest of the module again, but the
// others reuse the statements after the new text. tree-sitter's own
// parser lexes the rest again on about one keystroke in seven in front of
// a def, and on every keystroke that leaves the new body broken above a
// dedent.
func TestTypingAFunctionMidModule(t *testing.T) {
	for _, c := range []struct {
		name  string
		gen   func(int) []byte
		def   string // the line the new text is typed at (or before)
		typed string
		// wholeMax is how many keystrokes may lex the rest of the module
		// again: those leaving a bracket or string open, which the parser
		// reads the next definitions into (source blanks them).
		wholeMax int
	}{
		{"in front of a def", workergen.FlatModule, "async def ",
			"async def typed_mid(env, items):\n    rows = to_js(items)\n    return json_response({\"n\": len(rows)})\n\n", 5},
		{"function on a new line", workergen.FlatModule, "\nasync def ",
			"\nasync def typed_mid(env, items):\n    rows = to_js(items)\n    return len(rows)\n", 0},
		{"method on a new line", workergen.Module, "\n    async def ",
			"\n    async def typed_mid(self, env, items):\n        rows = to_js(items)\n        return len(rows)\n", 0},
	} {
		t.Run(c.name, func(t *testing.T) {
			text := c.gen(2000)
			at := bytes.Index(text[len(text)/2:], []byte("\n"+c.def)) + len(text)/2 + 1
			typeAt(t, text, at, c.typed, c.wholeMax)
		})
	}
}

// typeAt types typed at offset at of text, keystroke by keystroke,
// checking every reparse against a fresh parse and counting the
// keystrokes that lexed the rest of the module again.
func typeAt(t *testing.T, text []byte, at int, typed string, wholeMax int) {
	p, fresh := newParser(), newParser()
	defer p.Close()
	defer fresh.Close()
	tree, _ := p.ParseCtx(context.Background(), nil, text)
	syntax.Reusable(tree)
	p.SetOperationLimit(200) // µs
	whole := 0               // keystrokes that lexed the rest of the module again
	for k := range len(typed) {
		next := append(append(append([]byte{}, text[:at+k]...), typed[k]), text[at+k:]...)
		row, col := uint32(bytes.Count(text[:at+k], []byte("\n"))), uint32(at+k-(bytes.LastIndexByte(text[:at+k], '\n')+1))
		start, end := sitter.Point{Row: row, Column: col}, sitter.Point{Row: row, Column: col + 1}
		if typed[k] == '\n' {
			end = sitter.Point{Row: row + 1}
		}
		syntax.EditTree(tree, sitter.EditInput{StartIndex: uint32(at + k), OldEndIndex: uint32(at + k), NewEndIndex: uint32(at + k + 1),
			StartPoint: start, OldEndPoint: start, NewEndPoint: end})
		var out *sitter.Tree
		n := LexedBy(p, func() {
			var st State
			var err error
			for out, err = Parse(p, tree, next, &st); err != nil; out, err = Parse(p, tree, next, &st) {
			}
		})
		tree.Close()
		syntax.Reusable(out)
		tree, text = out, next
		want, _ := fresh.ParseCtx(context.Background(), nil, text)
		if tree.RootNode().String() != want.RootNode().String() {
			t.Fatalf("keystroke %d (%q): the reparsed tree differs from a fresh parse", k, typed[:k+1])
		}
		want.Close()
		if n > 2000 {
			whole++
			t.Logf("keystroke %d (%q) lexed %d tokens", k, typed[:k+1], n)
		}
	}
	tree.Close()
	if whole > wholeMax {
		t.Errorf("%d of %d keystrokes lexed the rest of the module again, want at most %d", whole, len(typed), wholeMax)
	}
}
