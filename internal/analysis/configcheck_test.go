package analysis

import (
	"fmt"
	"path/filepath"
	"slices"
	"sort"
	"strings"
	"testing"

	"github.com/pyworkers/pyworkers-lsp/internal/analysis/config"
	"github.com/pyworkers/pyworkers-lsp/internal/analysis/diag"
	"github.com/pyworkers/pyworkers-lsp/internal/analysis/source"
)

// TestCheckConfigWorkspaces runs the config rules over the workspaces in
// testdata/workspaces and compares every finding: file, code, exact range
// (1-based line:column in bytes), severity and fix data.
func TestCheckConfigWorkspaces(t *testing.T) {
	for _, tc := range []struct {
		dir  string
		want []string // "file CODE l:c-l:c severity data"
	}{
		{"clean", nil},
		{"py026", nil},
		{"py028-date", nil},
		{"py028-flag", nil},
		{"py314", nil}, // asyncpg has a 314 build
		{"sdk-old", nil},
		{"sdk-new", nil},
		{"env", nil},
		{"no-config", nil},
		{"broken-toml", []string{"wrangler.toml PW505 3:33-4:1 error"}},
		{"broken-jsonc", []string{"wrangler.jsonc PW505 4:3-4:4 error"}},
		{"pw501", []string{
			"wrangler.toml PW501 4:23-4:40 error fix=add-flag flag=python_workers",
			"wrangler.toml PW501 13:23-13:60 error env=edge fix=add-flag flag=python_workers",
		}},
		{"pw502", []string{
			"wrangler.jsonc PW502 8:53-8:67 error binding=COUNTER fix=remove-remote kind=durable_objects.bindings",
			"wrangler.jsonc PW502 11:28-11:43 error binding=AI fix=remove-remote kind=ai",
			"wrangler.jsonc PW502 16:44-16:59 error binding=VEC fix=remove-remote kind=vectorize",
		}},
		{"pw503", []string{
			"wrangler.toml PW503 5:36-5:46 warning binding=DISPATCH fix=add-remote kind=dispatch_namespaces",
			"wrangler.toml PW503 8:11-8:16 warning binding=VEC fix=add-remote kind=vectorize",
		}},
		{"pw504", []string{
			"pyproject.toml PW504 5:5-5:27 error package=psycopg2-binary",
			"pyproject.toml PW504 7:5-7:15 error package=fastrand",
		}},
		// Dev groups, an unrequested extra and marker-excluded natives
		// (greenlet, pywin32, uvloop, ruff, pyjson5) stay silent; the one
		// runtime dependency without a build is reported on its line.
		{"deps-uvlock", []string{"pyproject.toml PW504 8:5-8:18 error package=psutil"}},
		{"deps-transitive", []string{
			"pyproject.toml PW504 6:5-6:32 error package=grpcio",
			"pyproject.toml PW504 7:5-7:20 error package=numpy",
		}},
		{"deps-pylock", nil},
		{"placeholder-c3", []string{"wrangler.jsonc PW002 9:24-9:46 info"}},
		{"placeholder-harness", []string{"wrangler.jsonc PW002 4:27-4:41 info"}},
		{"pw505", []string{
			"pyproject.toml PW505 7:1-7:8 warning",
			"wrangler.toml PW505 2:8-2:24 error",
			"wrangler.toml PW505 3:22-3:34 error",
			"wrangler.toml PW505 4:42-4:68 warning fix=replace-flag flag=python_no_global_handlers",
		}},
	} {
		t.Run(tc.dir, func(t *testing.T) {
			ws, got := checkWorkspace(t, tc.dir, nil)
			want := slices.Sorted(slices.Values(tc.want))
			if !slices.Equal(got, want) {
				t.Errorf("findings:\n  %s\nwant:\n  %s", strings.Join(got, "\n  "), strings.Join(want, "\n  "))
			}
			if ws.Wrangler == nil && tc.dir != "no-config" {
				t.Errorf("no wrangler config loaded")
			}
		})
	}
}

// checkWorkspace loads, resolves and checks a workspace fixture and
// renders its findings.
func checkWorkspace(t *testing.T, name string, opts *Options) (*config.Workspace, []string) {
	t.Helper()
	dir, err := filepath.Abs(filepath.Join("..", "..", "testdata", "workspaces", name))
	if err != nil {
		t.Fatal(err)
	}
	ws, err := config.Load(filepath.Join(dir, "src", "entry.py"), dir)
	if err != nil {
		t.Fatal(err)
	}
	p, _ := config.ResolveProfile(ws, config.ProfileOptions{})
	res := CheckConfig(ws, p, opts)
	if len(res.Errors) > 0 {
		t.Fatalf("analyzer errors: %v", res.Errors)
	}
	var out []string
	for path, ds := range res.Diagnostics {
		lines := source.NewLines(ws.Text(path))
		for _, d := range ds {
			l1, c1 := lines.Position(d.Start, source.UTF8)
			l2, c2 := lines.Position(d.End, source.UTF8)
			s := fmt.Sprintf("%s %s %d:%d-%d:%d %s", filepath.Base(path), d.Code, l1+1, c1+1, l2+1, c2+1, d.Severity)
			keys := make([]string, 0, len(d.Data))
			for k := range d.Data {
				keys = append(keys, k)
			}
			sort.Strings(keys)
			for _, k := range keys {
				s += " " + k + "=" + d.Data[k]
			}
			out = append(out, s)
		}
	}
	sort.Strings(out)
	return ws, out
}

func TestCheckConfigOptions(t *testing.T) {
	_, got := checkWorkspace(t, "pw502", &Options{Ignore: []string{"PW502"}})
	if len(got) != 0 {
		t.Errorf("ignored rule still reports: %v", got)
	}
	_, got = checkWorkspace(t, "pw503", &Options{Severity: map[string]diag.Severity{"PW503": diag.Error}})
	if len(got) != 2 || !strings.Contains(got[0], " error ") {
		t.Errorf("severity override not applied: %v", got)
	}
}

func TestOptionsFromSettings(t *testing.T) {
	dir, _ := filepath.Abs("../../testdata/workspaces/clean")
	ws, _ := config.Load(dir, dir)
	o := OptionsFromSettings(ws.Pyproject.Settings, dir)
	if !slices.Equal(o.Select, []string{"PW"}) || !slices.Equal(o.Ignore, []string{"PW301"}) ||
		o.Severity["PW201"] != diag.Warning || !slices.Equal(o.PerFileIgnores["tests/**"], []string{"PW1"}) || o.Root != dir {
		t.Errorf("options %+v", o)
	}
	if o.enabled("PW301") || !o.enabled("PW201") {
		t.Errorf("select/ignore not honoured")
	}
	if got := o.fileIgnores(filepath.Join(dir, "tests", "a", "t.py")); !slices.Equal(got, []string{"PW1"}) {
		t.Errorf("per-file ignores %v", got)
	}
}

// TestConfigFixesRemoveFindings applies the edit each fixable finding's
// data describes and checks the finding is gone and nothing new appears
// except what the fix is documented to lead to (PW502 remove-remote on a
// remote-only binding hands over to PW503).
func TestConfigFixesRemoveFindings(t *testing.T) {
	applied := 0
	defer func() {
		if applied != 8 { // 2 PW501, 3 PW502, 2 PW503, 1 PW505
			t.Errorf("applied %d fixes, want 8", applied)
		}
	}()
	for _, name := range []string{"pw501", "pw502", "pw503", "pw505"} {
		dir, _ := filepath.Abs(filepath.Join("..", "..", "testdata", "workspaces", name))
		ws, _ := config.Load(filepath.Join(dir, "src", "entry.py"), dir)
		p, _ := config.ResolveProfile(ws, config.ProfileOptions{})
		for _, d := range CheckConfig(ws, p, nil).Diagnostics[ws.Wrangler.Path] {
			f, data := ws.Wrangler, d.Data
			var e config.Edit
			var ok bool
			switch data["fix"] {
			case "add-flag":
				e, ok = config.AddFlagEdit(f, data["env"], data["flag"])
			case "replace-flag":
				old := string(f.Text[d.Start+1 : d.End-1])
				e, ok = config.ReplaceFlagEdit(f, data["env"], old, data["flag"])
			case "add-remote":
				e, ok = config.SetRemoteEdit(f, data["env"], data["kind"], data["binding"], true)
			case "remove-remote":
				e, ok = config.RemoveRemoteEdit(f, data["env"], data["kind"], data["binding"])
			default:
				continue
			}
			if !ok {
				t.Errorf("%s %s: no edit for %v", name, d.Code, data)
				continue
			}
			applied++
			fixed := *ws
			fixed.Wrangler = config.ParseFile(f.Path, e.Apply(f.Text), f.Format)
			if fixed.Wrangler.Err != nil {
				t.Errorf("%s %s: fix broke the file: %v", name, d.Code, fixed.Wrangler.Err)
				continue
			}
			p2, _ := config.ResolveProfile(&fixed, config.ProfileOptions{})
			for _, d2 := range CheckConfig(&fixed, p2, nil).Diagnostics[f.Path] {
				if d2.Code == d.Code && d2.Message == d.Message {
					t.Errorf("%s: %s still reported after its fix: %s", name, d.Code, d.Message)
				}
			}
		}
	}
}
