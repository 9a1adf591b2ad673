package quickfix

import (
	"strings"
	"testing"

	"github.com/pyworkers/pyworkers-lsp/internal/analysis/diag"
)

// applyFix applies the edits of f to text, failing the test on error.
func applyFix(t *testing.T, text string, f Fix) string {
	t.Helper()
	out, err := Apply([]byte(text), f.Edits)
	if err != nil {
		t.Fatalf("%s: %v", f.Title, err)
	}
	return string(out)
}

// at builds a diagnostic of code over the first occurrence of needle.
func at(t *testing.T, text, needle, code string, data map[string]string) diag.Diagnostic {
	t.Helper()
	i := strings.Index(text, needle)
	if i < 0 {
		t.Fatalf("%q not in text", needle)
	}
	return diag.Diagnostic{Code: code, Start: i, End: i + len(needle), Data: data}
}

func suppression(fixes []Fix) (Fix, bool) {
	for _, f := range fixes {
		if f.Suppression {
			return f, true
		}
	}
	return Fix{}, false
}

func TestSuppressFix(t *testing.T) {
	tests := []struct {
		name, path, text, needle, want string
	}{
		{"append", "a.py", "x = to_js(d)\ny = 1\n", "to_js", "x = to_js(d)  # pyworkers: ignore[PW202]\ny = 1\n"},
		{"trailing spaces", "a.py", "x = to_js(d)   \n", "to_js", "x = to_js(d)  # pyworkers: ignore[PW202]\n"},
		{"after other comment", "a.py", "x = to_js(d)  # noqa\n", "to_js", "x = to_js(d)  # noqa  # pyworkers: ignore[PW202]\n"},
		{"extend list", "a.py", "x = to_js(d)  # pyworkers: ignore[PW201]  # note\n", "to_js", "x = to_js(d)  # pyworkers: ignore[PW201, PW202]  # note\n"},
		{"extend empty list", "a.py", "x = to_js(d)  # pyworkers: ignore[]\n", "to_js", "x = to_js(d)  # pyworkers: ignore[PW202]\n"},
		{"multi-line call, first line", "a.py", "x = to_js(\n    d,\n)\n", "to_js", "x = to_js(  # pyworkers: ignore[PW202]\n    d,\n)\n"},
		{"crlf", "a.py", "x = to_js(d)\r\ny = 1\r\n", "to_js", "x = to_js(d)  # pyworkers: ignore[PW202]\r\ny = 1\r\n"},
		{"no newline at end", "a.py", "x = to_js(d)", "to_js", "x = to_js(d)  # pyworkers: ignore[PW202]"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d := at(t, tt.text, tt.needle, "PW202", nil)
			f, ok := suppression(Fixes(Document{Path: tt.path, Text: []byte(tt.text)}, d))
			if !ok {
				t.Fatal("no suppression fix")
			}
			if f.Title != "Ignore PW202 on this line" || f.Preferred {
				t.Errorf("fix = %+v", f)
			}
			if got := applyFix(t, tt.text, f); got != tt.want {
				t.Errorf("got %q\nwant %q", got, tt.want)
			}
		})
	}
}

func TestSuppressFixRefused(t *testing.T) {
	tests := []struct {
		name, path, text, needle string
	}{
		{"line ends inside a string", "a.py", "x = to_js(\"\"\"a\nb\"\"\")\n", "to_js"},
		{"backslash continuation", "a.py", "x = to_js(d) + \\\n    1\n", "to_js"},
		{"bare ignore covers it", "a.py", "x = to_js(d)  # pyworkers: ignore\n", "to_js"},
		{"config file", "/w/wrangler.toml", "[[vectorize]]\nbinding = \"V\"\n", "[[vectorize]]"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d := at(t, tt.text, tt.needle, "PW202", nil)
			if f, ok := suppression(Fixes(Document{Path: tt.path, Text: []byte(tt.text)}, d)); ok {
				t.Errorf("unexpected fix %+v", f)
			}
		})
	}
}

func TestRemoveSuppression(t *testing.T) {
	tests := []struct {
		name, text, needle, code, want string
	}{
		{"whole comment", "x = 1  # pyworkers: ignore\ny = 2\n", "# pyworkers: ignore", "", "x = 1\ny = 2\n"},
		{"comment line", "# pyworkers: ignore[PW201]\ny = 2\n", "PW201", "PW201", "y = 2\n"},
		{"indented comment line", "if a:\n    # pyworkers: ignore\n    y = 2\n", "# pyworkers: ignore", "", "if a:\n    y = 2\n"},
		{"one of two, first", "x = 1  # pyworkers: ignore[PW201, PW202]\n", "PW201", "PW201", "x = 1  # pyworkers: ignore[PW202]\n"},
		{"one of two, last", "x = 1  # pyworkers: ignore[PW201,PW202]\n", "PW202", "PW202", "x = 1  # pyworkers: ignore[PW201]\n"},
		{"followed by a comment", "x = 1  # pyworkers: ignore[PW201]  # why\n", "PW201", "PW201", "x = 1  # why\n"},
		{"after a comment", "x = 1  # noqa  # pyworkers: ignore[PW201]\n", "PW201", "PW201", "x = 1  # noqa\n"},
		{"inside prose", "x = 1  # pyworkers: ignore because\n", "# pyworkers: ignore because", "", "x = 1  # because\n"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			data := map[string]string{"fix": "remove-suppression"}
			if tt.code != "" {
				data["code"] = tt.code
			}
			d := at(t, tt.text, tt.needle, "PW001", data)
			fixes := Fixes(Document{Path: "a.py", Text: []byte(tt.text)}, d)
			if len(fixes) == 0 || fixes[0].Suppression || !fixes[0].Preferred {
				t.Fatalf("fixes = %+v", fixes)
			}
			if got := applyFix(t, tt.text, fixes[0]); got != tt.want {
				t.Errorf("got %q\nwant %q", got, tt.want)
			}
		})
	}
}

// TestSuppressFixOnlyForSuppressibleCodes: PW001 and PW002 come from the
// driver and the project loader, which no comment silences.
func TestSuppressFixOnlyForSuppressibleCodes(t *testing.T) {
	text := "import json\n"
	for _, code := range []string{"PW001", "PW002", "PW999"} {
		d := at(t, text, "import", code, nil)
		if f, ok := suppression(Fixes(Document{Path: "a.py", Text: []byte(text)}, d)); ok {
			t.Errorf("%s: unexpected %+v", code, f)
		}
	}
}

// TestFixKindForOtherFileType: a Python fix kind on a config file and a
// config fix kind on a Python file are ignored, not crashes.
func TestFixKindForOtherFileType(t *testing.T) {
	toml := "name = \"w\"\n"
	if fixes := Fixes(Document{Path: "/w/wrangler.toml", Text: []byte(toml)}, at(t, toml, "name", "PW107", map[string]string{"fix": "subscript", "key": "x"})); len(fixes) != 0 {
		t.Errorf("config file: %+v", fixes)
	}
	py := "x = 1\n"
	fixes := Fixes(Document{Path: "/w/a.py", Text: []byte(py)}, at(t, py, "x", "PW501", map[string]string{"fix": "add-flag", "flag": "python_workers"}))
	if len(fixes) != 0 {
		t.Errorf("python file: %+v", fixes)
	}
}
