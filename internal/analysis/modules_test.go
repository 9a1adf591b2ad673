package analysis_test

import (
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/pyworkers/pyworkers-lsp/internal/analysis"
	"github.com/pyworkers/pyworkers-lsp/internal/analysis/profile"
	"github.com/pyworkers/pyworkers-lsp/internal/analysis/semantic"
	"github.com/pyworkers/pyworkers-lsp/internal/analysis/source"
)

// TestImportedSummaryInvalidates shows a finding that depends on another
// module's summary: PW204 at a call of a helper that binds its parameter
// goes away, with the same unit cache, once the helper checks for None —
// the helper's facts are part of the importing module's key.
func TestImportedSummaryInvalidates(t *testing.T) {
	dir := t.TempDir()
	helper := filepath.Join(dir, "notes.py")
	write := func(body string) {
		t.Helper()
		if err := os.WriteFile(helper, []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	write("async def save(db, note):\n    await db.prepare('q').bind(note).run()\n")
	main := filepath.Join(dir, "main.py")
	text := []byte("from notes import save\nfrom workers import WorkerEntrypoint\n\nclass Default(WorkerEntrypoint):\n    async def fetch(self, request):\n        data = await request.json()\n        await save(self.env.DB, data.get('n'))\n")
	prof, _ := profile.Resolve(profile.Input{CompatDate: "2025-11-01", ConfigFile: "wrangler.toml"})
	doc := source.Open("file://"+main, 1, text, true)
	defer doc.Close()
	cache := analysis.NewCache()
	modules := analysis.NewModules()
	count := func() int {
		snap := doc.Snapshot()
		defer snap.Close()
		res := analysis.Analyze(analysis.Input{Snapshot: snap, Profile: prof, Path: main, Modules: modules}, cache)
		n := 0
		for _, d := range res.Diagnostics {
			if d.Code == "PW204" {
				n++
			}
		}
		return n
	}
	if n := count(); n != 1 {
		t.Fatalf("helper binds its parameter: %d PW204, want 1", n)
	}
	write("async def save(db, note):\n    if note is None:\n        note = ''\n    await db.prepare('q').bind(note).run()\n")
	// A new modification time even on coarse file systems.
	later := time.Now().Add(2 * time.Second)
	if err := os.Chtimes(helper, later, later); err != nil {
		t.Fatal(err)
	}
	if n := count(); n != 0 {
		t.Fatalf("helper checks for None: %d PW204, want 0", n)
	}
}

// TestOverlaidModuleWins: an open buffer of the helper (unsaved edits)
// replaces its file on disk in the summaries the importer reads, and the
// importer's cached units follow the buffer's changes.
func TestOverlaidModuleWins(t *testing.T) {
	dir := t.TempDir()
	helper := filepath.Join(dir, "notes.py")
	binds := "async def save(db, note):\n    await db.prepare('q').bind(note).run()\n"
	checks := "async def save(db, note):\n    if note is None:\n        note = ''\n    await db.prepare('q').bind(note).run()\n"
	if err := os.WriteFile(helper, []byte(checks), 0o644); err != nil {
		t.Fatal(err)
	}
	main := filepath.Join(dir, "main.py")
	text := []byte("from notes import save\nfrom workers import WorkerEntrypoint\n\nclass Default(WorkerEntrypoint):\n    async def fetch(self, request):\n        data = await request.json()\n        await save(self.env.DB, data.get('n'))\n")
	prof, _ := profile.Resolve(profile.Input{CompatDate: "2025-11-01", ConfigFile: "wrangler.toml"})
	doc := source.Open("file://"+main, 1, text, true)
	defer doc.Close()
	cache := analysis.NewCache()
	disk := analysis.NewModules()
	count := func(buffer string) (int, bool) {
		snap := doc.Snapshot()
		defer snap.Close()
		modules := disk.Overlaid(func(path string) ([]byte, bool) {
			if path == helper && buffer != "" {
				return []byte(buffer), true
			}
			return nil, false
		})
		res := analysis.Analyze(analysis.Input{Snapshot: snap, Profile: prof, Path: main, Modules: modules}, cache)
		n := 0
		for _, d := range res.Diagnostics {
			if d.Code == "PW204" {
				n++
			}
		}
		return n, analysis.Imports(res.Module, main, "", helper)
	}
	for _, step := range []struct {
		buffer string
		want   int
	}{{"", 0}, {binds, 1}, {checks, 0}, {binds, 1}, {"", 0}} {
		n, imports := count(step.buffer)
		if n != step.want {
			t.Errorf("buffer %q: %d PW204, want %d", step.buffer, n, step.want)
		}
		if !imports {
			t.Errorf("main.py imports from %s, Imports says no", helper)
		}
	}
	if analysis.Imports(nil, main, "", helper) || analysis.Imports(&semantic.Module{}, main, "", filepath.Join(dir, "other.py")) {
		t.Error("Imports reports an import that is not there")
	}
}
