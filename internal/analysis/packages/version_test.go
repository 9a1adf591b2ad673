package packages

import "testing"

func TestVersionCompare(t *testing.T) {
	ordered := []string{"1.0.dev0", "1.0a1.dev1", "1.0a1", "1.0b2", "1.0rc1", "1.0", "1.0.post1.dev0", "1.0.post1", "1.1", "2!0.1"}
	for i := range ordered {
		for j := range ordered {
			a, ok1 := ParseVersion(ordered[i])
			b, ok2 := ParseVersion(ordered[j])
			if !ok1 || !ok2 {
				t.Fatalf("parse %q/%q failed", ordered[i], ordered[j])
			}
			want := cmpInt(i, j)
			if got := a.Compare(b); got != want {
				t.Errorf("Compare(%s, %s) = %d, want %d", ordered[i], ordered[j], got, want)
			}
		}
	}
	if a, _ := ParseVersion("3.13"); a.Compare(mustVersion(t, "3.13.0")) != 0 {
		t.Error("3.13 != 3.13.0")
	}
	for _, bad := range []string{"", "abc", "1.0-foo", "x1.0"} {
		if _, ok := ParseVersion(bad); ok {
			t.Errorf("ParseVersion(%q) accepted", bad)
		}
	}
}

func mustVersion(t *testing.T, s string) Version {
	t.Helper()
	v, ok := ParseVersion(s)
	if !ok {
		t.Fatalf("ParseVersion(%q) failed", s)
	}
	return v
}

func TestSpecifierMatches(t *testing.T) {
	cases := []struct {
		version, spec string
		want          bool
	}{
		{"2.2.5", ">=2.0,<3", true},
		{"2.2.5", "==1.26.4", false},
		{"1.26.4", "==1.26.*", true},
		{"1.27.0", "==1.26.*", false},
		{"1.27.0", "!=1.26.*", true},
		{"2.2.5", "~=2.2", true},
		{"3.0", "~=2.2", false},
		{"2.2.5", "~=2.2.0", true},
		{"2.3.0", "~=2.2.0", false},
		{"3.13.2", "<3.14", true},
		{"3.14.0rc1", "<3.14", false},
		{"3.13.2", ">3.13", true},
		{"3.13.post1", ">3.13", false},
		{"6.0.2", "===6.0.2", true},
	}
	for _, c := range cases {
		specs, ok := ParseSpecifiers(c.spec)
		if !ok {
			t.Fatalf("ParseSpecifiers(%q) failed", c.spec)
		}
		got, ok := Matches(c.version, specs)
		if !ok || got != c.want {
			t.Errorf("%s %s = %v (ok %v), want %v", c.version, c.spec, got, ok, c.want)
		}
	}
	if _, ok := ParseSpecifiers("foo"); ok {
		t.Error("ParseSpecifiers accepted a clause without an operator")
	}
}
