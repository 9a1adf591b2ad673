package analysis

import (
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/pyworkers/pyworkers-lsp/internal/analysis/profile"
	"github.com/pyworkers/pyworkers-lsp/internal/analysis/source"
)

// workerClass opens a Worker class of 40 methods with a cache, and
// returns its text and a function analysing the document's current text.
func workerClass(t *testing.T) (string, *source.Document, *Cache, func() Result) {
	var b strings.Builder
	b.WriteString("from workers import WorkerEntrypoint, Response\n\nclass Default(WorkerEntrypoint):\n")
	for i := 0; i < 40; i++ {
		fmt.Fprintf(&b, "    async def route_%d(self, request):\n        return Response(%q)\n\n", i, "ok")
	}
	text := b.String()
	doc := source.Open("file:///w.py", 1, []byte(text), true)
	t.Cleanup(doc.Close)
	cache := NewCache()
	return text, doc, cache, func() Result {
		snap := doc.Snapshot()
		defer snap.Close()
		return Analyze(Input{Snapshot: snap, Profile: profile.Default()}, cache)
	}
}

// TestCacheSweepsStaleEntries types into one method many times: each edit
// leaves the previous text's entry unused. Unused entries are kept while
// the cache holds at most twice the units in use (plus a few), then swept,
// and every edit re-analyses only the edited unit.
func TestCacheSweepsStaleEntries(t *testing.T) {
	text, doc, cache, run := workerClass(t)
	units := run().Units
	at := strings.Index(text, `"ok"`) + 1
	for i := 0; i < 200; i++ {
		doc.Edit(at+i, at+i, []byte("x"))
		if res := run(); res.Analyzed != 1 {
			t.Fatalf("edit %d: %d units re-analysed, want 1", i, res.Analyzed)
		}
		results := 0
		for _, e := range cache.byText {
			results += len(e.results)
		}
		if bound := 2*units + 64; len(cache.byText) > bound || results > maxContexts*bound {
			t.Fatalf("edit %d: %d entries holding %d results cached for %d units", i, len(cache.byText), results, units)
		}
	}
	// A new import no unit reads re-analyses only its own unit.
	doc.Edit(0, 0, []byte("import js\n"))
	if res := run(); res.Analyzed != 1 {
		t.Fatalf("after an unused import, %d of %d units re-analysed, want 1", res.Analyzed, res.Units)
	}
	// Rebinding a name every method reads re-analyses those methods (and
	// the new statement), not the class header; their findings under the
	// old binding are kept beside the new ones, so undoing the edit
	// re-analyses nothing.
	end := len(doc.Text())
	rebind := "\nfrom js import Response\n"
	doc.Edit(end, end, []byte(rebind))
	res := run()
	if res.Analyzed < 41 || res.Analyzed >= res.Units {
		t.Fatalf("after rebinding Response, %d of %d units re-analysed, want the 40 methods and the import", res.Analyzed, res.Units)
	}
	doc.Edit(end, end+len(rebind), nil)
	if res := run(); res.Analyzed != 0 {
		t.Fatalf("after undoing the rebinding, %d of %d units re-analysed, want none", res.Analyzed, res.Units)
	}
	for _, e := range cache.byText {
		if len(e.results) > maxContexts {
			t.Fatalf("an entry holds %d results, more than %d", len(e.results), maxContexts)
		}
	}
}

// TestCacheKeepsUnitsAnEditHid splits a class halfway (a class header
// typed at column 0 above a method takes the methods after it into a new
// class, as typing one goes through) and mends it: the units the edit
// changed are found again in the cache.
func TestCacheKeepsUnitsAnEditHid(t *testing.T) {
	text, doc, _, run := workerClass(t)
	run()
	at := strings.Index(text, "    async def route_20(")
	stmt := "class Other:\n"
	doc.Edit(at, at, []byte(stmt))
	split := run()
	if split.Analyzed < 10 {
		t.Fatalf("the split class re-analysed %d units: the edit no longer changes the units after it", split.Analyzed)
	}
	doc.Edit(at, at+len(stmt), nil)
	if res := run(); res.Analyzed != 0 {
		t.Fatalf("mending the class re-analysed %d of %d units, want none", res.Analyzed, res.Units)
	}
}

// TestListingAfterABlankAwayFromTheEdit: deleting the last line of a
// module unblanks a header above it (a def at column 0 whose body the
// deleted line contradicted is read as a blank line, resync.go), outside
// the bytes the edit changed. The units must be listed from the tree, not
// taken from the previous listing there: the function reappears, with
// its finding.
func TestListingAfterABlankAwayFromTheEdit(t *testing.T) {
	text := "import js\n\n\ndef test():\n    x = 1\n\ndef on_fetch(request, env):\n    pass\n  y = 2\n"
	doc := source.Open("file:///w.py", 1, []byte(text), true)
	defer doc.Close()
	cache := NewCache()
	analyse := func(c *Cache) []string {
		snap := doc.Snapshot()
		defer snap.Close()
		var out []string
		for _, d := range Analyze(Input{Snapshot: snap, Profile: profile.Default()}, c).Diagnostics {
			out = append(out, fmt.Sprintf("%d %s", d.Start, d.Code))
		}
		return out
	}
	analyse(cache)
	at := strings.Index(text, "  y = 2\n")
	doc.Edit(at, len(text), nil)
	inc, fresh := analyse(cache), analyse(nil)
	if !slices.Equal(inc, fresh) {
		t.Fatalf("after the edit the cached analysis reports %v, a fresh one %v", inc, fresh)
	}
	if !slices.ContainsFunc(fresh, func(s string) bool { return strings.HasSuffix(s, "PW101") }) {
		t.Fatalf("no PW101 for the module-level on_fetch: %v", fresh)
	}
}
