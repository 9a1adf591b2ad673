package config

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestConfine(t *testing.T) {
	dir := t.TempDir()
	outside := t.TempDir()
	must := func(err error) {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
	}
	must(os.MkdirAll(filepath.Join(dir, "src"), 0o755))
	must(os.WriteFile(filepath.Join(dir, "src", "entry.py"), nil, 0o644))
	must(os.WriteFile(filepath.Join(outside, "secret.py"), nil, 0o644))
	must(os.Symlink(filepath.Join(outside, "secret.py"), filepath.Join(dir, "src", "link.py")))
	must(os.Symlink(outside, filepath.Join(dir, "linkdir")))
	must(os.Symlink("entry.py", filepath.Join(dir, "src", "inside.py")))
	for _, c := range []struct {
		path string
		ok   bool
	}{
		{"src/entry.py", true},
		{"src/inside.py", true},  // a symlink within the project
		{"src/missing.py", true}, // missing: judged by its folder
		{"src/../src/entry.py", true},
		{"../x.py", false},
		{strings.Repeat("../", 40) + "dev/zero", false},
		{"src/link.py", false},          // a symlink out
		{"linkdir/secret.py", false},    // through a symlinked folder
		{"linkdir/missing/x.py", false}, // missing, under a symlinked folder
	} {
		_, err := Confine(dir, filepath.Join(dir, c.path))
		if (err == nil) != c.ok {
			t.Errorf("Confine(%s) = %v, want ok=%v", c.path, err, c.ok)
		}
		if err != nil && !errors.Is(err, ErrOutsideRoot) {
			t.Errorf("Confine(%s): %v is not ErrOutsideRoot", c.path, err)
		}
	}
}

// A wrangler main that leads out of the config's folder is one problem at
// main and no main for the rest of the analysis (nothing reads it).
func TestMainOutsideIsAProblem(t *testing.T) {
	dir := t.TempDir()
	for _, main := range []string{"../../../../../../../../dev/zero", "src/zero.py"} {
		if main == "src/zero.py" {
			if err := os.MkdirAll(filepath.Join(dir, "src"), 0o755); err != nil {
				t.Fatal(err)
			}
			if err := os.Symlink("/dev/zero", filepath.Join(dir, "src", "zero.py")); err != nil {
				t.Fatal(err)
			}
		}
		path := filepath.Join(dir, "wrangler.toml")
		text := "name = \"w\"\nmain = \"" + main + "\"\n"
		w := ReadWorker(ParseFile(path, []byte(text), TOML), "")
		if w.Main != nil {
			t.Errorf("main %q kept: %+v", main, w.Main)
		}
		found := false
		for _, pr := range w.Problems {
			if strings.Contains(pr.Message, "leads outside wrangler.toml's folder") && string(text[pr.Span.Start:pr.Span.End]) == `"`+main+`"` {
				found = true
			}
		}
		if !found {
			t.Errorf("main %q: problems %+v", main, w.Problems)
		}
		p, _ := ResolveProfile(&Workspace{Dir: dir, Wrangler: ParseFile(path, []byte(text), TOML)}, ProfileOptions{})
		if p.Main != "" {
			t.Errorf("main %q: profile main %q", main, p.Main)
		}
	}
}

// A workerd embed that leads out of the config's folder has no path: it
// is never read (and the Worker has no main module).
func TestWorkerdEmbedOutside(t *testing.T) {
	dir := t.TempDir()
	src := strings.Replace(sampleCapnp, `embed "./src/worker.py"`, `embed "../../../../../../../../dev/zero"`, 1)
	c := ParseWorkerd(filepath.Join(dir, "config.capnp"), []byte(src))
	if len(c.Workers) != 1 {
		t.Fatalf("%d workers", len(c.Workers))
	}
	w := c.Workers[0]
	if w.Modules[0].Path != "" || w.Main() != "" {
		t.Errorf("embed out of the folder resolved: module %+v, main %q", w.Modules[0], w.Main())
	}
	if w.Modules[1].Path != filepath.Join(dir, "src", "helper.py") {
		t.Errorf("embed inside lost: %+v", w.Modules[1])
	}
}
