package server

import (
	"bytes"
	"testing"

	"github.com/pyworkers/pyworkers-lsp/internal/workergen"
)

// TestTypingScenariosEqualFresh types, keystroke by keystroke, the edits
// that change module facts (a new top-level function, a new method of
// the Worker's class at its end and between two, an import added then
// removed, a function renamed by typing over its name) into an open
// module, and checks after each scenario, and every few keystrokes, that
// the diagnostics published for the version equal a fresh server's on
// the same text (and that the incremental tree equals a fresh parse).
func TestTypingScenariosEqualFresh(t *testing.T) {
	root := t.TempDir()
	text := workergen.Module(400)
	r := startRig(t, root)
	const uri = "file:///work/typing.py"
	if err := r.c.Open(uri, 1, text); err != nil {
		t.Fatal(err)
	}
	version := int32(1)
	// typeAt types s at byte offset at, one character per didChange.
	typeAt := func(at int, s string) {
		for i := range len(s) {
			version++
			line, col := lineCol(text, at+i)
			must(t, r.c.Change(uri, version, line, col, line, col, s[i:i+1]))
			text = append(text[:at+i:at+i], append([]byte(s[i:i+1]), text[at+i:]...)...)
			if i%16 == 15 {
				r.waitVersion(uri, version)
				checkFresh(t, r, root, uri, text, version)
			}
		}
		r.waitVersion(uri, version)
		checkFresh(t, r, root, uri, text, version)
	}
	// deleteAt removes n bytes at offset at, one character per didChange.
	deleteAt := func(at, n int) {
		for range n {
			version++
			line, col := lineCol(text, at)
			el, ec := lineCol(text, at+1)
			must(t, r.c.Change(uri, version, line, col, el, ec, ""))
			text = append(text[:at:at], text[at+1:]...)
		}
		r.waitVersion(uri, version)
		checkFresh(t, r, root, uri, text, version)
	}
	// A new top-level function at the end of the module.
	typeAt(len(text), "\ndef typed_total(rows):\n    return sum(r['n'] for r in rows)\n")
	// A new method at the end of the Worker's class body (before the
	// first top-level statement after `class Default`).
	class := bytes.Index(text, []byte("class Default("))
	after := bytes.Index(text[class:], []byte("\n\n\n"))
	if class < 0 || after < 0 {
		t.Fatal("no class Default followed by a blank line in the generated module")
	}
	typeAt(class+after+1, "    async def typed_method(self, request):\n        return await self.env.DB.prepare('q').bind(None).run()\n")
	// A new method on a new line between two of the class's, its body
	// broken above a dedent on most keystrokes.
	mid := bytes.Index(text, []byte("\n    async def route_jobs_10("))
	if mid < 0 {
		t.Fatal("no method route_jobs_10 in the generated module")
	}
	typeAt(mid, "\n    async def typed_between(self, request):\n        rows = await self.env.DB.prepare('q').all()\n        return to_js(rows)\n")
	// An import added, then removed.
	typeAt(0, "import js\n")
	deleteAt(0, len("import js\n"))
	// A function renamed by typing over its name.
	def := bytes.Index(text, []byte("def json_response("))
	deleteAt(def+len("def "), len("json_response"))
	typeAt(def+len("def "), "json_reply")
}

// lineCol is the UTF-16 position of a byte offset in ASCII text.
func lineCol(text []byte, at int) (int, int) {
	line := bytes.Count(text[:at], []byte("\n"))
	return line, at - (bytes.LastIndexByte(text[:at], '\n') + 1)
}
