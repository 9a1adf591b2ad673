package analysis_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/pyworkers/pyworkers-lsp/internal/analysis"
	"github.com/pyworkers/pyworkers-lsp/internal/analysis/config"
	"github.com/pyworkers/pyworkers-lsp/internal/analysis/source"
)

// TestCleanCorpus analyses every Python file and the config files of the
// clean corpus — small, correct Workers under testdata/corpus, one per
// directory with its wrangler.toml and pyproject.toml — under the profile
// its own config resolves to, and expects no finding at all: a rule that
// fires here fires on correct code.
func TestCleanCorpus(t *testing.T) {
	root, err := filepath.Abs(filepath.Join("..", "..", "testdata", "corpus"))
	if err != nil {
		t.Fatal(err)
	}
	workers, err := os.ReadDir(root)
	if err != nil {
		t.Fatal(err)
	}
	if len(workers) < 9 {
		t.Fatalf("corpus has %d Workers, want at least 9", len(workers))
	}
	for _, w := range workers {
		if !w.IsDir() {
			continue
		}
		dir := filepath.Join(root, w.Name())
		t.Run(w.Name(), func(t *testing.T) { checkCleanWorker(t, dir) })
	}
}

func checkCleanWorker(t *testing.T, dir string) {
	ws, err := config.Load(dir, dir)
	if err != nil {
		t.Fatal(err)
	}
	if ws.Wrangler == nil {
		t.Fatalf("%s has no wrangler config", dir)
	}
	prof, notes := config.ResolveProfile(ws, config.ProfileOptions{})
	for _, n := range notes {
		t.Errorf("profile note: %s", n.Message)
	}
	t.Logf("%s, compatibility_date %s, external SDK %v (wraps bindings %v), %d bindings, %d packages",
		prof.Runtime, prof.CompatDate, prof.ExternalSDK, prof.SDKWrapsBindings, len(prof.Bindings), len(prof.Packages))
	if prof.Main == "" {
		t.Fatalf("%s: wrangler config names no main module", dir)
	}
	conf := analysis.CheckConfig(ws, prof, nil)
	for _, e := range conf.Errors {
		t.Errorf("config: %v", e)
	}
	for path, ds := range conf.Diagnostics {
		for _, d := range ds {
			t.Errorf("%s: %s %s", filepath.Base(path), d.Code, d.Message)
		}
	}
	var files []string
	err = filepath.WalkDir(dir, func(path string, d os.DirEntry, err error) error {
		if err == nil && !d.IsDir() && strings.HasSuffix(path, ".py") {
			files = append(files, path)
		}
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	sawMain := false
	for _, path := range files {
		text, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		isMain := path == prof.Main
		sawMain = sawMain || isMain
		doc := source.Open("file://"+path, 1, text, true)
		snap := doc.Snapshot()
		res := analysis.Analyze(analysis.Input{Snapshot: snap, Profile: prof, Path: path, IsMain: isMain}, nil)
		for _, e := range res.Errors {
			t.Errorf("%s: %v", path, e)
		}
		for _, d := range res.Diagnostics {
			line, col := doc.Lines().Position(d.Start, source.UTF8)
			t.Errorf("%s:%d:%d: %s %s (profile: %s, compatibility_date %s)",
				filepath.Base(path), line+1, col+1, d.Code, d.Message, prof.Runtime, prof.CompatDate)
		}
		snap.Close()
		doc.Close()
	}
	if !sawMain {
		t.Errorf("%s: main module %s is not in the corpus", dir, prof.Main)
	}
}
