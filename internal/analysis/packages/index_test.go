package packages

import (
	"regexp"
	"strings"
	"testing"

	"github.com/pyworkers/pyworkers-lsp/internal/analysis/profile"
)

func TestIndexVersions(t *testing.T) {
	for _, tc := range []struct {
		ask, want string
		ok        bool
	}{
		{"0.27.7", "0.27.7", true},
		{"0.28.3", "0.28.3", true},
		{"0.28", "0.28.3", true},
		{"314.0.0", "314.0.7", true},
		{"0.26.0", "", false},
	} {
		r, ok := Index(tc.ask)
		if ok != tc.ok || (ok && r.Version != tc.want) {
			t.Errorf("Index(%q) = %v, %v; want %q, %v", tc.ask, r, ok, tc.want, tc.ok)
		}
	}
	for _, g := range []profile.Generation{profile.Pyodide026, profile.Pyodide028, profile.Pyodide314} {
		p := &profile.Profile{Runtime: profile.RuntimeOf(g)}
		// The runtime table and the generated data must name the same
		// releases.
		if r := ForProfile(p); r.Version != profile.RuntimeOf(g).PackageIndex {
			t.Errorf("ForProfile(%v) = %s, want %s", g, r.Version, profile.RuntimeOf(g).PackageIndex)
		}
	}
}

func TestLookupAndImports(t *testing.T) {
	r, _ := Index("0.28.3")
	if p, ok := r.Lookup("PyYAML"); !ok || p.Name != "pyyaml" || !p.Native || p.Version == "" {
		t.Errorf("Lookup(PyYAML) = %+v, %v", p, ok)
	}
	if p, ok := r.ByImport("yaml"); !ok || p.Name != "pyyaml" {
		t.Errorf("ByImport(yaml) = %+v, %v", p, ok)
	}
	if p, ok := r.ByImport("pydantic_core._pydantic_core"); !ok || p.Name != "pydantic-core" {
		t.Errorf("ByImport(pydantic_core...) = %+v, %v", p, ok)
	}
	if p, ok := r.Lookup("micropip"); !ok || p.Native {
		t.Errorf("micropip should be a pure-Python entry: %+v, %v", p, ok)
	}
}

func TestAvailability(t *testing.T) {
	for _, tc := range []struct {
		release, module string
		status          Status
		dist            string
	}{
		{"0.28.3", "yaml", InIndex, "pyyaml"},
		{"0.28.3", "numpy.linalg", InIndex, "numpy"},
		{"0.28.3", "lxml", InIndex, "lxml"},
		{"0.28.3", "psycopg2", NoBuild, "psycopg2"},
		{"0.28.3", "asyncpg", NoBuild, "asyncpg"},
		{"314.0.7", "asyncpg", InIndex, "asyncpg"},
		{"0.27.7", "zmq", NoBuild, "pyzmq"},
		{"0.28.3", "some_pure_lib", Unknown, ""},
	} {
		r, _ := Index(tc.release)
		s := Availability(r, tc.module)
		if s.Status != tc.status || s.Dist != tc.dist {
			t.Errorf("Availability(%s, %s) = %v %q; want %v %q", tc.release, tc.module, s.Status, s.Dist, tc.status, tc.dist)
		}
	}
}

func TestDistAvailability(t *testing.T) {
	r, _ := Index("0.28.3")
	for _, tc := range []struct {
		dist   string
		native bool
		want   Status
	}{
		{"psycopg2-binary", false, NoBuild},
		{"Pillow", true, InIndex},
		{"orjson-like-native", true, NoBuild},
		{"pure-thing", false, Unknown},
	} {
		if got := DistAvailability(r, tc.dist, tc.native).Status; got != tc.want {
			t.Errorf("DistAvailability(%s, %v) = %v, want %v", tc.dist, tc.native, got, tc.want)
		}
	}
}

func TestStdlib(t *testing.T) {
	for _, tc := range []struct {
		module string
		g      profile.Generation
		want   StdlibStatus
	}{
		{"tkinter", profile.Pyodide028, StdlibMissing},
		{"curses.ascii", profile.Pyodide314, StdlibMissing},
		{"threading", profile.Pyodide314, StdlibBroken},
		{"socket", profile.Pyodide028, StdlibBroken},
		{"socket", profile.Pyodide314, StdlibOK},
		{"pty", profile.Pyodide026, StdlibNotImportable},
		{"json", profile.Pyodide026, StdlibOK},
	} {
		if got := Stdlib(tc.module, tc.g); got != tc.want {
			t.Errorf("Stdlib(%s, %v) = %v, want %v", tc.module, tc.g, got, tc.want)
		}
	}
}

// TestNormalize holds Normalize to PEP 503's definition (a regular
// expression) on names built from every mix of the separators.
func TestNormalize(t *testing.T) {
	pep503 := regexp.MustCompile(`[-_.]+`)
	parts := []string{"", "a", "B", "-", "_", ".", "--", "_.", ".-_", " ", "Zope", "9"}
	for _, a := range parts {
		for _, b := range parts {
			for _, c := range parts {
				name := a + b + c
				want := pep503.ReplaceAllString(strings.ToLower(strings.TrimSpace(name)), "-")
				if got := Normalize(name); got != want {
					t.Errorf("Normalize(%q) = %q, want %q", name, got, want)
				}
			}
		}
	}
}
