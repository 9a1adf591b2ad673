package analysis_test

import (
	"bytes"
	"reflect"
	"slices"
	"testing"

	"github.com/pyworkers/pyworkers-lsp/internal/analysis/profile"
	"github.com/pyworkers/pyworkers-lsp/internal/analysis/source"
	"github.com/pyworkers/pyworkers-lsp/internal/workergen"
)

// edit is one change of a scenario: replace [start, end) by text.
type edit struct {
	start, end int
	text       string
}

// typing returns the keystrokes typing s at offset at, one byte each.
func typing(at int, s string) []edit {
	var out []edit
	for i := range len(s) {
		out = append(out, edit{at + i, at + i, s[i : i+1]})
	}
	return out
}

// erasing returns the backspaces deleting [start, end), one byte each.
func erasing(start, end int) []edit {
	var out []edit
	for i := end; i > start; i-- {
		out = append(out, edit{i - 1, i, ""})
	}
	return out
}

// scenario is an editing session on a generated module.
type scenario struct {
	name  string
	gen   func(int) []byte
	edits func(text []byte) []edit
}

// index returns the offset of the first s in text, failing loudly.
func index(text []byte, s string) int {
	i := bytes.Index(text, []byte(s))
	if i < 0 {
		panic("scenario anchor not found: " + s)
	}
	return i
}

// scenarios are the edits of real typing: each changes module-level
// names, a class's methods or imports, which the cache must notice
// without re-analysing what did not read them.
var scenarios = []scenario{
	{"new function", workergen.FlatModule, func(text []byte) []edit {
		return typing(len(text), "\n\nasync def typed_total(env, items):\n    rows = to_js(items)\n    return json_response({\"n\": len(rows)})\n")
	}},
	{"new method", workergen.Module, func(text []byte) []edit {
		return typing(index(text, "\n\nclass Counter("), "\n    async def typed_route(self, request, ident):\n        return json_response({\"id\": ident})\n")
	}},
	{"add and remove import", workergen.Module, func(text []byte) []edit {
		at := index(text, "\nROUTE =")
		imp := "from pyodide.ffi import to_py\n"
		return append(typing(at+1, imp), erasing(at+1, at+1+len(imp))...)
	}},
	{"remove a used import", workergen.Module, func(text []byte) []edit {
		at := index(text, "import to_js, ") + len("import ")
		return erasing(at, at+len("to_js, "))
	}},
	{"shadow an import", workergen.FlatModule, func(text []byte) []edit {
		return typing(len(text), "\n\ndef to_js(value, **kw):\n    return value\n")
	}},
	{"rename function", workergen.FlatModule, func(text []byte) []edit {
		at := index(text, "def json_response") + len("def ")
		out := []edit{{at, at + len("json_response"), "j"}}
		return append(out, typing(at+1, "son_reply")...)
	}},
	{"rename method", workergen.Module, func(text []byte) []edit {
		at := index(text, "def route_cache_1(") + len("def ")
		out := []edit{{at, at + len("route_cache_1"), "o"}}
		return append(out, typing(at+1, "n_fetch")...)
	}},
	{"paste 200 lines", workergen.FlatModule, func(text []byte) []edit {
		chunk := workergen.FlatModule(200)
		return []edit{{len(text) / 2, len(text) / 2, string(chunk[bytes.Index(chunk, []byte("\ndef ")):])}}
	}},
	{"delete a method", workergen.Module, func(text []byte) []edit {
		start := index(text, "    async def route_cache_1(")
		end := start + index(text[start+1:], "    async def ") + 1
		return []edit{{start, end, ""}}
	}},
	{"add and remove import (flat)", workergen.FlatModule, func(text []byte) []edit {
		at := index(text, "import json\n") + len("import json\n")
		imp := "from pyodide.ffi import to_py\n"
		return append(typing(at, imp), erasing(at, at+len(imp))...)
	}},
	{"paste 200 lines of methods, then undo", workergen.Module, func(text []byte) []edit {
		a, b := defBlock(text, index(text, "    async def route_"), 200, methodLine)
		at, _ := defBlock(text, len(text)/2, 1, methodLine)
		return []edit{{at, at, string(text[a:b])}, {at, at + b - a, ""}}
	}},
	{"paste 200 lines of functions, then undo", workergen.FlatModule, func(text []byte) []edit {
		a, b := defBlock(text, len(text)/3, 200, functionLine)
		at, _ := defBlock(text, len(text)/2, 1, functionLine)
		return []edit{{at, at, string(text[a:b])}, {at, at + b - a, ""}}
	}},
	{"delete 50 lines of methods, then undo", workergen.Module, func(text []byte) []edit {
		a, b := defBlock(text, len(text)/2, 50, methodLine)
		return []edit{{a, b, ""}, {a, a, string(text[a:b])}}
	}},
	{"delete 50 lines of functions, then undo", workergen.FlatModule, func(text []byte) []edit {
		a, b := defBlock(text, len(text)/2, 50, functionLine)
		return []edit{{a, b, ""}, {a, a, string(text[a:b])}}
	}},
	{"new function between two", workergen.FlatModule, func(text []byte) []edit {
		// Mostly broken texts: an unfinished header, unclosed brackets.
		at := len(text)/2 + index(text[len(text)/2:], "\nasync def ") + 1
		return typing(at, "async def typed_mid(env, items):\n    rows = to_js(items)\n    return json_response({\"n\": len(rows)})\n\n")
	}},
	{"new method between two", workergen.Module, func(text []byte) []edit {
		// Typed at the next method's name, after its indentation: the
		// first newline leaves that method's header at column 0, ending
		// the class there until the indentation is typed.
		at := len(text)/2 + index(text[len(text)/2:], "\n    async def ") + 5
		return typing(at, "async def typed_mid(self, items):\n        rows = to_js(items)\n        return json_response({\"n\": len(rows)})\n\n    ")
	}},
	{"new function on a new line between two", workergen.FlatModule, func(text []byte) []edit {
		// On the blank line above a definition: the body typed is broken
		// above a dedent on most keystrokes (`rows =`, an unclosed call).
		at := len(text)/2 + index(text[len(text)/2:], "\nasync def ")
		return typing(at, "\nasync def typed_mid(env, items):\n    rows = to_js(items)\n    return json_response({\"n\": len(rows)})\n")
	}},
	{"new method on a new line between two", workergen.Module, func(text []byte) []edit {
		at := len(text)/2 + index(text[len(text)/2:], "\n    async def ")
		return typing(at, "\n    async def typed_mid(self, items):\n        rows = to_js(items)\n        return json_response({\"n\": len(rows)})\n")
	}},
	{"statement typed at column 0 between two methods", workergen.Module, func(text []byte) []edit {
		// Read blank until it is indented (resync.go): the class stays.
		at := len(text)/2 + index(text[len(text)/2:], "\n    async def ")
		return append(typing(at, "\nx = len(ROUTE.pattern)"), typing(at+1, "    ")...)
	}},
	{"new method typed at the start of the next one's line", workergen.Module, func(text []byte) []edit {
		// The next method's header is pushed along its line, then down.
		at := len(text)/2 + index(text[len(text)/2:], "\n    async def ") + 1
		return typing(at, "    async def typed_mid(self, items):\n        rows = to_js(items)\n        return json_response({\"n\": len(rows)})\n\n")
	}},
	{"delete a function", workergen.FlatModule, func(text []byte) []edit {
		start := index(text, "async def cached_item_1(")
		end := start + index(text[start+1:], "\ndef ") + 2
		return []edit{{start, end, ""}}
	}},
}

// methodLine and functionLine recognise the first line of a method of
// the generated Worker class and of a top-level function.
func methodLine(l []byte) bool { return bytes.HasPrefix(l, []byte("    async def route_")) }

func functionLine(l []byte) bool {
	return bytes.HasPrefix(l, []byte("def ")) || bytes.HasPrefix(l, []byte("async def "))
}

// defBlock returns the byte range of whole definitions starting at the
// first definition line at or after from and spanning at least n lines
// (the editing benchmark's paste and delete blocks).
func defBlock(text []byte, from, n int, def func([]byte) bool) (int, int) {
	start, lines := -1, 0
	for off := bytes.LastIndexByte(text[:from], '\n') + 1; off < len(text); {
		end := bytes.IndexByte(text[off:], '\n')
		if end < 0 {
			end = len(text) - off - 1
		}
		if def(text[off : off+end+1]) {
			if start >= 0 && lines >= n {
				return start, off
			}
			if start < 0 {
				start = off
			}
		}
		if start >= 0 {
			lines++
		}
		off += end + 1
	}
	if start < 0 {
		panic("scenario: no definition after the offset")
	}
	return start, len(text)
}

// TestScenariosIncrementalEqualsFresh plays each scenario keystroke by
// keystroke and checks after every edit that the cached analysis equals a
// fresh one of the same text.
func TestScenariosIncrementalEqualsFresh(t *testing.T) {
	for _, sc := range scenarios {
		for pname, prof := range profiles() {
			t.Run(sc.name+"/"+pname, func(t *testing.T) {
				text := sc.gen(600)
				doc, cache, _ := openAnalysed(t, text, prof)
				for i, e := range sc.edits(text) {
					doc.Edit(e.start, e.end, []byte(e.text))
					inc := analyze(doc, prof, cache)
					fresh := analyze(doc, prof, nil)
					if !reflect.DeepEqual(normalize(inc.Diagnostics), normalize(fresh.Diagnostics)) {
						t.Fatalf("edit %d: incremental != fresh\nincremental: %v\nfresh:       %v", i, inc.Diagnostics, fresh.Diagnostics)
					}
				}
			})
		}
	}
}

// TestScenariosEqualFreshParse plays each scenario on a document whose
// tree is reparsed incrementally (reusing unchanged runs of statements,
// see syntax.Reusable) and checks after every edit that the cached
// analysis equals the analysis of a fresh parse of the same text.
func TestScenariosEqualFreshParse(t *testing.T) {
	for _, sc := range scenarios {
		t.Run(sc.name, func(t *testing.T) {
			text := sc.gen(600)
			doc, cache, _ := openAnalysed(t, text, profile.Default())
			for i, e := range sc.edits(text) {
				doc.Edit(e.start, e.end, []byte(e.text))
				inc := analyze(doc, profile.Default(), cache)
				fresh := source.Open("file:///w.py", 1, doc.Text(), true)
				want := analyze(fresh, profile.Default(), nil)
				fresh.Close()
				if !reflect.DeepEqual(normalize(inc.Diagnostics), normalize(want.Diagnostics)) {
					t.Fatalf("edit %d: incremental != fresh parse\nincremental: %v\nfresh:       %v", i, inc.Diagnostics, want.Diagnostics)
				}
			}
		})
	}
}

// TestTypingReanalysesTheEditedUnit is the early cutoff at work: typing a
// new function at the end of a 5,000-line module or between two of its
// functions, or a new method at the end of its Worker class or between
// two, re-analyses the unit being typed (and, while the syntax is broken,
// its neighbour), not the module.
func TestTypingReanalysesTheEditedUnit(t *testing.T) {
	for _, sc := range scenarios {
		// Not typing in front of a def, which moves it (a method to column
		// 0: out of its class).
		if !slices.Contains([]string{"new function", "new method", "new function on a new line between two", "new method on a new line between two"}, sc.name) {
			continue
		}
		t.Run(sc.name, func(t *testing.T) {
			text := sc.gen(5000)
			doc, cache, first := openAnalysed(t, text, profile.Default())
			worst := 0
			for _, e := range sc.edits(text) {
				doc.Edit(e.start, e.end, []byte(e.text))
				worst = max(worst, analyze(doc, profile.Default(), cache).Analyzed)
			}
			if worst > 3 {
				t.Fatalf("a keystroke re-analysed %d of %d units, want at most 3", worst, first.Units)
			}
		})
	}
}

// TestClassAttributeReanalysesItsReaders: a name the Worker class gains
// at class level (a constant typed into it, or a method's body read as
// class-level statements while a header is half-typed) re-analyses the
// units that read that attribute of self, not every method reading some
// other one (self.env).
func TestClassAttributeReanalysesItsReaders(t *testing.T) {
	text := workergen.Module(2000)
	doc, cache, first := openAnalysed(t, text, profile.Default())
	at := index(text, "    async def fetch(self, request):")
	doc.Edit(at, at, []byte("    LIMIT = 10\n"))
	if got := analyze(doc, profile.Default(), cache).Analyzed; got > 2 {
		t.Fatalf("a class-level LIMIT re-analysed %d of %d units, want the new statement alone", got, first.Units)
	}
	doc.Edit(at, at, []byte("    env = None\n"))
	if got := analyze(doc, profile.Default(), cache).Analyzed; got < 10 {
		t.Fatalf("a class-level env re-analysed %d units, want every method reading self.env", got)
	}
}

// TestRenameReanalysesItsCallersLikeAFreshAnalysis: the first keystroke
// of a rename sends every cached unit calling the old name back to the
// rules, flattened again in parallel (over the threshold of
// analysis.parallel); their findings must equal a fresh analysis's, and
// undoing the rename must give the first findings back.
func TestRenameReanalysesItsCallersLikeAFreshAnalysis(t *testing.T) {
	text := workergen.Module(2000)
	doc, cache, first := openAnalysed(t, text, profile.Default())
	at := index(text, "def json_response") + len("def ")
	doc.Edit(at, at+len("json_response"), []byte("j"))
	renamed := analyze(doc, profile.Default(), cache)
	if renamed.Analyzed < 100 {
		t.Fatalf("the rename re-analysed %d units, want every caller of json_response (over 100)", renamed.Analyzed)
	}
	if fresh := analyze(doc, profile.Default(), nil); !reflect.DeepEqual(normalize(renamed.Diagnostics), normalize(fresh.Diagnostics)) {
		t.Fatalf("after the rename, incremental != fresh\nincremental: %v\nfresh:       %v", renamed.Diagnostics, fresh.Diagnostics)
	}
	doc.Edit(at, at+1, []byte("json_response"))
	if back := analyze(doc, profile.Default(), cache); !reflect.DeepEqual(normalize(back.Diagnostics), normalize(first.Diagnostics)) {
		t.Fatalf("undoing the rename did not give the first findings back\ngot:  %v\nwant: %v", back.Diagnostics, first.Diagnostics)
	}
}

// TestScenarioBlocks: the paste and delete scenarios move whole
// definitions of the intended size (at least 200 and 50 lines), inside
// the Worker class for methods.
func TestScenarioBlocks(t *testing.T) {
	worker, flat := workergen.Module(600), workergen.FlatModule(600)
	for _, c := range []struct {
		text  []byte
		from  int
		lines int
		def   func([]byte) bool
	}{
		{worker, index(worker, "    async def route_"), 200, methodLine},
		{worker, len(worker) / 2, 50, methodLine},
		{flat, len(flat) / 3, 200, functionLine},
		{flat, len(flat) / 2, 50, functionLine},
	} {
		a, b := defBlock(c.text, c.from, c.lines, c.def)
		block := c.text[a:b]
		if n := bytes.Count(block, []byte("\n")); n < c.lines || !c.def(block) {
			t.Errorf("block of %d lines starting %q, want at least %d lines of definitions", n, block[:min(40, len(block))], c.lines)
		}
		if bytes.Contains(block, []byte("\nclass ")) {
			t.Errorf("block leaves its class: %q", block)
		}
	}
}
