package config

import (
	"bytes"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
)

func TestWebURL(t *testing.T) {
	for in, want := range map[string]string{
		"https://wiki.example.com/rules":        "https://wiki.example.com/rules",
		"HTTP://wiki.example.com/a b":           "http://wiki.example.com/a%20b",
		"https://x.example/a)(b](c)<d>":         "https://x.example/a%29%28b%5D%28c%29%3Cd%3E",
		"javascript:alert(1)//":                 "",
		"command:workbench.action.terminal.new": "",
		"file:///etc/passwd":                    "",
		"//evil.example/x":                      "",
		"https://user:pw@evil.example/":         "",
		"/relative/rules.md":                    "",
	} {
		got, ok := WebURL(in)
		if got != want || ok != (want != "") {
			t.Errorf("WebURL(%q) = %q, %v; want %q", in, got, ok, want)
		}
	}
}

func TestNestingLimit(t *testing.T) {
	deep := func(open, close string, n int) string { return strings.Repeat(open, n) + strings.Repeat(close, n) }
	for _, c := range []struct {
		name   string
		text   string
		format Format
		bad    bool
	}{
		{"json arrays 2 MB", `{"x":` + deep("[", "]", 1<<20) + `}`, JSON, true},
		{"jsonc objects", `{"x":` + strings.Repeat(`{"a":`, 5000) + "1" + strings.Repeat("}", 5000) + `}`, JSONC, true},
		{"toml arrays", "x = " + deep("[", "]", 100000), TOML, true},
		{"toml inline tables", "x = " + strings.Repeat("{a=", 5000) + "1" + strings.Repeat("}", 5000), TOML, true},
		{"json at the limit", `{"x":` + deep("[", "]", MaxNesting-1) + `}`, JSON, false},
		{"brackets in strings", `{"x": "` + strings.Repeat("[", 5000) + `"} // [[[[` + "\n", JSONC, false},
		{"brackets in toml strings and comments", "x = '" + strings.Repeat("[", 5000) + "'\ny = \"\"\"" + strings.Repeat("{", 5000) + "\"\"\" # " + strings.Repeat("[", 5000) + "\n", TOML, false},
	} {
		f := ParseFile("/w/wrangler."+c.format.String(), []byte(c.text), c.format)
		if bad := f.Err != nil && strings.Contains(f.Err.Message, "nest deeper"); bad != c.bad {
			t.Errorf("%s: err %v, want nesting error %v", c.name, f.Err, c.bad)
		}
	}
}

func TestBOMIsNotASyntaxError(t *testing.T) {
	for _, c := range []struct{ name, text string }{
		{"wrangler.toml", "\ufeffname = \"w\"\ncompatibility_date = \"2025-11-02\"\n"},
		{"wrangler.jsonc", "\ufeff{\"name\": \"w\", \"compatibility_date\": \"2025-11-02\"}"},
	} {
		f := ParseFile("/w/"+c.name, []byte(c.text), FormatOf(c.name))
		if f.Err != nil {
			t.Fatalf("%s: %v", c.name, f.Err)
		}
		v := f.Root.Get("name")
		if v == nil || v.Text != "w" || string(f.Text[v.Span.Start:v.Span.End]) != `"w"` {
			t.Errorf("%s: name %+v", c.name, v)
		}
	}
}

// TestConfigReadsAreBounded: a FIFO, a symlink to /dev/zero and a file
// over its limit are refused without blocking, and the Worker keeps the
// file with an error naming it.
func TestConfigReadsAreBounded(t *testing.T) {
	dir := t.TempDir()
	if err := syscall.Mkfifo(filepath.Join(dir, "pyproject.toml"), 0o644); err != nil {
		t.Skip("mkfifo:", err)
	}
	if err := os.Symlink("/dev/zero", filepath.Join(dir, "uv.lock")); err != nil {
		t.Fatal(err)
	}
	big := bytes.Repeat([]byte("# pad\n"), MaxWranglerSize/6+10)
	if err := os.WriteFile(filepath.Join(dir, "wrangler.toml"), big, 0o644); err != nil {
		t.Fatal(err)
	}
	ws, err := Load(dir, dir)
	if err != nil {
		t.Fatal(err)
	}
	if ws.Pyproject == nil || ws.Pyproject.File.Err == nil || !strings.Contains(ws.Pyproject.File.Err.Message, "named pipe") {
		t.Errorf("pyproject: %+v", ws.Pyproject)
	}
	if ws.Lock == nil || ws.Lock.Err == nil || !strings.Contains(ws.Lock.Err.Message, "device") {
		t.Errorf("lock: %+v", ws.Lock)
	}
	if ws.Wrangler == nil || ws.Wrangler.Err == nil || !strings.Contains(ws.Wrangler.Err.Message, "over the limit of 4.0 MiB") {
		t.Errorf("wrangler: %+v", ws.Wrangler)
	}
	if _, err := ReadRegular("/dev/zero", 10); !errors.Is(err, ErrNotRegular) {
		t.Errorf("/dev/zero: %v", err)
	}
}

func TestPositionLines(t *testing.T) {
	a := []byte("x\ny\n\nz")
	b := []byte("one line")
	var ia, ib lineIndex
	for _, c := range []struct {
		text []byte
		idx  *lineIndex
		off  int
		want string
	}{{a, &ia, 0, "f:1"}, {b, &ib, 5, "f:1"}, {a, &ia, 1, "f:1"}, {a, &ia, 2, "f:2"}, {b, &ib, 0, "f:1"}, {a, &ia, 4, "f:3"}, {a, &ia, 5, "f:4"}, {a, &ia, 6, "f:4"}, {a, &ia, -1, "f:1"}} {
		if got := position("f", c.idx.of(c.text), c.off); got != c.want {
			t.Errorf("position(%q, %d) = %s, want %s", c.text, c.off, got, c.want)
		}
	}
	// The index is built once per file.
	if first := ia.of(a); ia.of(a) != first {
		t.Error("the line index was rebuilt")
	}
	if got := position("f", nil, 3); got != "f:1" {
		t.Errorf("position without an index = %s", got)
	}
}
