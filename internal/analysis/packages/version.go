package packages

import (
	"strconv"
	"strings"
)

// PEP 440 versions and specifiers, as far as dependency resolution for a
// Worker needs them: comparing the interpreter's version in markers, and
// checking a pin such as `numpy==1.26.4` against the version a Pyodide
// package index ships.

// Version is a parsed PEP 440 version. Local labels (`+cpu`) are kept
// out of comparisons except for `===`.
type Version struct {
	Epoch   int
	Release []int
	// PreKind is 0 for none, 1 for a, 2 for b, 3 for rc.
	PreKind int
	Pre     int
	Post    int // -1 for none
	Dev     int // -1 for none
	raw     string
}

// ParseVersion reads a PEP 440 version, accepting the spellings PEP 440
// normalises ("1.0-alpha1", "v2", "1.0.post-1"). ok is false for text
// that is not a version.
func ParseVersion(s string) (Version, bool) {
	v := Version{Post: -1, Dev: -1, raw: s}
	t := strings.ToLower(strings.TrimSpace(s))
	t = strings.TrimPrefix(t, "v")
	if i := strings.IndexByte(t, '+'); i >= 0 {
		t = t[:i]
	}
	if i := strings.IndexByte(t, '!'); i >= 0 {
		e, err := strconv.Atoi(t[:i])
		if err != nil {
			return Version{}, false
		}
		v.Epoch, t = e, t[i+1:]
	}
	// Release: digits separated by dots.
	for {
		n, rest, ok := leadingInt(t)
		if !ok {
			return Version{}, false
		}
		v.Release = append(v.Release, n)
		t = rest
		if len(t) > 1 && t[0] == '.' && t[1] >= '0' && t[1] <= '9' {
			t = t[1:]
			continue
		}
		break
	}
	for t != "" {
		t = strings.TrimLeft(t, ".-_")
		label := leadingLetters(t)
		t = t[len(label):]
		t = strings.TrimLeft(t, ".-_")
		n, rest, ok := leadingInt(t)
		if !ok {
			n, rest = 0, t
		}
		t = rest
		switch label {
		case "a", "alpha":
			v.PreKind, v.Pre = 1, n
		case "b", "beta":
			v.PreKind, v.Pre = 2, n
		case "rc", "c", "pre", "preview":
			v.PreKind, v.Pre = 3, n
		case "post", "rev", "r":
			v.Post = n
		case "dev":
			v.Dev = n
		case "":
			if !ok { // stray separator or garbage
				return Version{}, false
			}
			v.Post = n // "1.0-1" is a post-release
		default:
			return Version{}, false
		}
	}
	return v, true
}

func leadingInt(s string) (int, string, bool) {
	i := 0
	for i < len(s) && s[i] >= '0' && s[i] <= '9' {
		i++
	}
	if i == 0 {
		return 0, s, false
	}
	n, err := strconv.Atoi(s[:i])
	if err != nil {
		return 0, s, false
	}
	return n, s[i:], true
}

func leadingLetters(s string) string {
	i := 0
	for i < len(s) && s[i] >= 'a' && s[i] <= 'z' {
		i++
	}
	return s[:i]
}

func (v Version) String() string { return v.raw }

// IsPre reports whether v is a pre- or development release.
func (v Version) IsPre() bool { return v.PreKind != 0 || v.Dev >= 0 }

// Compare orders versions as PEP 440 does: -1, 0 or +1.
func (v Version) Compare(w Version) int {
	if c := cmpInt(v.Epoch, w.Epoch); c != 0 {
		return c
	}
	for i := 0; i < max(len(v.Release), len(w.Release)); i++ {
		if c := cmpInt(releaseAt(v.Release, i), releaseAt(w.Release, i)); c != 0 {
			return c
		}
	}
	// Within one release: X.devN < X.aN < X.bN < X.rcN < X < X.postN.
	if c := cmpInt(v.phase(), w.phase()); c != 0 {
		return c
	}
	if c := cmpInt(v.Pre, w.Pre); c != 0 {
		return c
	}
	if c := cmpInt(v.Post, w.Post); c != 0 {
		return c
	}
	// A development release sorts before the release it leads to.
	vd, wd := v.Dev, w.Dev
	if vd < 0 {
		vd = 1 << 30
	}
	if wd < 0 {
		wd = 1 << 30
	}
	return cmpInt(vd, wd)
}

// phase ranks the pre-release part: a bare dev release first, then a, b,
// rc, then the final release.
func (v Version) phase() int {
	switch {
	case v.PreKind != 0:
		return v.PreKind
	case v.Dev >= 0 && v.Post < 0:
		return 0
	}
	return 4
}

func releaseAt(xs []int, i int) int {
	if i < len(xs) {
		return xs[i]
	}
	return 0
}

func cmpInt(a, b int) int {
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}

// Specifier is one clause of a version specifier: `>=2.0`, `==1.4.*`.
type Specifier struct {
	Op      string
	Version string
}

// ParseSpecifiers reads a comma-separated specifier set ("<9,>=8.0.0").
// ok is false when a clause cannot be read; an empty set matches
// everything.
func ParseSpecifiers(s string) ([]Specifier, bool) {
	var out []Specifier
	for _, clause := range strings.Split(s, ",") {
		clause = strings.TrimSpace(clause)
		if clause == "" {
			continue
		}
		op := ""
		for _, o := range []string{"===", "~=", "==", "!=", "<=", ">=", "<", ">"} {
			if strings.HasPrefix(clause, o) {
				op = o
				break
			}
		}
		if op == "" {
			return nil, false
		}
		out = append(out, Specifier{Op: op, Version: strings.TrimSpace(clause[len(op):])})
	}
	return out, true
}

// Matches reports whether version satisfies every specifier. ok is false
// when a version cannot be read (the caller cannot judge).
func Matches(version string, specs []Specifier) (match, ok bool) {
	v, ok := ParseVersion(version)
	if !ok {
		return false, false
	}
	for _, s := range specs {
		m, ok := s.contains(v)
		if !ok {
			return false, false
		}
		if !m {
			return false, true
		}
	}
	return true, true
}

func (s Specifier) contains(v Version) (bool, bool) {
	if s.Op == "===" {
		return strings.EqualFold(strings.TrimSpace(v.raw), s.Version), true
	}
	if (s.Op == "==" || s.Op == "!=") && strings.HasSuffix(s.Version, ".*") {
		p, ok := ParseVersion(strings.TrimSuffix(s.Version, ".*"))
		if !ok {
			return false, false
		}
		eq := p.Epoch == v.Epoch
		for i := range p.Release {
			eq = eq && releaseAt(v.Release, i) == p.Release[i]
		}
		return eq == (s.Op == "=="), true
	}
	w, ok := ParseVersion(s.Version)
	if !ok {
		return false, false
	}
	c := v.Compare(w)
	switch s.Op {
	case "==":
		return c == 0, true
	case "!=":
		return c != 0, true
	case "<=":
		return c <= 0, true
	case ">=":
		return c >= 0, true
	case "<":
		// `<V` excludes pre-releases of V itself.
		return c < 0 && !(v.IsPre() && !w.IsPre() && sameRelease(v, w)), true
	case ">":
		// `>V` excludes post-releases of V itself.
		return c > 0 && !(v.Post >= 0 && w.Post < 0 && sameRelease(v, w)), true
	case "~=":
		if len(w.Release) < 2 {
			return false, false
		}
		prefix := Specifier{Op: "==", Version: joinInts(w.Release[:len(w.Release)-1]) + ".*"}
		m, _ := prefix.contains(v)
		return c >= 0 && m, true
	}
	return false, false
}

func sameRelease(v, w Version) bool {
	for i := 0; i < max(len(v.Release), len(w.Release)); i++ {
		if releaseAt(v.Release, i) != releaseAt(w.Release, i) {
			return false
		}
	}
	return v.Epoch == w.Epoch
}

func joinInts(xs []int) string {
	parts := make([]string, len(xs))
	for i, x := range xs {
		parts[i] = strconv.Itoa(x)
	}
	return strings.Join(parts, ".")
}
