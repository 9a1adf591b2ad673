package ide_test

import (
	"path/filepath"
	"reflect"
	"testing"

	"github.com/pyworkers/pyworkers-lsp/internal/analysis"
	"github.com/pyworkers/pyworkers-lsp/internal/analysis/analysistest"
	"github.com/pyworkers/pyworkers-lsp/internal/analysis/ide"
	"github.com/pyworkers/pyworkers-lsp/internal/analysis/source"
	"github.com/pyworkers/pyworkers-lsp/internal/quickfix"
)

// TestSnapshotFixesEqualFresh: the quick fixes code actions compute from
// a snapshot (the analysis's module summary, units flattened on demand)
// equal those of a fresh parse, for every finding of every rule fixture
// under each of its profiles.
func TestSnapshotFixesEqualFresh(t *testing.T) {
	files, err := filepath.Glob("../../../testdata/rules/*/*.py")
	if err != nil || len(files) == 0 {
		t.Fatalf("no fixtures: %v", err)
	}
	compared := 0
	for _, path := range files {
		f, err := analysistest.Load(path)
		if err != nil {
			t.Fatal(err)
		}
		for _, np := range f.Profiles {
			abs, _ := filepath.Abs(path)
			doc := source.Open("file://"+abs, 1, f.Text, true)
			proj := &analysis.Project{Profile: np.Profile, Options: &analysis.Options{}}
			snap := ide.NewSnapshot(doc.Current(), abs, ide.Python, &ide.Env{Projects: []*analysis.Project{proj}, Options: proj.Options}, ide.NewAnalyzer())
			a := ide.NewActions(snap, "")
			diags, err := a.Findings(t.Context())
			if err != nil {
				t.Fatal(err)
			}
			got := a.Fixes(diags)
			want := quickfix.FixesOf(quickfix.Document{Path: abs, Text: f.Text, Profile: np.Profile}, diags)
			if !reflect.DeepEqual(got, want) {
				t.Errorf("%s (%s): fixes from the snapshot\n%+v\nwant (fresh parse)\n%+v", path, np.Name, got, want)
			}
			for _, fs := range want {
				compared += len(fs)
			}
			a.Close()
			snap.Release()
			doc.Close()
		}
	}
	if compared < 50 {
		t.Errorf("only %d fixes compared: the fixtures no longer exercise the fixers", compared)
	}
	t.Logf("%d fixes compared over %d fixtures", compared, len(files))
}
