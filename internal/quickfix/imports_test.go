package quickfix

import (
	"testing"

	"github.com/pyworkers/pyworkers-lsp/internal/analysis/syntax"
)

func TestImportName(t *testing.T) {
	tests := []struct {
		name, module, member, text, ref, want string
	}{
		{"new after imports", "js", "Object",
			"\"\"\"Doc.\"\"\"\nfrom __future__ import annotations\nimport json\n\nx = 1\n", "Object",
			"\"\"\"Doc.\"\"\"\nfrom __future__ import annotations\nimport json\nfrom js import Object\n\nx = 1\n"},
		{"after docstring", "js", "Object", "\"\"\"Doc.\"\"\"\nx = 1\n", "Object",
			"\"\"\"Doc.\"\"\"\nfrom js import Object\nx = 1\n"},
		{"after leading comments", "js", "Object", "# header\n\nx = 1\n", "Object",
			"# header\n\nfrom js import Object\nx = 1\n"},
		{"empty file", "js", "Object", "", "Object", "from js import Object\n"},
		{"no final newline", "js", "Object", "import json", "Object", "import json\nfrom js import Object\n"},
		{"import with trailing comment", "js", "Object", "import json  # why\nx = 1\n", "Object",
			"import json  # why\nfrom js import Object\nx = 1\n"},
		{"merge into from-import", "pyodide.ffi", "jsnull", "from pyodide.ffi import to_js\nx = 1\n", "jsnull",
			"from pyodide.ffi import to_js, jsnull\nx = 1\n"},
		{"merge into parenthesised", "pyodide.ffi", "jsnull", "from pyodide.ffi import (\n    to_js,\n)\n", "jsnull",
			"from pyodide.ffi import (\n    to_js, jsnull,\n)\n"},
		{"already imported", "js", "Object", "from js import Object\n", "Object", "from js import Object\n"},
		{"already imported with alias", "js", "Object", "from js import Object as O\n", "O", "from js import Object as O\n"},
		{"star import", "js", "Object", "from js import *\n", "Object", "from js import *\n"},
		{"module import", "js", "Object", "import js\n", "js.Object", "import js\n"},
		{"module alias", "pyodide.ffi", "jsnull", "import pyodide.ffi as ffi\n", "ffi.jsnull", "import pyodide.ffi as ffi\n"},
		{"name taken", "js", "Object", "Object = dict\n", "js.Object", "import js\nObject = dict\n"},
		{"crlf", "js", "Object", "import json\r\nx = 1\r\n", "Object", "import json\r\nfrom js import Object\r\nx = 1\r\n"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			m := parseModule([]byte(tt.text), nil, nil)
			ref, edits, ok := m.importName(tt.module, tt.member)
			if !ok {
				t.Fatal("not importable")
			}
			if ref != tt.ref {
				t.Errorf("ref = %q, want %q", ref, tt.ref)
			}
			got, err := Apply([]byte(tt.text), edits)
			if err != nil {
				t.Fatal(err)
			}
			if string(got) != tt.want {
				t.Errorf("got %q\nwant %q", got, tt.want)
			}
		})
	}
	m := parseModule([]byte("js = 1\nObject = 2\n"), nil, nil)
	if ref, _, ok := m.importName("js", "Object"); ok {
		t.Errorf("both spellings taken, got %q", ref)
	}
}

func TestRemoveImportEntry(t *testing.T) {
	tests := []struct {
		name, text, entry, want string
	}{
		{"only name", "import os\nfrom pyodide.ffi import to_py\nx = 1\n", "to_py", "import os\nx = 1\n"},
		{"first of two", "from pyodide.ffi import to_py, to_js\n", "to_py", "from pyodide.ffi import to_js\n"},
		{"last of two", "from pyodide.ffi import to_js, to_py\n", "to_py", "from pyodide.ffi import to_js\n"},
		{"aliased", "from pyodide.ffi import to_js, to_py as tp\n", "to_py as tp", "from pyodide.ffi import to_js\n"},
		{"alone in a block", "try:\n    from pyodide.ffi import to_py\nexcept ImportError:\n    pass\n", "to_py",
			"try:\n    pass\nexcept ImportError:\n    pass\n"},
		{"before a semicolon", "from pyodide.ffi import to_py; x = 1\n", "to_py", "x = 1\n"},
		{"after a semicolon", "x = 1; from pyodide.ffi import to_py\n", "to_py", "x = 1\n"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			m := parseModule([]byte(tt.text), nil, nil)
			stmt, entry := findEntry(m, tt.entry)
			if entry.IsZero() {
				t.Fatalf("no entry %q", tt.entry)
			}
			got, err := Apply([]byte(tt.text), []Edit{m.removeImportEntry(stmt, entry)})
			if err != nil {
				t.Fatal(err)
			}
			if string(got) != tt.want {
				t.Errorf("got %q\nwant %q", got, tt.want)
			}
		})
	}
}

// findEntry returns the from-import statement and entry written as text.
func findEntry(m *pyModule, text string) (stmt, entry syntax.Node) {
	for _, t := range m.trees {
		for i := 0; i < t.Len(); i++ {
			n := t.At(i)
			if n.Type() != syntax.TypeImportFromStatement {
				continue
			}
			for _, e := range importEntries(n) {
				if e.Text() == text {
					return n, e
				}
			}
		}
	}
	return syntax.Node{}, syntax.Node{}
}
