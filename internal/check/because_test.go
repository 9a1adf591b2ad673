package check

import (
	"bytes"
	"strings"
	"testing"

	"github.com/pyworkers/pyworkers-lsp/internal/analysis/diag"
	"github.com/pyworkers/pyworkers-lsp/internal/analysis/source"
)

// TestTextBecause checks that the text format names where a finding's
// value came from, with the line of the related place.
func TestTextBecause(t *testing.T) {
	text := []byte("title = data.get('title')\nbind(title)\n")
	at := bytes.Index(text, []byte("title)"))
	d := diag.Diagnostic{Code: "PW204", Severity: diag.Warning, Start: at, End: at + 5, Message: "`title` may be None",
		Related: []diag.Related{{Start: 8, End: 25, Message: "title may be None: data.get('title')"}}}
	rep := &Report{Files: []*File{{Path: "w.py", Text: text, Lines: source.NewLines(text), Diagnostics: []diag.Diagnostic{d}}}}
	var out bytes.Buffer
	if err := writeText(&out, rep, WriteOptions{}); err != nil {
		t.Fatal(err)
	}
	want := "w.py:2:6: PW204 `title` may be None (because title may be None: data.get('title') at line 1)"
	if !strings.Contains(out.String(), want) {
		t.Errorf("output:\n%s\nwant a line %q", out.String(), want)
	}
}
