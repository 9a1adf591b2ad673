package quickfix

import (
	"bytes"
	"maps"
	"slices"
	"strings"

	"github.com/pyworkers/pyworkers-lsp/internal/analysis/semantic"
	"github.com/pyworkers/pyworkers-lsp/internal/analysis/syntax"
)

// importName makes module.name usable at module level and returns how to
// spell it there, with the edits that add the import (none when it is
// already imported). In order of preference: an existing import of the
// name (under any alias) or a star import; an existing `import module`
// (`js.Object` after `import js`); a name added to an existing
// `from module import …`; a new `from module import name` after the
// docstring, `__future__` imports and the leading import block. When name
// is already bound to something else, `import module` is used instead.
// ok is false when neither spelling is free.
func (m *pyModule) importName(module, name string) (ref string, edits []Edit, ok bool) {
	refs, edits, ok := m.importNames(module, name)
	if !ok {
		return "", nil, false
	}
	return refs[0], edits, true
}

// importNames is importName for several names of one module, added with
// one edit (`from module import a, b`).
func (m *pyModule) importNames(module string, names ...string) (refs []string, edits []Edit, ok bool) {
	var add []string
	plain := false
	for _, name := range names {
		ref, how := m.spell(module, name)
		switch how {
		case spellFail:
			return nil, nil, false
		case spellAdd:
			add = append(add, name)
		case spellPlain:
			plain = true
		}
		refs = append(refs, ref)
	}
	if plain {
		edits = append(edits, m.insertStatement("import "+module))
	}
	if len(add) == 0 {
		return refs, edits, true
	}
	list := strings.Join(add, ", ")
	if stmt := m.fromImport(module); !stmt.IsZero() {
		entries := importEntries(stmt)
		last := entries[len(entries)-1]
		return refs, append(edits, edit(last.End(), last.End(), ", "+list)), true
	}
	return refs, append(edits, m.insertStatement("from "+module+" import "+list)), true
}

// spelling says what an import of a name needs.
type spelling int

const (
	spellFound spelling = iota // already imported
	spellAdd                   // to add to a from-import
	spellPlain                 // as module.name after `import module`
	spellFail                  // no free spelling
)

// spell returns how to refer to module.name and what that needs.
func (m *pyModule) spell(module, name string) (string, spelling) {
	want := module + "." + name
	if local := m.importedAs(want); local != "" {
		return local, spellFound
	}
	if _, bound := m.sem.Names[name]; !bound && m.sem.Global(name) == want {
		return name, spellFound // star import
	}
	if local := m.importedAs(module); local != "" {
		return local + "." + name, spellFound
	}
	if _, bound := m.sem.Names[name]; bound || m.sem.Global(name) != "" {
		head, _, _ := strings.Cut(module, ".")
		if _, taken := m.sem.Names[head]; taken {
			return "", spellFail
		}
		return module + "." + name, spellPlain
	}
	return name, spellAdd
}

// importedAs returns the first (by name) module-level name an import binds
// to the qualified name q, or "".
func (m *pyModule) importedAs(q string) string {
	if m.importLocals == nil {
		m.importLocals = map[string]string{}
		for _, local := range slices.Sorted(maps.Keys(m.sem.Names)) {
			b := m.sem.Names[local]
			if _, seen := m.importLocals[b.Qualified]; b.Kind == semantic.Import && !seen {
				m.importLocals[b.Qualified] = local
			}
		}
	}
	return m.importLocals[q]
}

// fromImport returns a top-level `from module import a, b` statement that
// names can be added to (not a star import), or the zero Node.
func (m *pyModule) fromImport(module string) syntax.Node {
	for i, u := range m.units {
		// Only statements written `from …` can be one: the others are
		// not flattened.
		if u.Kind == syntax.Member || !bytes.HasPrefix(m.text[u.Start:u.End], []byte("from")) {
			continue
		}
		n := m.tree(i).Root()
		if n.Type() != syntax.TypeImportFromStatement || len(importEntries(n)) == 0 {
			continue
		}
		imps := semantic.ImportsOf(n)
		if len(imps) > 0 && !imps[0].Star && !imps[0].Relative && imps[0].Module == module {
			return n
		}
	}
	return syntax.Node{}
}

// importEntries returns the imported names of a from-import (dotted names
// and aliased imports), in order.
func importEntries(stmt syntax.Node) []syntax.Node {
	var out []syntax.Node
	for _, ch := range stmt.NamedChildren() {
		if ch.FieldName() == "name" {
			out = append(out, ch)
		}
	}
	return out
}

// insertStatement inserts a statement line where new imports go.
func (m *pyModule) insertStatement(stmt string) Edit {
	at, after := m.importPoint()
	nl := m.newline()
	if after && (at == len(m.text) && at > 0 && m.text[at-1] != '\n' && m.text[at-1] != '\r') {
		return edit(at, at, nl+stmt+nl)
	}
	return edit(at, at, stmt+nl)
}

// importPoint returns where a new import line goes: after the last
// statement of the leading block of docstring, `__future__` imports and
// imports, or else before the first statement (after leading comments),
// or at the end of a file without statements. after reports that the
// point follows a statement.
func (m *pyModule) importPoint() (offset int, after bool) {
	var anchor, first syntax.Node
	for n := range m.topLevel() {
		if n.Type() == syntax.TypeComment {
			continue
		}
		if first.IsZero() {
			first = n
			if isDocstring(n) {
				anchor = n
				continue
			}
		}
		if !n.Is(syntax.TypeFutureImportStatement, syntax.TypeImportStatement, syntax.TypeImportFromStatement) {
			break
		}
		anchor = n
	}
	if !anchor.IsZero() {
		return m.nextLine(anchor.End()), true
	}
	if !first.IsZero() {
		return m.lineStart(first.Start()), false
	}
	return len(m.text), true
}

// isDocstring reports whether a statement is a lone string expression.
func isDocstring(n syntax.Node) bool {
	if n.Type() != syntax.TypeExpressionStatement {
		return false
	}
	ch := n.NamedChildren()
	return len(ch) == 1 && ch[0].Is(syntax.TypeString, syntax.TypeConcatenatedString)
}

// removeImportEntry removes one imported name of a from-import with its
// comma, or the whole statement when it is the only one.
func (m *pyModule) removeImportEntry(stmt, entry syntax.Node) Edit {
	entries := importEntries(stmt)
	if len(entries) == 1 {
		return m.removeStatement(stmt)
	}
	for i, e := range entries {
		if e != entry {
			continue
		}
		if i+1 < len(entries) {
			return edit(e.Start(), entries[i+1].Start(), "")
		}
		return edit(entries[i-1].End(), e.End(), "")
	}
	return Edit{}
}

// removeStatement deletes a simple statement: its whole line when nothing
// else is on it (a trailing comment goes with it), else the statement and
// its `;`. A statement alone in a block becomes `pass`.
func (m *pyModule) removeStatement(stmt syntax.Node) Edit {
	if block := stmt.Parent(); block.Type() == syntax.TypeBlock && len(statements(block)) == 1 {
		return edit(stmt.Start(), stmt.End(), "pass")
	}
	text := m.text
	ls := m.lineStart(stmt.Start())
	end := stmt.End()
	for end < len(text) && (text[end] == ' ' || text[end] == '\t') {
		end++
	}
	if end < len(text) && text[end] == ';' {
		end++
		for end < len(text) && (text[end] == ' ' || text[end] == '\t') {
			end++
		}
		return edit(stmt.Start(), end, "")
	}
	if isBlank(text, ls, stmt.Start()) {
		return edit(ls, m.nextLine(stmt.End()), "")
	}
	start := stmt.Start()
	for start > ls && text[start-1] != ';' {
		start--
	}
	return edit(start-1, stmt.End(), "")
}

// statements returns the statements of a block (comments excluded).
func statements(block syntax.Node) []syntax.Node {
	var out []syntax.Node
	for _, ch := range block.NamedChildren() {
		if ch.Type() != syntax.TypeComment {
			out = append(out, ch)
		}
	}
	return out
}
