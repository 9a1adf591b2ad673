package reparse

import (
	"bytes"
	"context"
	"fmt"
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

// corpus returns the Python files of testdata and two generated modules.
func corpus(t *testing.T) []workergen.File {
	files := workergen.Corpus("../../../../testdata", 300)
	if len(files) < 50 {
		t.Fatalf("only %d files to cut", len(files))
	}
	return files
}

func mustParse(t *testing.T, p *sitter.Parser, text []byte) *sitter.Tree {
	t.Helper()
	tree, err := p.ParseCtx(context.Background(), nil, text)
	if err != nil {
		t.Fatal(err)
	}
	return tree
}

// spaceBefore is the length of the white space before at.
func spaceBefore(text []byte, at int) int {
	ws := 0
	for ws < at && bytes.IndexByte([]byte(" \t\r\n\f"), text[at-1-ws]) >= 0 {
		ws++
	}
	return ws
}

// nameStart reports whether a statement line can start with c.
func nameStart(c byte) bool {
	return c == '_' || c == '@' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z'
}

// checkCut holds the tree join makes from a and b, the parts of text cut
// at at (with ws bytes of white space before it), equal to whole, the
// tree of the whole text. It returns false, without joining, when a part
// has a syntax error, and closes a and b.
func checkCut(t *testing.T, name string, text []byte, at, ws int, whole, a, b *sitter.Tree, join func() (*sitter.Tree, bool)) bool {
	t.Helper()
	defer a.Close()
	defer b.Close()
	if a.RootNode().HasError() || b.RootNode().HasError() {
		return false
	}
	if pad := EndPadding(a); pad != ws {
		t.Errorf("%s, cut at %d: the first part ends with %d bytes of white space, its tree's end-of-input leaf holds %d", name, at, ws, pad)
		return true
	}
	j, ok := join()
	if !ok {
		t.Errorf("%s, cut at %d: the trees were not joined", name, at)
		return true
	}
	defer j.Close()
	if err := sameNodes(j.RootNode(), whole.RootNode()); err != nil {
		t.Errorf("%s, cut at %d (%q): the joined tree differs from the whole's: %v", name, at, text[at:min(at+30, len(text))], err)
	}
	return true
}

// TestJoinEqualsWholeParse cuts every Python file of testdata and two
// generated modules at every line that starts at column 0 with a name or
// a decorator, parses the parts apart as source.parseHalves does (the
// first keeps the white space before the cut, the second starts with
// it), and holds the joined tree equal, node by node, to a parse of the
// whole text whenever neither part has a syntax error.
func TestJoinEqualsWholeParse(t *testing.T) {
	files := corpus(t)
	p := newParser()
	defer p.Close()
	parse := func(text []byte) *sitter.Tree { return mustParse(t, p, text) }
	joined, skipped := 0, 0
	for _, f := range files {
		name, text := f.Name, f.Text
		whole := parse(text)
		for at := 1; at < len(text); at++ {
			if text[at-1] != '\n' || !nameStart(text[at]) {
				continue
			}
			ws := spaceBefore(text, at)
			a, b := parse(text[:at]), parse(text[at-ws:])
			if checkCut(t, name, text, at, ws, whole, a, b, func() (*sitter.Tree, bool) { return Join(a, b) }) {
				joined++
			} else {
				skipped++
			}
		}
		whole.Close()
	}
	t.Logf("%d files: %d cuts joined, %d with a syntax error in a part", len(files), joined, skipped)
	if joined < 500 {
		t.Errorf("only %d cuts joined", joined)
	}
}

// TestJoinClassEqualsWholeParse cuts the body of every class of testdata
// and of the generated Worker whose header is one line, at every line of
// the body's indentation that starts with a name or a decorator, parses
// the parts as source.parseHalves does (the second with only the text up
// to the header's colon and from the cut's white space included), and
// holds the tree JoinClass makes equal, node by node, to a parse of the
// whole text whenever neither part has a syntax error.
func TestJoinClassEqualsWholeParse(t *testing.T) {
	files := corpus(t)
	p := newParser()
	defer p.Close()
	joined, skipped := 0, 0
	for _, f := range files {
		name, text := f.Name, f.Text
		whole := mustParse(t, p, text)
		for _, class := range classes(text) {
			for _, at := range class.lines {
				ws := spaceBefore(text, at)
				a := mustParse(t, p, text[:at])
				rows := uint32(bytes.Count(text[class.header:at-ws], []byte("\n")))
				col := uint32(at - ws - (bytes.LastIndexByte(text[:at-ws], '\n') + 1))
				if rows == 0 {
					col = uint32(at - ws - class.header)
				}
				p.SetIncludedRanges([]sitter.Range{
					{StartByte: 0, EndByte: uint32(class.header), EndPoint: pointAt(text, class.header)},
					{StartByte: uint32(at - ws), EndByte: uint32(len(text)), StartPoint: pointAt(text, at-ws), EndPoint: pointAt(text, len(text))},
				})
				b := mustParse(t, p, text)
				p.SetIncludedRanges(WholeText)
				if checkCut(t, name, text, at, ws, whole, a, b, func() (*sitter.Tree, bool) {
					return JoinClass(a, b, class.start, at-ws-class.header, rows, col)
				}) {
					joined++
				} else {
					skipped++
				}
			}
		}
		whole.Close()
	}
	t.Logf("%d class body cuts joined, %d with a syntax error in a part", joined, skipped)
	if joined < 80 {
		t.Errorf("only %d cuts joined", joined)
	}
}

func pointAt(text []byte, at int) sitter.Point {
	return sitter.Point{Row: uint32(bytes.Count(text[:at], []byte("\n"))), Column: uint32(at - (bytes.LastIndexByte(text[:at], '\n') + 1))}
}

type classLines struct {
	start, header int   // the class keyword, the end of the header line's colon
	lines         []int // starts of the body lines at its indentation starting with a name or "@"
}

// classes finds the top-level classes of text with a one-line header.
func classes(text []byte) []classLines {
	var out []classLines
	for start := 0; start < len(text); {
		eol := bytes.IndexByte(text[start:], '\n')
		if eol < 0 {
			break
		}
		eol += start
		if bytes.HasPrefix(text[start:], []byte("class ")) && eol > start && text[eol-1] == ':' {
			c := classLines{start: start, header: eol}
			indent := ""
			for p := eol + 1; p < len(text); {
				q := bytes.IndexByte(text[p:], '\n')
				if q < 0 {
					q = len(text) - p
				}
				line := text[p : p+q]
				trimmed := bytes.TrimLeft(line, " \t")
				if len(trimmed) > 0 && len(trimmed) == len(line) && trimmed[0] != '#' {
					break // back at column 0: the class ended
				}
				if len(trimmed) > 0 && indent == "" {
					indent = string(line[:len(line)-len(trimmed)])
				}
				if indent != "" && bytes.HasPrefix(line, []byte(indent)) && len(line) > len(indent) && nameStart(line[len(indent)]) && p > eol+1 {
					c.lines = append(c.lines, p)
				}
				p += q + 1
			}
			out = append(out, c)
		}
		start = eol + 1
	}
	return out
}
