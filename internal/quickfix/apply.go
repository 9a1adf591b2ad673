package quickfix

import (
	"bytes"
	"fmt"
	"maps"
	"sort"

	"github.com/pyworkers/pyworkers-lsp/internal/analysis/diag"
	"github.com/pyworkers/pyworkers-lsp/internal/analysis/rules"
)

// Apply returns text with edits applied. Offsets refer to the original
// text; edits must not overlap. Insertions at one offset keep their order,
// and an insertion at the start of a replaced range goes before it.
func Apply(text []byte, edits []Edit) ([]byte, error) {
	sorted := sortedEdits(edits)
	var b bytes.Buffer
	b.Grow(len(text))
	pos := 0
	for _, e := range sorted {
		if e.Start < pos || e.Start > e.End || e.End > len(text) {
			return nil, fmt.Errorf("quickfix: edit [%d,%d) overlaps another or lies outside the text (%d bytes)", e.Start, e.End, len(text))
		}
		b.Write(text[pos:e.Start])
		b.WriteString(e.NewText)
		pos = e.End
	}
	b.Write(text[pos:])
	return b.Bytes(), nil
}

func sortedEdits(edits []Edit) []Edit {
	s := append([]Edit(nil), edits...)
	sort.SliceStable(s, func(i, j int) bool {
		if s[i].Start != s[j].Start {
			return s[i].Start < s[j].Start
		}
		return s[i].End < s[j].End
	})
	return s
}

// editSet is a growing set of non-overlapping edits of one file, and of
// the claims of the fixes they belong to.
type editSet struct {
	edits  []Edit
	claims map[string]bool
}

// conflicts reports whether e overlaps an edit of the set. An edit equal
// to one already there is shared, not a conflict: two fixes that add the
// same import agree.
func (s *editSet) conflicts(e Edit) (conflict, shared bool) {
	for _, o := range s.edits {
		if o == e {
			return false, true
		}
		if e.Start < o.End && o.Start < e.End {
			return true, false
		}
		// An insertion inside a replaced range, or two different
		// insertions at one point: their order would be arbitrary.
		if e.Start == e.End && o.Start < e.Start && e.Start < o.End ||
			o.Start == o.End && e.Start < o.Start && o.Start < e.End ||
			e.Start == e.End && o.Start == o.End && e.Start == o.Start {
			return true, false
		}
	}
	return false, false
}

// tryAdd adds all edits of a fix, or none when any conflicts or its
// claim is taken.
func (s *editSet) tryAdd(f Fix) bool {
	if f.claim != "" && s.claims[f.claim] {
		return false
	}
	edits := f.Edits
	var add []Edit
	for _, e := range edits {
		conflict, shared := s.conflicts(e)
		if conflict {
			return false
		}
		if !shared {
			add = append(add, e)
		}
	}
	s.edits = append(s.edits, add...)
	if f.claim != "" {
		if s.claims == nil {
			s.claims = map[string]bool{}
		}
		s.claims[f.claim] = true
	}
	return true
}

// Analyze re-runs the analysis of a document over new text.
type Analyze func(text []byte) []diag.Diagnostic

// FixAllOptions control FixAll.
type FixAllOptions struct {
	// Unsafe also applies fixes whose rule marks them unsafe.
	Unsafe bool
	// MaxPasses bounds the fix/re-analyse iterations (default 10).
	MaxPasses int
}

// FixAllResult is the outcome of FixAll.
type FixAllResult struct {
	Text []byte
	// Fixed counts the fixes applied; Diagnostics are the findings left.
	Fixed       int
	Diagnostics []diag.Diagnostic
}

// FixAll applies every fix of doc allowed by opts, as in ruff: each pass
// takes the diagnostics in position order, applies each one's preferred
// fix unless its edits overlap those of an earlier fix (the later one is
// retried on the next pass), then re-analyses. It stops when a pass
// applies nothing or after MaxPasses. diags are doc's current findings.
// Only edits to doc itself are applied; a pass whose edits would add a
// syntax error is undone fix by fix.
func FixAll(doc Document, diags []diag.Diagnostic, analyze Analyze, opts FixAllOptions) FixAllResult {
	passes := opts.MaxPasses
	if passes <= 0 {
		passes = 10
	}
	res := FixAllResult{Text: doc.Text, Diagnostics: diags}
	for pass := 0; pass < passes; pass++ {
		cur := doc
		cur.Text, cur.Tree = res.Text, nil
		if pass > 0 {
			// The summary and line index describe the text before this pass.
			cur.Module, cur.Lines = nil, nil
		}
		p := newParsed(cur)
		fixes := applicable(p, res.Diagnostics, opts.Unsafe)
		if len(fixes) == 0 {
			break
		}
		text, n := applyPass(p, fixes)
		if n == 0 {
			break
		}
		res.Text, res.Fixed = text, res.Fixed+n
		res.Diagnostics = analyze(res.Text)
	}
	return res
}

// applicable returns the preferred fix of each diagnostic that FixAll may
// apply, in diagnostic order.
func applicable(p *parsed, diags []diag.Diagnostic, unsafe bool) []Fix {
	sorted := append([]diag.Diagnostic(nil), diags...)
	diag.Sort(sorted)
	doc := p.doc
	var out []Fix
	for _, d := range sorted {
		for _, f := range p.fixes(d) {
			if !f.Preferred || f.Suppression || !localEdits(doc, f) {
				continue
			}
			if f.Safety == rules.SafeFix || (unsafe && f.Safety == rules.UnsafeFix) {
				out = append(out, f)
			}
			break
		}
	}
	return out
}

// localEdits reports whether every edit of f targets doc.
func localEdits(doc Document, f Fix) bool {
	for _, e := range f.Edits {
		if e.Path != "" && e.Path != doc.Path {
			return false
		}
	}
	return true
}

// applyPass applies the non-conflicting fixes (first by position wins)
// and returns the new text and how many fixes it holds. If the result has
// more syntax errors than the input, fixes are re-applied one at a time,
// keeping only those that parse.
func applyPass(p *parsed, fixes []Fix) ([]byte, int) {
	doc := p.doc
	var set editSet
	var taken []Fix
	for _, f := range fixes {
		if set.tryAdd(f) {
			taken = append(taken, f)
		}
	}
	before := p.syntaxErrors()
	text, err := Apply(doc.Text, set.edits)
	if err == nil && syntaxErrors(Document{Path: doc.Path, Text: text}) <= before {
		return text, len(taken)
	}
	// Undo: keep each fix only if it applies and parses on its own.
	var keep editSet
	n := 0
	for _, f := range taken {
		trial := editSet{edits: append([]Edit(nil), keep.edits...), claims: maps.Clone(keep.claims)}
		if !trial.tryAdd(f) {
			continue
		}
		t, err := Apply(doc.Text, trial.edits)
		if err != nil {
			continue
		}
		if syntaxErrors(Document{Path: doc.Path, Text: t}) <= before {
			keep, text, n = trial, t, n+1
		}
	}
	if n == 0 {
		return doc.Text, 0
	}
	return text, n
}

// syntaxErrors counts the parse errors of a Python document (config files
// count 1 when they do not parse).
func syntaxErrors(doc Document) int { return newParsed(doc).syntaxErrors() }

func (p *parsed) syntaxErrors() int {
	if p.isConfig() {
		if p.config().Err != nil {
			return 1
		}
		return 0
	}
	return p.module().errorCount()
}
