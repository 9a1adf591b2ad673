package analysis_test

import (
	"bytes"
	"reflect"
	"testing"

	"github.com/pyworkers/pyworkers-lsp/analysis"
	"github.com/pyworkers/pyworkers-lsp/analysis/profile"
	"github.com/pyworkers/pyworkers-lsp/analysis/source"
	"github.com/pyworkers/pyworkers-lsp/bench/workergen"
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
	{"delete a function", workergen.FlatModule, func(text []byte) []edit {
		start := index(text, "async def cached_item_1(")
		end := start + index(text[start+1:], "\ndef ") + 2
		return []edit{{start, end, ""}}
	}},
}

// TestScenariosIncrementalEqualsFresh plays each scenario keystroke by
// keystroke and checks after every edit that the cached analysis equals a
// fresh one of the same text.
func TestScenariosIncrementalEqualsFresh(t *testing.T) {
	for _, sc := range scenarios {
		for pname, prof := range profiles() {
			t.Run(sc.name+"/"+pname, func(t *testing.T) {
				text := sc.gen(600)
				doc := source.Open("file:///w.py", 1, text, true)
				defer doc.Close()
				cache := analysis.NewCache()
				analyze(doc, prof, cache)
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

// TestTypingReanalysesTheEditedUnit is the early cutoff at work: typing a
// new function at the end of a 5,000-line module, or a new method at the
// end of its Worker class, re-analyses the unit being typed (and, while
// the syntax is broken, its neighbour), not the module.
func TestTypingReanalysesTheEditedUnit(t *testing.T) {
	for _, sc := range scenarios[:2] {
		t.Run(sc.name, func(t *testing.T) {
			text := sc.gen(5000)
			doc := source.Open("file:///w.py", 1, text, true)
			defer doc.Close()
			cache := analysis.NewCache()
			first := analyze(doc, profile.Default(), cache)
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
