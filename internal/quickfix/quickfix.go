// Package quickfix computes the edits that fix a diagnostic (ruff's model:
// the diagnostic's Data names the fix, the fix re-reads the syntax at the
// diagnostic's range in the current text), applies all safe fixes of a
// file at once, and formats the result as a diff. It knows nothing of LSP:
// edits are byte ranges.
package quickfix

import (
	sitter "github.com/smacker/go-tree-sitter"

	"github.com/pyworkers/pyworkers-lsp/internal/analysis/config"
	"github.com/pyworkers/pyworkers-lsp/internal/analysis/diag"
	"github.com/pyworkers/pyworkers-lsp/internal/analysis/profile"
	"github.com/pyworkers/pyworkers-lsp/internal/analysis/rules"
	"github.com/pyworkers/pyworkers-lsp/internal/analysis/semantic"
	"github.com/pyworkers/pyworkers-lsp/internal/analysis/source"
)

// Document is the file a diagnostic was reported in.
type Document struct {
	// Path is the file's path ("" for an unsaved buffer). Config files are
	// recognised by extension (.toml, .jsonc, .json); anything else is
	// Python.
	Path string
	Text []byte
	// Tree is an optional tree-sitter tree of Text (Python only); it is
	// read, never kept or closed. Without it the text is parsed.
	Tree *sitter.Tree
	// Profile is the runtime the file runs on (nil: the default profile).
	Profile *profile.Profile
	// Module is an optional module summary of Text (the analysis's, which
	// fixes read instead of summarising the whole module again); used
	// with Tree only.
	Module *semantic.Module
	// Lines is an optional line index of Text (the snapshot's); without
	// it the fixes index the text on first use.
	Lines *source.Lines
}

// Edit replaces the bytes [Start, End) of a file with NewText.
type Edit struct {
	// Path is the file to edit; "" means the diagnostic's document.
	Path       string
	Start, End int
	NewText    string
}

// Fix is one way to resolve a diagnostic.
type Fix struct {
	Title string
	// Code is the diagnostic's code and Kind the fix its rule declares
	// (zero for a suppression); Safety is that declaration's.
	Code   string
	Kind   rules.FixKind
	Safety rules.FixSafety
	// Preferred marks the fix an editor may apply on its own (the main fix
	// of the diagnostic, never a suppression).
	Preferred bool
	// Suppression marks "ignore on this line" actions: offered, never
	// applied by fix-all.
	Suppression bool
	Edits       []Edit
	// claim names what the fix creates that two fixes must not both
	// create in one fix-all pass ("class Default"): the later one waits
	// for the next pass, where its finding has changed.
	claim string
}

// fixer computes the fixes for one fix kind (the diagnostic's Data["fix"]).
type fixer func(c *fixContext) []Fix

// pythonFixers and configFixers map the fix kinds rules declare
// (rules.FixKind) to their fixers, for Python files and for wrangler
// configs. A test fails when a kind has no fixer.
var pythonFixers = map[rules.FixKind]fixer{
	// Suppressions (PW001).
	rules.FixRemoveSuppression: fixRemoveSuppression,
	// Entrypoints and handlers (PW101–PW110).
	rules.FixConvertToDefaultClass: fixConvertToDefaultClass,
	rules.FixMoveToDefaultClass:    fixMoveToDefaultClass,
	rules.FixAddDefaultClass:       fixAddDefaultClass,
	rules.FixSignature:             fixSignature,
	rules.FixSubscript:             fixSubscript,
	rules.FixAddDepends:            fixAddDepends,
	rules.FixDependsToParams:       fixDependsToParams,
	rules.FixRenameModule:          fixRenameModule,
	rules.FixRename:                fixRename,
	// The FFI (PW2xx).
	rules.FixRemoveImport:     fixRemoveToPyImport,
	rules.FixToMethod:         fixToMethod,
	rules.FixAddDictConverter: fixAddDictConverter,
	rules.FixNoneToJsnull:     fixNoneToJsnull,
	rules.FixIsNoneOrJsnull:   fixIsNoneOrJsnull,
	rules.FixAddToPy:          fixAddToPy,
	rules.FixDropToPy:         fixDropToPy,
	rules.FixWrapToJs:         fixWrapToJs,
	// Bindings (PW4xx).
	rules.FixRenameBinding: fixRenameAttribute,
	rules.FixRenameMethod:  fixRenameAttribute,
}

var configFixers = map[rules.FixKind]fixer{
	rules.FixAddFlag:      fixAddFlag,
	rules.FixReplaceFlag:  fixReplaceFlag,
	rules.FixAddRemote:    fixAddRemote,
	rules.FixRemoveRemote: fixRemoveRemote,
}

// implemented reports whether this package has a fixer for kind k.
func implemented(k rules.FixKind) bool {
	return pythonFixers[k] != nil || configFixers[k] != nil
}

// Fixes returns the fixes for diagnostic d of doc: the rule's fix (when the
// diagnostic's data names one and the syntax at its range still matches)
// followed by "Ignore CODE on this line".
func Fixes(doc Document, d diag.Diagnostic) []Fix {
	return newParsed(doc).fixes(d)
}

// parsed is a document with its syntax, parsed on first use and shared by
// the fixes of all its diagnostics.
type parsed struct {
	doc  Document
	py   *pyModule
	conf *config.File
}

func newParsed(doc Document) *parsed {
	if doc.Profile == nil {
		doc.Profile = profile.Default()
	}
	return &parsed{doc: doc}
}

func (p *parsed) fixes(d diag.Diagnostic) []Fix {
	if d.Start < 0 || d.Start > d.End || d.End > len(p.doc.Text) {
		return nil // from another version of the text
	}
	c := &fixContext{parsed: p, d: d}
	table := pythonFixers
	if p.isConfig() {
		table = configFixers
	}
	var out []Fix
	decl, ok := rules.FixOf(d)
	if f := table[decl.Kind]; ok && f != nil {
		for i, fx := range f(c) {
			if len(fx.Edits) == 0 {
				continue
			}
			fx.Code = d.Code
			fx.Kind = decl.Kind
			fx.Safety = decl.Safety
			fx.Preferred = i == 0
			out = append(out, fx)
		}
	}
	if s, ok := suppressFix(c); ok {
		out = append(out, s)
	}
	return out
}

// isConfig reports whether the document is a config file.
func (p *parsed) isConfig() bool { return isConfigPath(p.doc.Path) }

// module returns the parsed Python module (nil for config files).
func (p *parsed) module() *pyModule {
	if p.py == nil && !p.isConfig() {
		p.py = parseModule(p.doc.Text, p.doc.Tree, p.doc.Module)
		p.py.lines = p.doc.Lines
	}
	return p.py
}

// config returns the parsed config file (nil for Python files).
func (p *parsed) config() *config.File {
	if p.conf == nil && p.isConfig() {
		p.conf = config.ParseFile(p.doc.Path, p.doc.Text, config.FormatOf(p.doc.Path))
	}
	return p.conf
}

// fixContext is what a fixer reads: the document and one diagnostic.
type fixContext struct {
	*parsed
	d diag.Diagnostic
}

// text is the document's text.
func (c *fixContext) text() []byte { return c.doc.Text }

// edit is a same-document edit.
func edit(start, end int, text string) Edit { return Edit{Start: start, End: end, NewText: text} }
