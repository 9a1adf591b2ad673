package source

import (
	"bytes"
	"fmt"
	"math/rand"
	"testing"

	"github.com/pyworkers/pyworkers-lsp/internal/workergen"
)

// lineStarts returns the offsets of the lines of text that start with
// one of the prefixes (statement boundaries of the generated modules).
func lineStarts(text []byte, prefixes ...string) []int {
	var out []int
	for off := 0; off < len(text); {
		for _, p := range prefixes {
			if bytes.HasPrefix(text[off:], []byte(p)) {
				out = append(out, off)
				break
			}
		}
		nl := bytes.IndexByte(text[off:], '\n')
		if nl < 0 {
			break
		}
		off += nl + 1
	}
	return out
}

// TestStatementEditsMatchFullParse pastes, deletes and breaks whole
// statements at statement boundaries of generated modules and compares
// the tree with a fresh parse after each.
func TestStatementEditsMatchFullParse(t *testing.T) {
	shapes := map[string]struct {
		text   []byte
		starts []string
	}{
		"flat":   {workergen.FlatModule(400), []string{"def ", "async def ", "class "}},
		"worker": {workergen.Module(400), []string{"    async def ", "class ", "def "}},
	}
	for name, sh := range shapes {
		t.Run(name, func(t *testing.T) {
			r := rand.New(rand.NewSource(int64(len(name))))
			doc := Open("file:///w.py", 1, sh.text, true)
			defer doc.Close()
			for step := 0; step < 40; step++ {
				text := doc.Text()
				starts := lineStarts(text, sh.starts...)
				i := r.Intn(len(starts) - 1)
				a, b := starts[i], starts[i+1]
				var desc string
				switch step % 4 {
				case 0: // paste a copy of the statement before itself
					doc.Edit(a, a, text[a:b])
					desc = "paste"
				case 1: // delete it
					doc.Edit(a, b, nil)
					desc = "delete"
				case 2: // break it, then mend it
					doc.Edit(a, a, []byte("x"))
					desc = "break"
				default: // change its indentation
					doc.Edit(a, a, []byte("    "))
					desc = "indent"
				}
				want := doc.Text()
				full, broken := fullParse(want)
				root := doc.Tree().RootNode()
				if broken {
					if !root.HasError() {
						t.Fatalf("step %d (%s at %d): fresh parse has errors, incremental tree has none", step, desc, a)
					}
				} else if got := root.String(); got != full {
					t.Fatalf("step %d (%s at %d): incremental tree differs from a fresh parse", step, desc, a)
				}
				if desc == "break" || desc == "indent" {
					doc.Edit(a, a+len(want)-len(text), nil)
				}
			}
		})
	}
}

// BenchmarkPasteReparse pastes a function at a statement boundary in the
// middle of a module and removes it again (the editing benchmark's paste
// scenario). Such an edit often costs a large part of a fresh parse, not
// the few milliseconds of typing inside a statement: when the reparse
// meets the old tree again right after the zero-width newline and dedent
// tokens at the boundary, its external scanner state (the indent stack)
// differs from the one the old node was parsed with, and tree-sitter then
// skips that node (a hidden repetition node, which may span much of the
// rest of the module) instead of descending into it (parser.c,
// ts_parser__reuse_node, "reusable_node_has_different_external_scanner_state").
func BenchmarkPasteReparse(b *testing.B) {
	for _, lines := range []int{5000, 20000} {
		b.Run(fmt.Sprintf("lines=%d", lines), func(b *testing.B) {
			text := workergen.FlatModule(lines)
			starts := lineStarts(text, "def ", "async def ")
			k := len(starts) / 2
			at, end := starts[k], starts[k+1]
			chunk := bytes.Clone(text[at:end])
			doc := Open("file:///w.py", 1, text, true)
			defer doc.Close()
			b.ResetTimer()
			for i := 0; i < b.N; i++ {
				if i%2 == 0 {
					doc.Edit(at, at, chunk)
				} else {
					doc.Edit(at, at+len(chunk), nil)
				}
			}
		})
	}
}
