package reparse

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"testing"

	sitter "github.com/smacker/go-tree-sitter"

	"github.com/pyworkers/pyworkers-lsp/internal/workergen"
)

// sameNodes compares two trees node by node: type, byte and point ranges,
// flags and children.
func sameNodes(a, b *sitter.Node) error {
	if a.Type() != b.Type() || a.StartByte() != b.StartByte() || a.EndByte() != b.EndByte() ||
		a.StartPoint() != b.StartPoint() || a.EndPoint() != b.EndPoint() || a.IsNamed() != b.IsNamed() ||
		a.IsMissing() != b.IsMissing() || a.IsExtra() != b.IsExtra() || a.HasError() != b.HasError() || a.ChildCount() != b.ChildCount() {
		return fmt.Errorf("%s %d-%d %v-%v (%d children) vs %s %d-%d %v-%v (%d children)",
			a.Type(), a.StartByte(), a.EndByte(), a.StartPoint(), a.EndPoint(), a.ChildCount(),
			b.Type(), b.StartByte(), b.EndByte(), b.StartPoint(), b.EndPoint(), b.ChildCount())
	}
	for i := range int(a.ChildCount()) {
		if err := sameNodes(a.Child(i), b.Child(i)); err != nil {
			return err
		}
	}
	return nil
}

// TestJoinEqualsWholeParse cuts every Python file of testdata and two
// generated modules at every line that starts at column 0 with a name or
// a decorator, parses the parts apart as source.parseHalves does (the
// first keeps the white space before the cut, the second starts with
// it), and holds the joined tree equal, node by node, to a parse of the
// whole text whenever neither part has a syntax error.
func TestJoinEqualsWholeParse(t *testing.T) {
	files := map[string][]byte{"flat": workergen.FlatModule(300), "worker": workergen.Module(300)}
	paths, _ := filepath.Glob("../../../../testdata/*/*/*.py")
	more, _ := filepath.Glob("../../../../testdata/*/*/*/*.py")
	for _, path := range append(paths, more...) {
		if b, err := os.ReadFile(path); err == nil && len(b) < 1<<20 {
			files[path] = b
		}
	}
	if len(files) < 50 {
		t.Fatalf("only %d files to cut", len(files))
	}
	p := newParser()
	defer p.Close()
	parse := func(text []byte) *sitter.Tree {
		tree, err := p.ParseCtx(context.Background(), nil, text)
		if err != nil {
			t.Fatal(err)
		}
		return tree
	}
	joined, skipped := 0, 0
	for name, text := range files {
		whole := parse(text)
		for at := 1; at < len(text); at++ {
			c := text[at]
			if text[at-1] != '\n' || !(c == '_' || c == '@' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z') {
				continue
			}
			ws := 0
			for ws < at && (text[at-1-ws] == '\n' || text[at-1-ws] == ' ' || text[at-1-ws] == '\t' || text[at-1-ws] == '\r' || text[at-1-ws] == '\f') {
				ws++
			}
			a, b := parse(text[:at]), parse(text[at-ws:])
			if a.RootNode().HasError() || b.RootNode().HasError() {
				skipped++
			} else if pad := EndPadding(a); pad != ws {
				t.Errorf("%s, cut at %d: the first part ends with %d bytes of white space, its tree's end-of-input leaf holds %d", name, at, ws, pad)
			} else if j, ok := Join(a, b); !ok {
				t.Errorf("%s, cut at %d: Join refused", name, at)
			} else {
				joined++
				if err := sameNodes(j.RootNode(), whole.RootNode()); err != nil {
					t.Errorf("%s, cut at %d (%q): joined tree differs from the whole's: %v", name, at, text[at:min(at+30, len(text))], err)
				}
				j.Close()
			}
			a.Close()
			b.Close()
		}
		whole.Close()
	}
	t.Logf("%d files: %d cuts joined, %d with a syntax error in a part", len(files), joined, skipped)
	if joined < 500 {
		t.Errorf("only %d cuts joined", joined)
	}
}
