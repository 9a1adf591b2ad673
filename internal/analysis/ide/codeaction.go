package ide

import (
	"context"

	"github.com/pyworkers/pyworkers-lsp/internal/analysis"
	"github.com/pyworkers/pyworkers-lsp/internal/analysis/diag"
	"github.com/pyworkers/pyworkers-lsp/internal/analysis/rules"
	"github.com/pyworkers/pyworkers-lsp/internal/analysis/source"
	"github.com/pyworkers/pyworkers-lsp/internal/quickfix"
)

// Actions computes the code actions of one request on a snapshot: quick
// fixes from the findings' data and the snapshot's syntax and module
// summary (no analysis), and fix-all, which analyses each pass's text.
type Actions struct {
	s *Snapshot
	// Runtime is the editor's runtime setting, which overrides configs
	// (config fix-all resolves the profile of each pass).
	runtime string
	tree    func() // releases the tree copy, if taken
	doc     *quickfix.Document
}

// NewActions prepares the code actions of a request on s; Close releases
// what they took.
func NewActions(s *Snapshot, runtime string) *Actions { return &Actions{s: s, runtime: runtime} }

// Close releases the syntax tree the fixes read.
func (a *Actions) Close() {
	if a.tree != nil {
		a.tree()
	}
}

// Fixable reports whether code actions apply to the snapshot.
func (a *Actions) Fixable() bool { return a.s.Kind == Python || a.s.Kind == Config }

// document is the quickfix view of the snapshot, with the module summary
// of its analysis when it has finished.
func (a *Actions) document() quickfix.Document {
	if a.doc == nil {
		d := quickfix.Document{Path: a.s.Path, Text: a.s.Text, Profile: a.s.Profile(), Lines: a.s.Lines}
		if tree, _ := a.s.TreeCopy(); tree != nil { // none once superseded: fixes need no tree
			d.Tree, a.tree = tree, tree.Close
		}
		if an, ok := a.s.Analyzed(); ok && an.Module != nil {
			d.Module = an.Module
		}
		a.doc = &d
	}
	return *a.doc
}

// Findings returns the snapshot's findings: a Python file's are its
// analysis (shared with the diagnostics published for it), a wrangler
// config's are checked against its workspace.
func (a *Actions) Findings(ctx context.Context) ([]diag.Diagnostic, error) {
	if a.s.Kind == Python {
		an, err := a.s.Analysis(ctx)
		if err != nil {
			return nil, err
		}
		return an.Diagnostics, nil
	}
	if analyze := a.analyzer(); analyze != nil {
		return analyze(a.s.Text), nil
	}
	return nil, nil
}

// Fixes returns the fixes of each diagnostic (same order).
func (a *Actions) Fixes(diags []diag.Diagnostic) [][]quickfix.Fix {
	return quickfix.FixesOf(a.document(), diags)
}

// CanFixAll reports whether fix-all may have something to do, without
// computing it: false for a config file that is not its project's
// wrangler config, and for an analysed Python snapshot with no finding
// that has a safe fix.
func (a *Actions) CanFixAll() bool {
	if a.s.Kind == Config && a.analyzer() == nil {
		return false
	}
	if an, ok := a.s.Analyzed(); ok && a.s.Kind == Python && !anySafeFix(an.Diagnostics) {
		return false
	}
	return true
}

// anySafeFix reports whether a finding's rule has a safe fix.
func anySafeFix(diags []diag.Diagnostic) bool {
	for _, d := range diags {
		if r := rules.ByCode(d.Code); r != nil && r.FixSafety() == rules.SafeFix {
			return true
		}
	}
	return false
}

// FixAll applies every safe fix, analysing each pass's text; ok is false
// when nothing is fixable.
func (a *Actions) FixAll(ctx context.Context) (res quickfix.FixAllResult, ok bool, err error) {
	diags, err := a.Findings(ctx)
	if err != nil {
		return res, false, err
	}
	analyze := a.analyzer()
	if len(diags) == 0 || analyze == nil {
		return res, false, nil
	}
	res = quickfix.FixAll(a.document(), diags, analyze, quickfix.FixAllOptions{})
	return res, res.Fixed > 0, nil
}

// analyzer re-analyses the document with new text, for fix-all; nil when
// it cannot (a config file that is not its project's wrangler config).
func (a *Actions) analyzer() quickfix.Analyze {
	env := a.s.Env
	p := env.Project()
	if p == nil {
		return nil
	}
	if a.s.Kind == Config {
		ws := p.Workspace
		if ws == nil || ws.Wrangler == nil || ws.Wrangler.Path != a.s.Path {
			return nil
		}
		return quickfix.ConfigAnalyzer(ws, env.Options, a.runtime)
	}
	if a.s.Kind != Python {
		return nil
	}
	cache := analysis.NewCache() // the passes differ by a few units
	prof := p.Profile
	return func(text []byte) []diag.Diagnostic {
		d := source.Open(a.s.URI, a.s.Version, text, true)
		defer d.Close()
		snap := d.Snapshot()
		defer snap.Close()
		in := analysis.Input{Snapshot: snap, Profile: prof, Options: env.Options, Path: a.s.Path,
			IsMain: prof.Main != "" && prof.Main == a.s.Path, Modules: env.Modules}
		return analysis.Analyze(in, cache).Diagnostics
	}
}
