package quickfix

import (
	"strconv"
	"strings"

	"github.com/pyworkers/pyworkers-lsp/internal/analysis/semantic"
	"github.com/pyworkers/pyworkers-lsp/internal/analysis/syntax"
)

// fixRenameAttribute fixes PW401 (`env.DBB` → `env.DB`) and PW402
// (`.prepar` → `.prepare`): the attribute name becomes Data["name"].
func fixRenameAttribute(c *fixContext) []Fix {
	m := c.module()
	id := m.nodeAt(c.d.Start, c.d.End)
	to := c.d.Data["name"]
	if id.Type() != syntax.TypeIdentifier || id.FieldName() != "attribute" || !isIdentifier(to) {
		return nil
	}
	return []Fix{{Title: "Change to " + to, Edits: []Edit{edit(id.Start(), id.End(), to)}}}
}

// fixRename fixes PW110: a method the runtime never calls gets the
// handler's name, and a lone entrypoint class becomes Default (with the
// module's references to it).
func fixRename(c *fixContext) []Fix {
	m := c.module()
	id := m.nodeAt(c.d.Start, c.d.End)
	to := c.d.Data["to"]
	def := id.Parent()
	if id.Type() != syntax.TypeIdentifier || id.FieldName() != "name" || !def.Is(syntax.TypeFunctionDefinition, syntax.TypeClassDefinition) || !isIdentifier(to) {
		return nil
	}
	if _, taken := m.sem.Names[to]; taken && def.Type() == syntax.TypeClassDefinition {
		return nil
	}
	fix := Fix{Title: "Rename " + id.Text() + " to " + to, Edits: []Edit{edit(id.Start(), id.End(), to)}}
	if def.Type() == syntax.TypeClassDefinition {
		for _, ref := range m.globalReferences(id.Text(), id.Start()) {
			fix.Edits = append(fix.Edits, edit(ref.Start(), ref.End(), to))
		}
		fix.claim = "class " + to
	}
	return []Fix{fix}
}

// globalReferences returns the identifiers that read the module-level
// name bound at bindStart.
func (m *pyModule) globalReferences(name string, bindStart int) []syntax.Node {
	var out []syntax.Node
	for ti := range m.units {
		t := m.tree(ti)
		for i := 0; i < t.Len(); i++ {
			n := t.At(i)
			if n.Type() != syntax.TypeIdentifier || n.Text() != name || n.Start() == bindStart || !semantic.IsReference(n) {
				continue
			}
			if b, where := m.resolver(n).Lookup(n); where == semantic.Global && b.Start == bindStart {
				out = append(out, n)
			}
		}
	}
	return out
}

// fixRenameModule fixes PW109's `cloudflare.workers` import path:
// `from cloudflare.workers import X` → `from workers import X`,
// `import cloudflare.workers as w` → `import workers as w`, and for a
// plain `import cloudflare.workers` also its uses `cloudflare.workers.X`.
func fixRenameModule(c *fixContext) []Fix {
	const old = "cloudflare.workers"
	m := c.module()
	n := m.nodeAt(c.d.Start, c.d.End)
	if p := n.Parent(); n.Type() == syntax.TypeIdentifier && p.Type() == syntax.TypeDottedName && p.Start() == n.Start() && p.End() == n.End() {
		n = p
	}
	to := c.d.Data["to"]
	if n.Type() != syntax.TypeDottedName || to == "" {
		return nil
	}
	title := "Import from " + to
	name := dottedText(n)
	stmt := n.Parent()
	if stmt.Type() == syntax.TypeAliasedImport {
		stmt = stmt.Parent()
	}
	switch {
	case name == "cloudflare" && stmt.Type() == syntax.TypeImportFromStatement:
		// from cloudflare import workers [as w] → import workers [as w]
		entries := importEntries(stmt)
		if len(entries) != 1 || strings.TrimSpace(strings.SplitN(entries[0].Text(), " ", 2)[0]) != "workers" {
			return nil
		}
		alias := ""
		if entries[0].Type() == syntax.TypeAliasedImport {
			alias = " as " + entries[0].Field(syntax.FieldAlias).Text()
		}
		return []Fix{{Title: title, Edits: []Edit{edit(stmt.Start(), stmt.End(), "import "+to+alias)}}}
	case name != old && !strings.HasPrefix(name, old+"."):
		return nil
	}
	edits := []Edit{edit(n.Start(), n.End(), to+strings.TrimPrefix(name, old))}
	if stmt.Type() == syntax.TypeImportStatement && n.Parent().Type() != syntax.TypeAliasedImport {
		// `import cloudflare.workers` binds `cloudflare`: rewrite the uses.
		for ti := range m.units {
			t := m.tree(ti)
			for i := 0; i < t.Len(); i++ {
				a := t.At(i)
				if a.Type() == syntax.TypeAttribute && dottedText(a) == old && m.resolve(a.Field(syntax.FieldObject)) == "cloudflare" {
					edits = append(edits, edit(a.Start(), a.End(), to))
				}
			}
		}
	}
	return []Fix{{Title: title, Edits: edits}}
}

// dottedText returns a dotted name or attribute chain without spaces.
func dottedText(n syntax.Node) string {
	var parts []string
	for _, d := range n.Descendants() {
		if d.Type() == syntax.TypeIdentifier {
			parts = append(parts, d.Text())
		}
	}
	return strings.Join(parts, ".")
}

// fixSubscript fixes PW107: `data.key` on a JSON dict → `data["key"]`.
func fixSubscript(c *fixContext) []Fix {
	m := c.module()
	attr := m.nodeAt(c.d.Start, c.d.End)
	key := c.d.Data["key"]
	if attr.Type() != syntax.TypeAttribute || attr.Field(syntax.FieldAttribute).Text() != key {
		return nil
	}
	obj := attr.Field(syntax.FieldObject)
	lit := strconv.Quote(key)
	if s := attr.Ancestor(syntax.TypeString); strings.Contains(firstChildText(s), `"`) {
		// Inside an f-string quoted with ": older Pythons reject reusing it.
		lit = "'" + key + "'"
	}
	return []Fix{{Title: "Use " + obj.Text() + "[" + lit + "]", Edits: []Edit{edit(obj.End(), attr.End(), "["+lit+"]")}}}
}

// firstChildText returns the text of n's first child ("" if none).
func firstChildText(n syntax.Node) string {
	if ch := n.Children(); len(ch) > 0 {
		return ch[0].Text()
	}
	return ""
}

// isIdentifier reports whether s is a Python identifier (ASCII subset:
// suggestions come from config names and API tables).
func isIdentifier(s string) bool {
	if s == "" {
		return false
	}
	for i, r := range s {
		if r != '_' && !(r >= 'a' && r <= 'z') && !(r >= 'A' && r <= 'Z') && !(i > 0 && r >= '0' && r <= '9') {
			return false
		}
	}
	return true
}
