package server

import (
	"testing"

	"github.com/pyworkers/pyworkers-lsp/internal/analysis/diag"
	"github.com/pyworkers/pyworkers-lsp/internal/analysis/source"
)

// TestRelatedInformation checks that a finding's related places reach the
// client as relatedInformation in the document, in its position encoding.
func TestRelatedInformation(t *testing.T) {
	text := []byte("t = d.get('é')\nbind(t)\n")
	d := diag.Diagnostic{Code: "PW204", Severity: diag.Warning, Start: 20, End: 21, Message: "m",
		Related: []diag.Related{{Start: 4, End: 15, Message: "t may be None: d.get('é')"}}}
	out := toProtocol([]diag.Diagnostic{d}, mapper{lines: source.NewLines(text), enc: source.UTF16, uri: "file:///w.py"}, "")
	if len(out) != 1 || len(out[0].RelatedInformation) != 1 {
		t.Fatalf("got %+v", out)
	}
	r := out[0].RelatedInformation[0]
	if r.Location.URI != "file:///w.py" || r.Message != "t may be None: d.get('é')" {
		t.Errorf("related %+v", r)
	}
	// 'é' is two bytes but one UTF-16 unit: the range ends at column 14.
	if rg := r.Location.Range; rg.Start.Line != 0 || rg.Start.Character != 4 || rg.End.Character != 14 {
		t.Errorf("range %+v, want 0:4-0:14", rg)
	}
}
