package check

import (
	"bytes"
	"encoding/json"
	"testing"

	"github.com/pyworkers/pyworkers-lsp/internal/analysis/diag"
	"github.com/pyworkers/pyworkers-lsp/internal/analysis/source"
)

// relatedReport is one PW204 finding on line 2 whose None comes from
// data.get('title') on line 1.
func relatedReport() *Report {
	text := []byte("title = data.get('title')\nbind(title)\n")
	at := bytes.Index(text, []byte("title)"))
	d := diag.Diagnostic{Code: "PW204", Severity: diag.Warning, Start: at, End: at + 5, Message: "`title` may be None",
		Related: []diag.Related{{Start: 8, End: 25, Message: "title may be None: data.get('title')"}}}
	return &Report{Files: []*File{{Path: "w.py", Text: text, Lines: source.NewLines(text), Diagnostics: []diag.Diagnostic{d}}}}
}

// TestJSONRelated checks that --format json carries a finding's related
// places with their ranges.
func TestJSONRelated(t *testing.T) {
	var out bytes.Buffer
	if err := writeJSON(&out, relatedReport()); err != nil {
		t.Fatal(err)
	}
	var got struct {
		Diagnostics []struct {
			Related []struct {
				Message  string
				Range    jsonRange
				Location jsonLocation
			}
		}
	}
	if err := json.Unmarshal(out.Bytes(), &got); err != nil {
		t.Fatal(err)
	}
	if len(got.Diagnostics) != 1 || len(got.Diagnostics[0].Related) != 1 {
		t.Fatalf("want one finding with one related place:\n%s", out.String())
	}
	r := got.Diagnostics[0].Related[0]
	if r.Message != "title may be None: data.get('title')" || r.Range.Start != (jsonPosition{0, 8}) || r.Range.End != (jsonPosition{0, 25}) || r.Location != (jsonLocation{1, 9}) {
		t.Errorf("related = %+v", r)
	}
}

// TestSARIFRelated checks that --format sarif carries relatedLocations.
func TestSARIFRelated(t *testing.T) {
	var out bytes.Buffer
	if err := writeSARIF(&out, relatedReport(), "test"); err != nil {
		t.Fatal(err)
	}
	var got sarifLog
	if err := json.Unmarshal(out.Bytes(), &got); err != nil {
		t.Fatal(err)
	}
	res := got.Runs[0].Results
	if len(res) != 1 || len(res[0].RelatedLocations) != 1 {
		t.Fatalf("want one result with one related location:\n%s", out.String())
	}
	r := res[0].RelatedLocations[0]
	if r.Message.Text != "title may be None: data.get('title')" || r.PhysicalLocation.Region != (sarifRegion{1, 9, 1, 26}) || r.PhysicalLocation.ArtifactLocation.URI != "w.py" {
		t.Errorf("related location = %+v", r)
	}
}
