package check

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestSharedLockReportedOnce: three Workers in subfolders share one
// pyproject.toml and uv.lock; the lock's one unavailable runtime
// dependency is one finding, on the pyproject line, naming the Workers.
func TestSharedLockReportedOnce(t *testing.T) {
	root := filepath.Join("..", "..", "testdata", "workspaces", "shared-lock")
	rep, err := Run(Options{Paths: []string{root}})
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, f := range rep.Files {
		for _, d := range f.Diagnostics {
			got = append(got, f.Path+" "+d.Code+" "+d.Message)
		}
	}
	if len(got) != 1 {
		t.Fatalf("want one finding, got %d:\n%s", len(got), strings.Join(got, "\n"))
	}
	want := filepath.Join(root, "pyproject.toml") + " PW504 psutil "
	if !strings.HasPrefix(got[0], want) || !strings.HasSuffix(got[0], "shared by the Workers shop-api, shop-cron, shop-queue") {
		t.Errorf("finding %q, want %q… naming the three Workers", got[0], want)
	}
}

// TestPathsRelativeToTheGivenPath: a Worker checked from inside its folder
// names its parent's pyproject.toml relative to that folder, whatever the
// working directory; --absolute gives absolute paths.
func TestPathsRelativeToTheGivenPath(t *testing.T) {
	worker, err := filepath.Abs(filepath.Join("..", "..", "testdata", "workspaces", "shared-lock", "workers", "api"))
	if err != nil {
		t.Fatal(err)
	}
	wd, _ := os.Getwd()
	t.Cleanup(func() { _ = os.Chdir(wd) })
	if err := os.Chdir(t.TempDir()); err != nil { // an unrelated working directory
		t.Fatal(err)
	}
	for _, tc := range []struct {
		absolute bool
		want     string
	}{
		{false, filepath.Join(worker, "..", "..", "pyproject.toml")},
		{true, filepath.Clean(filepath.Join(worker, "..", "..", "pyproject.toml"))},
	} {
		rep, err := Run(Options{Paths: []string{worker}, Absolute: tc.absolute})
		if err != nil {
			t.Fatal(err)
		}
		if paths := reported(rep); len(paths) != 1 || paths[0] != tc.want {
			t.Errorf("absolute=%v: paths %v, want [%s]", tc.absolute, paths, tc.want)
		}
	}
	if err := os.Chdir(worker); err != nil {
		t.Fatal(err)
	}
	rep, err := Run(Options{Paths: []string{"."}})
	if err != nil {
		t.Fatal(err)
	}
	if paths := reported(rep); len(paths) != 1 || paths[0] != filepath.Join("..", "..", "pyproject.toml") {
		t.Errorf("from the Worker's folder: %v", paths)
	}
}

// reported lists the paths of the files with findings.
func reported(rep *Report) []string {
	var out []string
	for _, f := range rep.Files {
		if len(f.Diagnostics) > 0 {
			out = append(out, f.Path)
		}
	}
	return out
}

// TestNoSDKFindingWhenTheBuildSuppliesIt: PW109 stays silent when
// pywrangler vendors workers-runtime-sdk (workers-py in a dependency
// group, or the SDK in pywrangler's pylock.toml) and when the
// compatibility date is a test harness's placeholder.
func TestNoSDKFindingWhenTheBuildSuppliesIt(t *testing.T) {
	dir := writeTree(t, map[string]string{
		"pywrangler/wrangler.toml":  "name = \"a\"\nmain = \"src/entry.py\"\ncompatibility_date = \"2026-05-01\"\ncompatibility_flags = [\"python_workers\"]\n",
		"pywrangler/pyproject.toml": "[project]\nname = \"a\"\ndependencies = []\n\n[dependency-groups]\ndev = [\"workers-py\"]\n",
		"pywrangler/src/entry.py":   "from workers import WorkerEntrypoint\n",
		"bare/wrangler.toml":        "name = \"b\"\nmain = \"src/entry.py\"\ncompatibility_date = \"2026-05-01\"\ncompatibility_flags = [\"python_workers\"]\n",
		"bare/pyproject.toml":       "[project]\nname = \"b\"\ndependencies = []\n",
		"bare/src/entry.py":         "from workers import WorkerEntrypoint\n",
	})
	for _, tc := range []struct {
		path  string
		pw109 int
	}{
		{filepath.Join(dir, "pywrangler"), 0},
		{filepath.Join(dir, "bare"), 1}, // nothing vendors the SDK
		{filepath.Join("..", "..", "testdata", "workspaces", "deps-pylock"), 0},
		{filepath.Join("..", "..", "testdata", "workspaces", "placeholder-harness"), 0},
	} {
		rep, err := Run(Options{Paths: []string{tc.path}, All: true})
		if err != nil {
			t.Fatal(err)
		}
		n := 0
		for _, f := range rep.Files {
			for _, d := range f.Diagnostics {
				if d.Code == "PW109" {
					n++
				}
			}
		}
		if n != tc.pw109 {
			t.Errorf("%s: %d PW109, want %d", tc.path, n, tc.pw109)
		}
	}
}
