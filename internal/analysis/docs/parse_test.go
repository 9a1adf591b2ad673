package docs

import (
	"strings"
	"testing"
	"testing/fstest"

	"github.com/pyworkers/pyworkers-lsp/internal/analysis/profile"
)

func TestParseErrors(t *testing.T) {
	for _, tc := range []struct {
		name, text, want string
	}{
		{"text before entry", "intro\n# a.b\n\nbody\n", "text before the first entry"},
		{"bad key", "# a b\n\nbody\n", `bad entry key "a b"`},
		{"unknown field", "# a\nauthor: me\n\nbody\n", `unknown header field "author"`},
		{"header without colon", "# a\ntitle\n\nbody\n", "is not `field: value`"},
		{"no body", "# a\ntitle: A\n", "has no body"},
		{"available without instead", "# a\navailable: runtime: 0.28+\n\nbody\n", "needs an instead: line"},
		{"bad availability", "# a\navailable: runtime: 0.27\ninstead: x\n\nbody\n", "unknown runtime"},
		{"unterminated section", "# a\n\n<!-- runtime: 0.26 -->\ntext\n# b\n\nbody\n", "unterminated section <!-- runtime: 0.26 -->"},
		{"unterminated fence", "# a\n\n```python\nx = 1\n", "unterminated code fence"},
		{"nested section", "# a\n\n<!-- sdk: raw -->\n<!-- runtime: 314 -->\nx\n<!-- end -->\n", "do not nest"},
		{"end without section", "# a\n\ntext\n<!-- end -->\n", "without an open section"},
		{"else without section", "# a\n\ntext\n<!-- else -->\n", "without an open section"},
		{"double else", "# a\n\n<!-- sdk: raw -->\nx\n<!-- else -->\ny\n<!-- else -->\nz\n<!-- end -->\n", "without an open section"},
		{"inline marker", "# a\n\ntext <!-- runtime: 0.26 --> more\n", "must be a whole line"},
		{"unknown term", "# a\n\n<!-- python: 3.12 -->\nx\n<!-- end -->\n", `unknown term "python"`},
		{"unknown sdk state", "# a\n\n<!-- sdk: new -->\nx\n<!-- end -->\n", "sdk is one of"},
		{"unknown flag", "# a\n\n<!-- flag: python_magic -->\nx\n<!-- end -->\n", `unknown compatibility flag "python_magic"`},
		{"term without value", "# a\n\n<!-- runtime -->\nx\n<!-- end -->\n", "want name: value"},
		{"bad alias", "# a\nalso: b c\n\nbody\n", `bad alias "b c"`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := parseFile("t.md", tc.text)
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Fatalf("error %v, want one containing %q", err, tc.want)
			}
			if !strings.HasPrefix(err.Error(), "t.md:") {
				t.Errorf("error %q does not name the file and line", err)
			}
		})
	}
}

func TestDuplicateKeys(t *testing.T) {
	fsys := fstest.MapFS{
		"content/a.md": {Data: []byte("# x.y\n\none\n")},
		"content/b.md": {Data: []byte("# x.z\nalso: x.y\n\ntwo\n")},
		// The same key as a binding kind is a separate namespace.
		"content/bindings.md": {Data: []byte("# x.y\n\nthree\n")},
	}
	_, err := parseFS(fsys)
	if err == nil || !strings.Contains(err.Error(), `duplicate key "x.y" (first at content/a.md:1)`) {
		t.Fatalf("error %v, want a duplicate-key error", err)
	}
	delete(fsys, "content/b.md")
	idx, err := parseFS(fsys)
	if err != nil {
		t.Fatalf("symbol and binding kind with one name: %v", err)
	}
	if idx.symbols["x.y"] == idx.kinds["x.y"] {
		t.Error("symbol and binding kind share an entry")
	}
}

// Python comments inside code fences are not entry headings, and a
// marker inside a fence is code.
func TestFencesProtectHashLines(t *testing.T) {
	entries, err := parseFile("t.md", "# a\n\n```python\n# a comment\nx = 1  # <!-- not a marker -->\n```\n\n# b\n\nsecond\n")
	if err != nil {
		t.Fatal(err)
	}
	if len(entries) != 2 || !strings.Contains(joinBody(entries[0].body), "# a comment") {
		t.Fatalf("got %d entries, first body %q", len(entries), joinBody(entries[0].body))
	}
}

func TestSectionsSelectByProfile(t *testing.T) {
	const text = `# k
title: K
signature: k()
available: runtime: 0.28+; sdk: raw
instead: use ` + "`other`" + `.

always
<!-- runtime: 0.26 -->
old runtime
<!-- else -->
new runtime
<!-- end -->
<!-- runtime: 0.28+; sdk: wrapped -->
wrapped on new
<!-- end -->
<!-- flag: !python_no_global_handlers -->
global handlers on
<!-- end -->
<!-- sdk: builtin -->
builtin sdk
<!-- else -->
external sdk
<!-- end -->

` + "```python\nk()\n```\n"
	entries, err := parseFile("t.md", text)
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		in        profile.Input
		available bool
		want      []string
		notWant   []string
	}{
		{in: profile.Input{CompatDate: "2025-06-01"}, available: false,
			want:    []string{"**Not available on Pyodide 0.26.0a2 (compatibility_date 2025-06-01):** use `other`.", "always", "old runtime", "global handlers on", "builtin sdk"},
			notWant: []string{"new runtime", "wrapped on new", "external sdk"}},
		{in: profile.Input{CompatDate: "2025-11-01"}, available: true,
			want:    []string{"always", "new runtime", "builtin sdk"},
			notWant: []string{"Not available", "old runtime", "wrapped on new", "global handlers on", "external sdk"}},
		{in: profile.Input{CompatDate: "2026-05-01", SDKVersion: "1.4"}, available: false,
			want:    []string{"Not available", "new runtime", "wrapped on new", "external sdk"},
			notWant: []string{"old runtime", "builtin sdk"}},
	} {
		p, _ := profile.Resolve(tc.in)
		e := render(entries[0], "k", p, entries[0].available, entries[0].instead)
		if e.Available != tc.available {
			t.Errorf("%+v: Available = %v, want %v", tc.in, e.Available, tc.available)
		}
		for _, s := range tc.want {
			if !strings.Contains(e.Markdown, s) {
				t.Errorf("%+v: missing %q in\n%s", tc.in, s, e.Markdown)
			}
		}
		for _, s := range tc.notWant {
			if strings.Contains(e.Markdown, s) {
				t.Errorf("%+v: unexpected %q in\n%s", tc.in, s, e.Markdown)
			}
		}
	}
	nilRendering := render(entries[0], "k", nil, entries[0].available, entries[0].instead).Markdown
	for _, s := range []string{
		"**Only on Pyodide 0.28, 314, with raw JS bindings (built-in SDK, SDK < 1.3, or js imports).** Elsewhere: use `other`.",
		"*On Pyodide 0.26:*\nold runtime", "*Otherwise:*\nnew runtime",
		"*On Pyodide 0.28, 314, with workers-runtime-sdk ≥ 1.3 (env wrapped):*\nwrapped on new",
		"*Without python_no_global_handlers:*\nglobal handlers on",
		"*With the runtime's built-in workers module:*\nbuiltin sdk",
	} {
		if !strings.Contains(nilRendering, s) {
			t.Errorf("unspecialised rendering lacks %q:\n%s", s, nilRendering)
		}
	}
}
