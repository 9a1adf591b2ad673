package source

import (
	"bytes"
	"testing"
)

func TestParserText(t *testing.T) {
	for _, c := range []struct{ in, want string }{
		{"a\nb\n", "a\nb\n"},
		{"a\r\nb\r\n", "a\r\nb\r\n"},
		{"a\rb\r", "a\nb\n"},
		{"a\r\r\nb\rc", "a\n\r\nb\nc"},
		{"\r", "\n"},
	} {
		in := []byte(c.in)
		got := ParserText(in)
		if string(got) != c.want {
			t.Errorf("ParserText(%q) = %q, want %q", c.in, got, c.want)
		}
		if string(in) != c.in {
			t.Errorf("ParserText(%q) changed its input to %q", c.in, in)
		}
	}
	lf := []byte("x = 1\n")
	if got := ParserText(lf); &got[0] != &lf[0] {
		t.Errorf("text without CR was copied")
	}
}

// A lone-CR file parses as the same lines as its "\n" twin: the tree has
// a statement per line and no error.
func TestLoneCRParsesAsLines(t *testing.T) {
	lf := []byte("def f(a):\n    return a\n\n\nclass C:\n    x = 1\n")
	cr := bytes.ReplaceAll(lf, []byte("\n"), []byte("\r"))
	d := Open("file:///cr.py", 1, cr, true)
	defer d.Close()
	root := d.Tree().RootNode()
	if root.HasError() {
		t.Fatalf("lone-CR text parses with errors: %s", root.String())
	}
	if n := root.NamedChildCount(); n != 2 {
		t.Errorf("%d top-level statements, want 2: %s", n, root.String())
	}
	if got := root.NamedChild(1).StartPoint().Row; got != 4 {
		t.Errorf("class starts on row %d, want 4", got)
	}
	// Incremental edit keeps the view: insert a line at the start.
	d.Edit(0, 0, []byte("import os\r"))
	if root := d.Tree().RootNode(); root.HasError() || root.NamedChildCount() != 3 {
		t.Errorf("after an edit: %s", root.String())
	}
}

// A text over MaxParseSize gets an empty module's tree; an edit that
// brings it under the limit parses it.
func TestOverMaxParseSizeNotParsed(t *testing.T) {
	big := append([]byte("def f(:\n"), bytes.Repeat([]byte("x = 1\n"), MaxParseSize/6+1)...)
	d := Open("file:///big.py", 1, big, true)
	defer d.Close()
	if !d.Unparsed() || d.Tree().RootNode().EndByte() != 0 {
		t.Fatalf("over the limit: unparsed=%v, tree ends at %d", d.Unparsed(), d.Tree().RootNode().EndByte())
	}
	d.Edit(8, len(big), nil)
	if d.Unparsed() || !d.Tree().RootNode().HasError() || d.Tree().RootNode().EndByte() != 8 {
		t.Errorf("back under the limit: unparsed=%v tree %s", d.Unparsed(), d.Tree().RootNode().String())
	}
}

// An edit just after a lone "\r" changes how the parser sees that "\r"
// (a "\n" after it makes a CRLF; deleting one makes it lone again): the
// incremental tree must equal a fresh parse.
func TestEditAfterLoneCR(t *testing.T) {
	text := []byte("if a:\r    x = 1\r    y = 2\r")
	d := Open("file:///cr.py", 1, text, true)
	defer d.Close()
	steps := []struct {
		start, end int
		ins        string
	}{
		{6, 6, "\n"},  // "\r" + "\n": one CRLF line break
		{6, 7, ""},    // lone again
		{6, 6, "z\n"}, // text after the CR
		{6, 8, ""},
	}
	for i, s := range steps {
		d.Edit(s.start, s.end, []byte(s.ins))
		want, _ := fullParse(d.Text())
		if got := d.Tree().RootNode().String(); got != want {
			t.Errorf("step %d (%q): incremental %s\nfresh %s", i, d.Text(), got, want)
		}
	}
}
