package lookup

import (
	"strings"
	"testing"

	"github.com/pyworkers/pyworkers-lsp/internal/analysis/profile"
	"github.com/pyworkers/pyworkers-lsp/internal/analysis/source"
)

func TestToJSHints(t *testing.T) {
	src := `from js import Object
import pyodide.ffi as ffi
from pyodide.ffi import to_js
from mylib import to_js as other
from pyodide.ffi import to_js as tj

a = to_js({"a": 1})
b = to_js({"a": 1}, dict_converter=Object.fromEntries)
c = ffi.to_js([1, 2])
d = to_js((1,))
e = to_js(b"raw")
f = to_js(None)
g = to_js(unknown)
h = other({"a": 1})
i = to_js({"a": 1}, dict_converter=my_converter)
j = to_js(12345678901234567890)
k = tj({1, 2})

class Default:
    def fetch(self, request):
        body = dict(x=1)
        return to_js(body)
`
	text := []byte(src)
	doc := source.Open("file:///w/a.py", 1, text, true)
	defer doc.Close()
	f := NewFile(doc.Tree(), text, profile.Default(), nil)

	var got []string
	for _, h := range ToJSHints(f, 0, len(text)) {
		line := src[strings.LastIndexByte(src[:h.Offset], '\n')+1 : h.Offset]
		got = append(got, line+" "+h.Label)
	}
	want := []string{
		`a = to_js({"a": 1}) → Map`,
		`b = to_js({"a": 1}, dict_converter=Object.fromEntries) → Object`,
		`c = ffi.to_js([1, 2]) → Array`,
		`d = to_js((1,)) → Array`,
		`e = to_js(b"raw") → Uint8Array`,
		`f = to_js(None) → undefined`,
		`j = to_js(12345678901234567890) → BigInt`,
		`k = tj({1, 2}) → Set`,
		`        return to_js(body) → Map`,
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("hints:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}

	// A range covering only line c gives only its hint.
	start := strings.Index(src, "c = ")
	end := strings.Index(src, "d = ")
	hints := ToJSHints(f, start, end)
	if len(hints) != 1 || hints[0].Label != "→ Array" {
		t.Errorf("ranged hints = %+v", hints)
	}
}
