package semantic

import "testing"

// TestImportsEndAtALineBreak: tree-sitter reads a half-typed `from p` or
// `import` and the `import js` below it as one statement; the module
// binds what Python reads, line by line. Brackets and backslashes
// continue a line.
func TestImportsEndAtALineBreak(t *testing.T) {
	tests := []struct {
		src  string
		want map[string]string // local name → qualified ("" = not bound)
	}{
		{"import json\nfrom p\n\nimport js\n", map[string]string{"js": "js", "p": ""}},
		{"from pyodide  # (typing\nimport js as j\n", map[string]string{"j": "js"}},
		{"from p import\njs\n", map[string]string{"js": "", "p": ""}},
		{"import\njs\n", map[string]string{"js": ""}},
		{"import json\nimport\n\nimport js\n", map[string]string{"js": "js", "json": "json"}},
		{"import\nimportant = 1\n", map[string]string{"important": ""}},
		{"from \n\nimport js\nfrom pyodide.ffi import to_js, create_proxy\n", map[string]string{"to_js": "pyodide.ffi.to_js", "create_proxy": "pyodide.ffi.create_proxy"}},
		{"from p\n\nfrom pyodide.ffi import (to_js,\n    create_proxy)\n", map[string]string{"to_js": "pyodide.ffi.to_js", "create_proxy": "pyodide.ffi.create_proxy", "p": ""}},
		{"import os,\njs\n", map[string]string{"os": "os", "js": ""}},
		{"from pyodide.ffi import (\n    to_js,\n    create_proxy as cp,\n)\n", map[string]string{"to_js": "pyodide.ffi.to_js", "cp": "pyodide.ffi.create_proxy"}},
		{"from pyodide.ffi \\\n    import to_js\n", map[string]string{"to_js": "pyodide.ffi.to_js"}},
		{"from pyodide.ffi import to_js as tj\r\nimport js\r\n", map[string]string{"tj": "pyodide.ffi.to_js", "js": "js"}},
	}
	for _, tt := range tests {
		m := epModule(t, tt.src)
		for local, want := range tt.want {
			got := m.Names[local].Qualified
			if _, bound := m.Names[local]; !bound {
				got = ""
			}
			if got != want {
				t.Errorf("%q: %s bound to %q, want %q", tt.src, local, got, want)
			}
		}
	}
}
