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
		lexed[patched] = lexedBy(p, func() {
			if patched {
				tree, _ = Parse(p, old, next)
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
