package check

import (
	"github.com/pyworkers/pyworkers-lsp/internal/analysis/rules"
	"github.com/pyworkers/pyworkers-lsp/internal/analysis/source"
	"github.com/pyworkers/pyworkers-lsp/internal/quickfix"
)

// jsonLocation is a 1-based row and character (code point) column.
type jsonLocation struct {
	Row    int `json:"row"`
	Column int `json:"column"`
}

// jsonFix is a finding's fix as ruff's JSON output carries it: how safe
// it is, what it does and its edits.
type jsonFix struct {
	Applicability string     `json:"applicability"`
	Message       string     `json:"message"`
	Edits         []jsonEdit `json:"edits"`
}

type jsonEdit struct {
	Content     string       `json:"content"`
	Location    jsonLocation `json:"location"`
	EndLocation jsonLocation `json:"end_location"`
}

// locations converts a byte range of f to 1-based locations.
func locations(f *File, start, end int) (jsonLocation, jsonLocation) {
	sl, sc := f.Lines.Position(start, source.UTF32)
	el, ec := f.Lines.Position(end, source.UTF32)
	return jsonLocation{sl + 1, sc + 1}, jsonLocation{el + 1, ec + 1}
}

// toJSONFix converts the fix of a finding of f (nil: none).
func toJSONFix(f *File, fix *quickfix.Fix) *jsonFix {
	if fix == nil {
		return nil
	}
	out := &jsonFix{Applicability: fix.Safety.String(), Message: fix.Title, Edits: []jsonEdit{}}
	for _, e := range fix.Edits {
		start, end := locations(f, e.Start, e.End)
		out.Edits = append(out.Edits, jsonEdit{Content: e.NewText, Location: start, EndLocation: end})
	}
	return out
}

// ruleURL is the documentation link of a rule code ("" for unknown codes).
func ruleURL(rep *Report, code string) string {
	if rules.ByCode(code) == nil {
		return ""
	}
	base := rep.DocsURL
	if base == "" {
		base = rules.DefaultDocBase
	}
	return rules.DocURL(base, code)
}
