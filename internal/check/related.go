package check

import (
	"path/filepath"

	"github.com/pyworkers/pyworkers-lsp/internal/analysis/diag"
)

// jsonRelated is a place that explains a finding (where a None or a dict
// came from), in the finding's file: the LSP relatedInformation of the
// editor, for CI tools.
type jsonRelated struct {
	Message     string       `json:"message"`
	Range       jsonRange    `json:"range"`
	Location    jsonLocation `json:"location"`
	EndLocation jsonLocation `json:"end_location"`
}

// relatedJSON converts a finding's related places.
func relatedJSON(f *File, d diag.Diagnostic) []jsonRelated {
	if len(d.Related) == 0 {
		return nil
	}
	out := make([]jsonRelated, 0, len(d.Related))
	for _, r := range d.Related {
		start, end := locations(f, r.Start, r.End)
		out = append(out, jsonRelated{Message: r.Message, Range: lspRange(f, diag.Diagnostic{Start: r.Start, End: r.End}), Location: start, EndLocation: end})
	}
	return out
}

// sarifRelated is a SARIF result's relatedLocations entry.
type sarifRelated struct {
	ID               int           `json:"id"`
	PhysicalLocation sarifPhysical `json:"physicalLocation"`
	Message          sarifText     `json:"message"`
}

// relatedSARIF converts a finding's related places.
func relatedSARIF(f *File, d diag.Diagnostic) []sarifRelated {
	var out []sarifRelated
	for i, r := range d.Related {
		rg := lspRange(f, diag.Diagnostic{Start: r.Start, End: r.End})
		out = append(out, sarifRelated{ID: i + 1, Message: sarifText{r.Message}, PhysicalLocation: sarifPhysical{
			ArtifactLocation: sarifArtifact{URI: filepath.ToSlash(f.Path)},
			Region:           sarifRegion{StartLine: rg.Start.Line + 1, StartColumn: rg.Start.Character + 1, EndLine: rg.End.Line + 1, EndColumn: rg.End.Character + 1},
		}})
	}
	return out
}
