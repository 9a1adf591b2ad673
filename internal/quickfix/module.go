package quickfix

import (
	"context"
	"iter"
	"sort"

	sitter "github.com/smacker/go-tree-sitter"

	"github.com/pyworkers/pyworkers-lsp/internal/analysis/config"
	"github.com/pyworkers/pyworkers-lsp/internal/analysis/semantic"
	"github.com/pyworkers/pyworkers-lsp/internal/analysis/source"
	"github.com/pyworkers/pyworkers-lsp/internal/analysis/syntax"
)

// pyModule is a Python document flattened per analysis unit, with its
// module summary: what fixers read instead of the tree-sitter tree.
type pyModule struct {
	text  []byte
	lines *source.Lines // built on first use (lineIndex) unless given
	units []syntax.Unit
	trees []*syntax.Tree // one per unit
	sem   *semantic.Module
	// resolvers holds one resolver per unit tree: a resolver caches
	// scopes by node index, which is per tree.
	resolvers map[*syntax.Tree]*semantic.Resolver
	// importLocals maps an imported qualified name to the local name that
	// binds it, built on first use.
	importLocals map[string]string
	// errors is the number of ERROR and MISSING nodes in the module (-1
	// until counted: see errorCount).
	errors int
	root   *sitter.Node // of a module whose units are flattened lazily
	// comments lists every comment's range in text order, built on first
	// use (see commentsIn).
	comments [][2]int
	// unitComments lists each unit's comments (by unit index) in a module
	// flattened on demand, built per unit on first use.
	unitComments map[int][][2]int
	// callNodes lists every call, built on first use (see calls).
	callNodes []syntax.Node
}

// parseModule flattens text; tree, when given, must be text's parse.
func parseModule(text []byte, tree *sitter.Tree, module *semantic.Module) *pyModule {
	given := tree != nil
	if tree == nil {
		parser := sitter.NewParser()
		defer parser.Close()
		parser.SetLanguage(syntax.Python())
		t, err := parser.ParseCtx(context.Background(), nil, source.ParserText(text))
		if err != nil {
			// Parsing fails only on cancellation, which is never set.
			panic("quickfix: parse failed: " + err.Error())
		}
		defer t.Close()
		tree = t
	}
	m := &pyModule{text: text, units: syntax.Units(tree)}
	m.trees = make([]*syntax.Tree, len(m.units))
	m.resolvers = map[*syntax.Tree]*semantic.Resolver{}
	if module != nil && given {
		// The analysis's summary of the same text: units are flattened
		// when a fix reads them (the caller's tree outlives the fixes).
		m.sem, m.errors, m.root = module, -1, tree.RootNode()
		return m
	}
	contribs := make([]semantic.Contribution, len(m.units))
	starts := make([]int, len(m.units))
	for i, u := range m.units {
		m.trees[i] = u.Flatten(text)
		contribs[i] = semantic.Summarize(u.Kind, m.tree(i).Root(), u.Start)
		starts[i] = u.Start
		m.errors += countErrors(m.trees[i])
	}
	m.sem = semantic.Build(contribs, starts)
	if tree.RootNode().HasError() && m.errors == 0 {
		// An error between units (none of them holds it) still counts.
		m.errors = 1
	}
	return m
}

// tree returns unit i flattened, flattening it on first use.
func (m *pyModule) tree(i int) *syntax.Tree {
	if m.trees[i] == nil {
		m.trees[i] = m.units[i].Flatten(m.text)
	}
	return m.trees[i]
}

// errorCount is the number of ERROR and MISSING nodes in the module (1
// for an error between units).
func (m *pyModule) errorCount() int {
	if m.errors < 0 {
		m.errors = 0
		for i := range m.units {
			m.errors += countErrors(m.tree(i))
		}
		if m.root.HasError() && m.errors == 0 {
			m.errors = 1
		}
	}
	return m.errors
}

func countErrors(t *syntax.Tree) int {
	n := 0
	for i := 0; i < t.Len(); i++ {
		if nd := t.At(i); nd.Missing() || nd.Type() == "ERROR" {
			n++
		}
	}
	return n
}

// resolver returns the resolver for the unit holding n.
func (m *pyModule) resolver(n syntax.Node) *semantic.Resolver {
	r := m.resolvers[n.Tree()]
	if r == nil {
		r = semantic.NewResolver(m.sem)
		m.resolvers[n.Tree()] = r
	}
	return r
}

// resolve returns the qualified name n refers to through imports.
func (m *pyModule) resolve(n syntax.Node) string { return m.resolver(n).Resolve(n) }

// unitAt returns the index of the unit holding offset, or -1.
func (m *pyModule) unitAt(offset int) int {
	i := sort.Search(len(m.units), func(i int) bool { return m.units[i].End > offset })
	if i < len(m.units) && m.units[i].Start <= offset {
		return i
	}
	return -1
}

// nodeAt returns the innermost named node spanning exactly [start, end),
// or the zero Node when the text there has changed shape.
func (m *pyModule) nodeAt(start, end int) syntax.Node {
	u := m.unitAt(start)
	if u < 0 {
		return syntax.Node{}
	}
	t := m.tree(u)
	var found syntax.Node
	for i := 0; i < t.Len(); i++ {
		n := t.At(i)
		if n.Start() > start {
			break
		}
		if n.Named() && n.Start() == start && n.End() == end {
			found = n
		}
	}
	return found
}

// topLevel returns the root nodes of the top-level statements (class
// headers included, members not), in order.
func (m *pyModule) topLevel() iter.Seq[syntax.Node] {
	return func(yield func(syntax.Node) bool) {
		for i, u := range m.units {
			// Flattened when reached: a caller that stops early (the
			// import point) reads the head of the module only.
			if u.Kind != syntax.Member && !yield(m.tree(i).Root()) {
				return
			}
		}
	}
}

// lineIndex is the module's line index: the document's when given, else
// built once (a fix of thousands of findings on one long line looks up
// the same text thousands of times).
func (m *pyModule) lineIndex() *source.Lines {
	if m.lines == nil {
		m.lines = source.NewLines(m.text)
	}
	return m.lines
}

// lineStart returns the offset of the first byte of the line holding offset.
func (m *pyModule) lineStart(offset int) int {
	l := m.lineIndex()
	return l.LineStart(l.Line(offset))
}

// lineEnd returns the offset of the line break ending the line holding
// offset (len(text) on the last line).
func (m *pyModule) lineEnd(offset int) int {
	l := m.lineIndex()
	return l.LineEnd(l.Line(offset))
}

// nextLine returns the offset just past the line break after offset
// (len(text) on the last line).
func (m *pyModule) nextLine(offset int) int {
	l := m.lineIndex()
	return l.LineStart(l.Line(offset) + 1)
}

// newline returns the document's line break ("\n" unless its first line
// ends in "\r\n").
func (m *pyModule) newline() string {
	l := m.lineIndex()
	if l.Count() > 1 && l.LineStart(1)-l.LineEnd(0) == 2 {
		return "\r\n"
	}
	return "\n"
}

// indentOf returns the whitespace at the start of the line holding offset.
// Form feeds before it are left out: Python resets the indentation count
// at a form feed, so they are not part of the indentation to copy.
func (m *pyModule) indentOf(offset int) string {
	text := m.text
	s := m.lineStart(offset)
	for s < len(text) && text[s] == '\f' {
		s++
	}
	e := s
	for e < len(text) && (text[e] == ' ' || text[e] == '\t') {
		e++
	}
	return string(text[s:e])
}

// isBlank reports whether text[start:end] is only spaces and tabs.
func isBlank(text []byte, start, end int) bool {
	for _, b := range text[start:end] {
		if b != ' ' && b != '\t' {
			return false
		}
	}
	return true
}

// isConfigPath reports whether path names a config file (TOML or JSON).
func isConfigPath(path string) bool { return config.FormatOf(path) != 0 }
