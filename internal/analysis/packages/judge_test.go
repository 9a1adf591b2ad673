package packages

import "testing"

func TestJudge(t *testing.T) {
	r028, _ := Index("0.28.3")
	r314, _ := Index("314.0.7")
	for _, tc := range []struct {
		name string
		r    *Release
		dep  Dependency
		want Reason
	}{
		{"pure package", r028, Dependency{Name: "httpx"}, Installable},
		{"known native absent", r028, Dependency{Name: "psycopg2-binary"}, NoPyodideBuild},
		{"known native shipped by 314", r314, Dependency{Name: "asyncpg"}, Installable},
		{"locked platform wheels, absent", r028, Dependency{Name: "fastrand", LockedNative: true}, NativeWithoutWheel},
		{"unknown, not locked native", r028, Dependency{Name: "fastrand"}, Installable},
		{"native pin outside the index", r028, Dependency{Name: "numpy", Specifier: "==1.26.4", LockedNative: true}, VersionOutsideIndex},
		{"native range inside the index", r028, Dependency{Name: "numpy", Specifier: ">=2", LockedNative: true}, Installable},
		{"locked pin outside the index", r028, Dependency{Name: "numpy", Pinned: "1.26.4", LockedNative: true}, VersionOutsideIndex},
		{"pure fallback wheel", r028, Dependency{Name: "sqlalchemy", Specifier: ">=2.0.41"}, Installable},
		{"a Pyodide wheel in the lock", r028, Dependency{Name: "psycopg2-binary", PyodideWheel: true}, Installable},
	} {
		if got := Judge(tc.r, tc.dep).Reason; got != tc.want {
			t.Errorf("%s: %v, want %v", tc.name, got, tc.want)
		}
	}
	if v := Judge(r028, Dependency{Name: "numpy", Specifier: "==1.26.4", LockedNative: true}); v.IndexVersion != "2.2.5" {
		t.Errorf("index version %q", v.IndexVersion)
	}
}
