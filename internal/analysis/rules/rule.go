// Package rules holds the pyworkers-lsp rule catalogue: one file per rule
// with its metadata, documentation and analyzer, and the registry that
// lists them.
package rules

import (
	"slices"

	"github.com/pyworkers/pyworkers-lsp/internal/analysis/config"
	"github.com/pyworkers/pyworkers-lsp/internal/analysis/diag"
	"github.com/pyworkers/pyworkers-lsp/internal/analysis/profile"
	"github.com/pyworkers/pyworkers-lsp/internal/analysis/semantic"
	"github.com/pyworkers/pyworkers-lsp/internal/analysis/syntax"
)

// Rule is one entry of the catalogue.
type Rule struct {
	Code     string // "PW201"
	Name     string // kebab-case short name: "to-py-import"
	Summary  string // one line, shown by `rules` and in hovers
	Severity diag.Severity
	// Runtimes says in words where the rule applies ("always",
	// "Pyodide 0.28 and newer", "raw bindings (SDK < 1.3)").
	Runtimes string
	// Fixes declares the fixes the rule offers (none: suppression only).
	// A finding offers one by carrying its kind in Data (Kind.Data); the
	// catalogue's fix column, docs, SARIF, code actions and `check --fix`
	// all read this declaration.
	Fixes []Fix
	// Doc is markdown with the sections What it does / Why it breaks on
	// Workers / Example / Use instead / Which runtimes, read from the
	// embedded PWNNN.md beside the rule when the catalogue is built.
	Doc string

	// Applies gates the rule on the runtime profile; nil means always.
	Applies func(*profile.Profile) bool
	// Unit analyses one unit (a top-level statement, class header or class
	// member). Results are cached by the unit's text, its class header
	// and class summary, the profile and the module facts the analysis
	// read: a Unit analyzer reads the module only through Pass.Resolver
	// (whose lookups record those facts), never Pass.Module directly.
	Unit func(*Pass)
	// Module runs once per analysis on the module summary (cheap: no
	// syntax walk).
	Module func(*ModulePass)
	// Config analyses the Worker's configuration files.
	Config func(*ConfigPass)
}

// AppliesTo reports whether the rule runs under profile p.
func (r *Rule) AppliesTo(p *profile.Profile) bool {
	return r.Applies == nil || r.Applies(p)
}

// Pass is what a Unit analyzer sees.
type Pass struct {
	Rule     *Rule
	Profile  *profile.Profile
	Module   *semantic.Module
	Resolver *semantic.Resolver
	Kind     syntax.UnitKind
	Root     syntax.Node // the unit's root node
	// Class is the enclosing class of a Member unit (and the class of a
	// ClassHeader unit); nil for top-level statements.
	Class *semantic.Class
	index *NodeIndex
	out   *[]diag.Diagnostic
}

// NodeIndex groups a unit's named nodes by type, built once and shared by
// every rule that runs on the unit. It is a counting sort by syntax.Kind:
// one slice of nodes and the offset of each kind's run, so building it
// hashes nothing.
type NodeIndex struct {
	nodes  []syntax.Node    // named nodes, grouped by kind, in source order within a kind
	starts []int32          // kind k's nodes are nodes[starts[k]:starts[k+1]]
	values *semantic.Values // value origins, built by the first rule that asks (ffi.go)
	// valued is whether values belongs to the indexed unit; otherwise it
	// is a previous unit's, reused for this one's memory.
	valued bool
}

// Reset indexes the named nodes of the unit under root, reusing idx's
// memory (one index serves every unit of an analysis in turn). The zero
// NodeIndex is ready to Reset.
func (idx *NodeIndex) Reset(root syntax.Node) {
	kinds := syntax.KindCount()
	if len(idx.starts) != kinds+1 {
		idx.starts = make([]int32, kinds+1)
	} else {
		clear(idx.starts)
	}
	idx.nodes, idx.valued = idx.nodes[:0], false
	if root.IsZero() {
		return
	}
	starts := idx.starts
	// Count each kind, turn the counts into run ends, then place nodes back
	// to front: each run keeps source order, and starts[k] ends at its
	// first slot, so starts[k+1] (the next run's start) is its end.
	t := root.Tree()
	for i := root.Index(); i < root.SubtreeEnd(); i++ {
		if n := t.At(i); n.Named() {
			starts[n.Kind()]++
		}
	}
	for k := 1; k < kinds; k++ {
		starts[k] += starts[k-1]
	}
	starts[kinds] = starts[kinds-1]
	idx.nodes = slices.Grow(idx.nodes, int(starts[kinds]))[:starts[kinds]]
	for i := root.SubtreeEnd() - 1; i >= root.Index(); i-- {
		if n := t.At(i); n.Named() {
			k := n.Kind()
			starts[k]--
			idx.nodes[starts[k]] = n
		}
	}
}

// of returns the indexed nodes of type typ.
func (idx *NodeIndex) of(typ string) []syntax.Node {
	k, ok := syntax.KindOf(typ)
	if !ok || len(idx.nodes) == 0 {
		return nil
	}
	return idx.nodes[idx.starts[k]:idx.starts[k+1]:idx.starts[k+1]]
}

// NewPass prepares a pass of rule r over one unit; findings are appended to out.
func NewPass(r *Rule, p *profile.Profile, m *semantic.Module, res *semantic.Resolver, kind syntax.UnitKind, root syntax.Node, class *semantic.Class, idx *NodeIndex, out *[]diag.Diagnostic) *Pass {
	return &Pass{Rule: r, Profile: p, Module: m, Resolver: res, Kind: kind, Root: root, Class: class, index: idx, out: out}
}

// Nodes returns the unit's named nodes of the given type, in source order.
func (p *Pass) Nodes(typ string) []syntax.Node { return p.index.of(typ) }

// Report records a finding covering node n.
func (p *Pass) Report(n syntax.Node, message string, data map[string]string) {
	p.ReportRange(n.Start(), n.End(), message, data)
}

// ReportRange records a finding over the byte range [start, end).
func (p *Pass) ReportRange(start, end int, message string, data map[string]string) {
	*p.out = append(*p.out, diag.Diagnostic{
		Code: p.Rule.Code, Severity: p.Rule.Severity, Start: start, End: end,
		Message: message, Data: data,
	})
}

// ReportTagged records a finding with tags (Unnecessary, Deprecated).
func (p *Pass) ReportTagged(n syntax.Node, message string, data map[string]string, tags ...diag.Tag) {
	p.Report(n, message, data)
	(*p.out)[len(*p.out)-1].Tags = tags
}

// ModulePass is what a Module analyzer sees.
type ModulePass struct {
	Rule    *Rule
	Profile *profile.Profile
	Module  *semantic.Module
	// Path is the file's absolute path ("" for unsaved buffers) and
	// IsMain whether it is the Worker's `main` module.
	Path   string
	IsMain bool
	// Text is the document (read-only), for findings placed by position
	// rather than by a node, such as "at the top of the file".
	Text []byte
	out  *[]diag.Diagnostic
}

// NewModulePass prepares a module pass; findings are appended to out.
func NewModulePass(r *Rule, p *profile.Profile, m *semantic.Module, path string, isMain bool, out *[]diag.Diagnostic) *ModulePass {
	return &ModulePass{Rule: r, Profile: p, Module: m, Path: path, IsMain: isMain, out: out}
}

// ReportRange records a finding over [start, end).
func (p *ModulePass) ReportRange(start, end int, message string, data map[string]string) {
	*p.out = append(*p.out, diag.Diagnostic{
		Code: p.Rule.Code, Severity: p.Rule.Severity, Start: start, End: end,
		Message: message, Data: data,
	})
}

// ConfigPass is what a Config analyzer sees: one Worker's config files.
type ConfigPass struct {
	Rule      *Rule
	Profile   *profile.Profile
	Workspace *config.Workspace
	// Report records a finding in the config file at path.
	Report func(path string, d diag.Diagnostic)
}

// Finding builds a diagnostic of this pass's rule over [start, end).
func (p *ConfigPass) Finding(start, end int, message string, data map[string]string) diag.Diagnostic {
	return diag.Diagnostic{Code: p.Rule.Code, Severity: p.Rule.Severity, Start: start, End: end, Message: message, Data: data}
}

// Comments returns the unit's comment nodes.
func (idx *NodeIndex) Comments() []syntax.Node { return idx.of("comment") }
