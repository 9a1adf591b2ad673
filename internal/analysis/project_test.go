package analysis_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/pyworkers/pyworkers-lsp/internal/analysis"
)

func TestLoadProjectAndNotes(t *testing.T) {
	dir := t.TempDir()
	worker := filepath.Join(dir, "worker")
	if err := os.MkdirAll(filepath.Join(worker, "src"), 0o755); err != nil {
		t.Fatal(err)
	}
	write := func(path, text string) {
		if err := os.WriteFile(path, []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	write(filepath.Join(worker, "wrangler.toml"), "main = \"src/entry.py\"\ncompatibility_date = \"2025-06-01\"\ncompatibility_flags = [\"python_workers\"]\n")
	write(filepath.Join(worker, "pyproject.toml"), "[project]\nname = \"w\"\n\n[tool.pyworkers-lsp]\nignore = [\"PW301\"]\nseverity = { PW206 = \"info\" }\n")
	entry := filepath.Join(worker, "src", "entry.py")
	text := []byte("import random\n")

	p, err := analysis.LoadProject(entry, dir, nil, "")
	if err != nil {
		t.Fatal(err)
	}
	if p.Profile.Default || p.Profile.Runtime.Pyodide != "0.26.0a2" || p.Profile.Main != entry {
		t.Fatalf("profile = %+v", p.Profile)
	}
	if len(p.Options.Ignore) != 1 || p.Options.Ignore[0] != "PW301" {
		t.Errorf("options from pyproject = %+v", p.Options)
	}
	if notes := analysis.ProjectNotes(text, p, p.Options); notes != nil {
		t.Errorf("a configured Worker got notes: %v", notes)
	}
	// An editor override of the runtime wins over the config.
	if p, _ := analysis.LoadProject(entry, dir, nil, "314"); p.Profile.Runtime.Python != "3.14" {
		t.Errorf("override ignored: %s", p.Profile.Runtime)
	}
	// Unsaved buffers win over the disk.
	overlay := func(path string) ([]byte, bool) {
		if path == filepath.Join(worker, "wrangler.toml") {
			return []byte("main = \"src/entry.py\"\ncompatibility_date = \"2025-11-01\"\n"), true
		}
		return nil, false
	}
	if p, _ := analysis.LoadProject(entry, dir, overlay, ""); p.Profile.Runtime.Pyodide != "0.28.2" {
		t.Errorf("overlay ignored: %s", p.Profile.Runtime)
	}

	// A file outside any Worker gets the default profile and a PW002 note.
	lone := filepath.Join(dir, "script.py")
	p, err = analysis.LoadProject(lone, dir, nil, "")
	if err != nil {
		t.Fatal(err)
	}
	notes := analysis.ProjectNotes(text, p, p.Options)
	if len(notes) != 1 || notes[0].Code != "PW002" || notes[0].End != len("import random") || !strings.Contains(notes[0].Message, "no wrangler") {
		t.Fatalf("notes = %+v", notes)
	}
	if p, _ := analysis.LoadProject(lone, dir, nil, "0.26"); p.Profile.Runtime.Pyodide != "0.26.0a2" || !p.Profile.Default {
		t.Errorf("override without a config: %s (default %v)", p.Profile.Runtime, p.Profile.Default)
	}
	if analysis.ProjectNotes(text, p, &analysis.Options{Ignore: []string{"PW002"}}) != nil {
		t.Error("ignored PW002 still reported")
	}
}
