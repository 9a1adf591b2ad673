// Package analysistest runs the rule catalogue over fixture files with
// inline expectations, in the style of gopls's analysistest:
//
//	# profile: old date=2025-01-01
//	# profile: new date=2026-06-01 sdk=1.4 bindings=DB:d1_databases
//	from pyodide.ffi import to_py  # want: PW201
//	x is None  # want[new]: PW205
//
// Each `# profile:` line names a runtime profile (keys: date, flags,
// sdk, runtime, bindings=NAME:kind,…, packages=name[:native],…, main=true); the file is analysed
// under every one of them, or under the default profile if it declares
// none. `# want: CODE…` expects exactly those codes to start on its line
// under every profile, `# want[a,b]: CODE…` under the named ones. Every
// finding must be wanted and every want found.
package analysistest

import (
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"testing"

	"github.com/pyworkers/pyworkers-lsp/internal/analysis"
	"github.com/pyworkers/pyworkers-lsp/internal/analysis/packages"
	"github.com/pyworkers/pyworkers-lsp/internal/analysis/profile"
	"github.com/pyworkers/pyworkers-lsp/internal/analysis/source"
)

// Fixture is a parsed fixture file.
type Fixture struct {
	Path     string
	Text     []byte
	Profiles []NamedProfile
	// Wants maps profile name → line → sorted codes.
	Wants map[string]map[int][]string
}

// NamedProfile is a profile declared by a fixture.
type NamedProfile struct {
	Name    string
	Profile *profile.Profile
	IsMain  bool
}

var (
	profileLine = regexp.MustCompile(`^#\s*profile:\s*(\S+)(.*)$`)
	wantComment = regexp.MustCompile(`#\s*want(?:\[([^\]]*)\])?:\s*([A-Z0-9 ,]+)`)
)

// Load parses a fixture file.
func Load(path string) (*Fixture, error) {
	text, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	f := &Fixture{Path: path, Text: text, Wants: map[string]map[int][]string{}}
	lines := strings.Split(string(text), "\n")
	for _, line := range lines {
		m := profileLine.FindStringSubmatch(strings.TrimSpace(line))
		if m == nil {
			continue
		}
		np, err := ParseProfile(m[1], m[2])
		if err != nil {
			return nil, fmt.Errorf("%s: %w", path, err)
		}
		f.Profiles = append(f.Profiles, np)
	}
	if len(f.Profiles) == 0 {
		f.Profiles = []NamedProfile{{Name: "default", Profile: profile.Default()}}
	}
	for i, line := range lines {
		m := wantComment.FindStringSubmatch(line)
		if m == nil {
			continue
		}
		names := []string{}
		if m[1] != "" {
			for _, n := range strings.Split(m[1], ",") {
				names = append(names, strings.TrimSpace(n))
			}
		} else {
			for _, p := range f.Profiles {
				names = append(names, p.Name)
			}
		}
		codes := strings.FieldsFunc(m[2], func(r rune) bool { return r == ' ' || r == ',' })
		for _, n := range names {
			if !f.hasProfile(n) {
				return nil, fmt.Errorf("%s:%d: want names unknown profile %q", path, i+1, n)
			}
			if f.Wants[n] == nil {
				f.Wants[n] = map[int][]string{}
			}
			f.Wants[n][i] = append(f.Wants[n][i], codes...)
			sort.Strings(f.Wants[n][i])
		}
	}
	return f, nil
}

func (f *Fixture) hasProfile(name string) bool {
	for _, p := range f.Profiles {
		if p.Name == name {
			return true
		}
	}
	return false
}

// ParseProfile builds a profile from `key=value` fields.
func ParseProfile(name, spec string) (NamedProfile, error) {
	in := profile.Input{Bindings: map[string]profile.Binding{}}
	isMain := false
	for _, field := range strings.Fields(spec) {
		k, v, ok := strings.Cut(field, "=")
		if !ok {
			return NamedProfile{}, fmt.Errorf("profile %s: field %q is not key=value", name, field)
		}
		switch k {
		case "date":
			in.CompatDate = v
		case "flags":
			in.Flags = strings.Split(v, ",")
		case "sdk":
			in.SDKVersion = v
		case "runtime":
			in.RuntimeOverride = v
		case "bindings":
			for _, b := range strings.Split(v, ",") {
				bn, kind, _ := strings.Cut(b, ":")
				in.Bindings[bn] = profile.Binding{Name: bn, Kind: kind}
			}
			in.ConfigFile = "wrangler.toml"
		case "packages":
			// packages=workers-runtime-sdk,psycopg2:native
			in.Packages = map[string]profile.Package{}
			for _, pkg := range strings.Split(v, ",") {
				pn, kind, _ := strings.Cut(pkg, ":")
				in.Packages[pn] = profile.Package{Name: pn, Native: kind == "native"}
			}
		case "dev":
			// dev=workers-py: development dependencies ([dependency-groups])
			for _, pkg := range strings.Split(v, ",") {
				in.DevPackages = append(in.DevPackages, packages.Normalize(pkg))
			}
		case "config":
			in.ConfigFile = v
		case "main":
			isMain = v == "true"
		default:
			return NamedProfile{}, fmt.Errorf("profile %s: unknown key %q", name, k)
		}
	}
	if in.ConfigFile == "" {
		in.ConfigFile = "wrangler.toml"
	}
	p, warnings := profile.Resolve(in)
	if len(warnings) > 0 {
		return NamedProfile{}, fmt.Errorf("profile %s: %s", name, strings.Join(warnings, "; "))
	}
	return NamedProfile{Name: name, Profile: p, IsMain: isMain}, nil
}

// Analyze runs the analysis over text under np, afresh.
func Analyze(t testing.TB, path string, text []byte, np NamedProfile) analysis.Result {
	t.Helper()
	doc := source.Open("file://"+path, 1, text, true)
	defer doc.Close()
	snap := doc.Snapshot()
	defer snap.Close()
	return analysis.Analyze(analysis.Input{Snapshot: snap, Profile: np.Profile, Path: path, IsMain: np.IsMain, Modules: analysis.NewModules()}, nil)
}

// Run checks every .py fixture under dir (recursively).
func Run(t *testing.T, dir string) {
	t.Helper()
	var files []string
	err := filepath.WalkDir(dir, func(path string, d os.DirEntry, err error) error {
		if err == nil && !d.IsDir() && strings.HasSuffix(path, ".py") {
			files = append(files, path)
		}
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	if len(files) == 0 {
		t.Fatalf("no fixtures under %s", dir)
	}
	for _, path := range files {
		f, err := Load(path)
		if err != nil {
			t.Error(err)
			continue
		}
		for _, np := range f.Profiles {
			Check(t, f, np)
		}
	}
}

// Check compares one fixture's findings under one profile with its wants.
func Check(t *testing.T, f *Fixture, np NamedProfile) {
	t.Helper()
	res := Analyze(t, f.Path, f.Text, np)
	for _, err := range res.Errors {
		t.Errorf("%s [%s]: %v", f.Path, np.Name, err)
	}
	lines := source.NewLines(f.Text)
	got := map[int][]string{}
	msgs := map[int][]string{}
	for _, d := range res.Diagnostics {
		line, _ := lines.Position(d.Start, source.UTF8)
		got[line] = append(got[line], d.Code)
		msgs[line] = append(msgs[line], d.Code+" "+d.Message)
	}
	want := f.Wants[np.Name]
	for line := range union(got, want) {
		g := append([]string(nil), got[line]...)
		sort.Strings(g)
		if strings.Join(g, " ") != strings.Join(want[line], " ") {
			t.Errorf("%s:%d [%s]: got %v, want %v\n\t%s", f.Path, line+1, np.Name, g, want[line], strings.Join(msgs[line], "\n\t"))
		}
	}
}

func union(a, b map[int][]string) map[int]bool {
	out := map[int]bool{}
	for k := range a {
		out[k] = true
	}
	for k := range b {
		out[k] = true
	}
	return out
}

// HasSyntaxError reports whether text fails to parse cleanly.
func HasSyntaxError(text []byte) bool {
	doc := source.Open("file:///x.py", 1, text, true)
	defer doc.Close()
	return doc.Tree().RootNode().HasError()
}
