package docs

import (
	"regexp"
	"strings"
	"testing"
)

// italicLine is a whole line in *emphasis*, as labels and footers are.
var italicLine = regexp.MustCompile(`(?m)^\*[^*\n]+\*:?$`)

func TestPlaintextStripsMarkup(t *testing.T) {
	for _, tc := range []struct {
		name, md, want string
	}{
		{"strong and code", "**Not available:** use `to_js(d, *, x)`.\n", "Not available: use to_js(d, *, x).\n"},
		{"emphasis", "*Shown for Pyodide 0.28.2.*\n", "Shown for Pyodide 0.28.2.\n"},
		{"underscores are text", "pass dict_converter=Object.fromEntries\n", "pass dict_converter=Object.fromEntries\n"},
		{"stars inside code", "call `f(*args, **kw)` now\n", "call f(*args, **kw) now\n"},
		{"link", "see [the docs](https://example.com)\n", "see the docs (https://example.com)\n"},
		{"heading", "## Example\ntext\n", "Example\ntext\n"},
		{"fence", "Example:\n\n```python\nx = {\"a\": 1}  # *not* emphasis\n```\n", "Example:\n\n    x = {\"a\": 1}  # *not* emphasis\n"},
		{"list", "- `dict` → **`Map`**\n", "- dict → Map\n"},
		{"star code spans", "*`*args`* and `**kw`\n", "*args and **kw\n"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := plaintext(tc.md); got != tc.want {
				t.Errorf("plaintext(%q) = %q, want %q", tc.md, got, tc.want)
			}
		})
	}
}

func TestEveryPlaintextIsPlain(t *testing.T) {
	renderAll(t, func(name string, e Entry) {
		plain := e.Plaintext()
		var prose strings.Builder
		for _, line := range strings.Split(plain, "\n") {
			if !strings.HasPrefix(line, "    ") { // code keeps its own syntax
				prose.WriteString(line)
				prose.WriteByte('\n')
			}
		}
		for _, markup := range []string{"```", "**", "`", "<!--"} {
			if strings.Contains(prose.String(), markup) {
				t.Errorf("%s: plaintext prose contains %q:\n%s", name, markup, plain)
			}
		}
		if m := italicLine.FindString(prose.String()); m != "" {
			t.Errorf("%s: plaintext keeps emphasis in %q", name, m)
		}
		if e.Signature != "" && !strings.Contains(plain, "    "+e.Signature) {
			t.Errorf("%s: plaintext lost the signature", name)
		}
	})
}
