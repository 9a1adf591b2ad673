package syntax

import (
	"strings"
	"testing"
)

func TestSplitPoint(t *testing.T) {
	fn := func(name string) string { return "def " + name + "():\n    return 1\n\n\n" }
	many := func(n int) string {
		var b strings.Builder
		for i := range n {
			b.WriteString(fn("f" + strings.Repeat("x", i%3)))
		}
		return b.String()
	}
	for _, c := range []struct {
		name, text string
		// want is the text at the cut (its first bytes); "" for none.
		want string
		ws   int
	}{
		{"functions", many(10), "def ", 3},
		{"one class", "class A:\n    " + strings.ReplaceAll(many(10), "\n", "\n    "), "    def ", 11},
		{"class header over two lines", "class A(\n    B):\n    " + strings.ReplaceAll(many(10), "\n", "\n    "), "", 0},
		{"function spanning the middle", "def f():\n" + strings.Repeat("    x = 1\n", 20), "", 0},
		{"clauses are skipped", "try:\n    x = 1\n" + strings.Repeat("    x = 1\n", 10) + "except E:\n    pass\n" + strings.Repeat("    y = 2\n", 10) + "finally:\n    pass\nz = 3\n", "", 0},
		{"decorator", strings.Repeat("x = 1\n", 10) + "\n@dec\ndef f():\n    pass\n" + strings.Repeat("    y = 2\n", 9), "@dec", 2},
		{"before the middle", strings.Repeat("x = 1\n", 6) + "y = [\n" + strings.Repeat("    1,\n", 12) + "]\n", "y = [", 1},
		{"elsewhere", "elsewhere = 1\n" + strings.Repeat(" x = 1\n", 10) + "else_ = 2\n" + strings.Repeat(" y = 1\n", 10), "else_", 1},
	} {
		cut := SplitPoint([]byte(c.text))
		at, ws := cut.At, cut.WS
		if class := strings.HasPrefix(c.want, " "); at > 0 && class != (cut.Header > 0) {
			t.Errorf("%s: cut in a class body = %v, want %v", c.name, cut.Header > 0, class)
		}
		if cut.Header > 0 && (c.text[cut.Class:cut.Class+6] != "class " || c.text[cut.Header-1] != ':') {
			t.Errorf("%s: class at %d, header ending at %d", c.name, cut.Class, cut.Header)
		}
		got := ""
		if at > 0 {
			got = c.text[at:min(at+len(c.want), len(c.text))]
			if c.text[at-1] != '\n' {
				t.Errorf("%s: cut at %d is not a line start", c.name, at)
			}
		}
		if got != c.want || ws != c.ws {
			t.Errorf("%s: cut at %d (%q), ws %d; want %q, ws %d", c.name, at, got, ws, c.want, c.ws)
		}
		if at > 0 && (at < len(c.text)/4 || at > len(c.text)*3/4) {
			t.Errorf("%s: cut at %d of %d, not near the middle", c.name, at, len(c.text))
		}
	}
}
