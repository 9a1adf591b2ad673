package check

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/pyworkers/pyworkers-lsp/internal/analysis/config"
)

// writeFix refuses a file that is a symlink out of the project, and a
// fix whose final bytes no longer parse; the file is left as it was.
func TestWriteFixRefusals(t *testing.T) {
	dir, outside := t.TempDir(), t.TempDir()
	cfg := filepath.Join(dir, "wrangler.toml")
	if err := os.WriteFile(cfg, []byte("name = \"w\"\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	ws := &config.Workspace{Dir: dir, Wrangler: &config.File{Path: cfg}}
	original := []byte("x = 1\n")
	target := filepath.Join(outside, "shared.py")
	if err := os.WriteFile(target, original, 0o644); err != nil {
		t.Fatal(err)
	}
	link := filepath.Join(dir, "shared.py")
	if err := os.Symlink(target, link); err != nil {
		t.Fatal(err)
	}
	if err := writeFix(ws, link, original, []byte("x = 2\n")); err == nil || !strings.Contains(err.Error(), "outside the project") {
		t.Errorf("symlink out of the project: %v", err)
	}
	if got, _ := os.ReadFile(target); string(got) != string(original) {
		t.Errorf("written through the symlink: %q", got)
	}

	inside := filepath.Join(dir, "entry.py")
	if err := os.WriteFile(inside, original, 0o644); err != nil {
		t.Fatal(err)
	}
	if err := writeFix(ws, inside, original, []byte("def f(:\n")); !errors.Is(err, ErrNoLongerParses) {
		t.Errorf("broken fix: %v", err)
	}
	// A lone-CR file parses as lines: its fix is written.
	crOriginal := []byte("x = 1\r")
	if err := os.WriteFile(inside, crOriginal, 0o644); err != nil {
		t.Fatal(err)
	}
	if err := writeFix(ws, inside, crOriginal, []byte("x = 1\rif x:\r    y = 2\r")); err != nil {
		t.Errorf("lone-CR fix refused: %v", err)
	}
	if got, _ := os.ReadFile(inside); string(got) != "x = 1\rif x:\r    y = 2\r" {
		t.Errorf("lone-CR fix not written: %q", got)
	}
	// A config fix that breaks the TOML is refused too.
	if err := writeFix(ws, cfg, []byte("name = \"w\"\n"), []byte("name = \"w\n")); !errors.Is(err, ErrNoLongerParses) {
		t.Errorf("broken config fix: %v", err)
	}
}
