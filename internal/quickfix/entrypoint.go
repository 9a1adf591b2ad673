package quickfix

import (
	"sort"
	"strings"

	"github.com/pyworkers/pyworkers-lsp/internal/analysis/profile"
	"github.com/pyworkers/pyworkers-lsp/internal/analysis/semantic"
	"github.com/pyworkers/pyworkers-lsp/internal/analysis/syntax"
)

// Fixes that turn module-level handlers into methods of
// `class Default(WorkerEntrypoint)` and repair handler signatures.

// legacyEnvArgs maps the position of a module-level handler's parameter
// to what it becomes inside the class: on_fetch(request, env, ctx).
var legacyEnvArgs = map[int]string{1: "self.env", 2: "self.ctx"}

// method is a module-level function rewritten as a method: its text at
// column 0, ready to be indented into a class body.
type method struct {
	outer syntax.Node // the def, or its decorated_definition
	text  string
}

// asMethod rewrites the module-level function def as method name of a
// WorkerEntrypoint: `self` first; for handlers the runtime calls with the
// request only (fetch, connect) the env and ctx parameters become
// self.env and self.ctx in the body; `@handler` is dropped. ok is false
// when a parameter it must drop is rebound or is neither env nor ctx.
func (m *pyModule) asMethod(def syntax.Node, name string, legacy bool) (method, bool) {
	outer := def
	if p := def.Parent(); p.Type() == syntax.TypeDecoratedDefinition {
		outer = p
	}
	base := outer.Start()
	var edits []Edit
	local := func(start, end int, text string) {
		edits = append(edits, edit(start-base, end-base, text))
	}
	for _, d := range outer.NamedChildren() {
		if d.Type() == syntax.TypeDecorator && len(d.NamedChildren()) > 0 && semantic.IsHandlerDecorator(m.resolve(d.NamedChildren()[0])) {
			local(m.lineStart(d.Start()), m.nextLine(d.End()), "")
		}
	}
	fn := def.Field(syntax.FieldName)
	local(fn.Start(), fn.End(), name)
	params := positionalParams(def)
	keep := len(params)
	h, isHandler := semantic.HandlerCalled(semantic.WorkerEntrypoint, name, legacy)
	if isHandler && h.Relaxed && keep > len(h.Args) {
		keep = len(h.Args)
	}
	for i, p := range params[keep:] {
		to, ok := legacyEnvArgs[keep+i]
		if !ok {
			return method{}, false
		}
		refs, ok := m.paramReferences(def, semantic.ParamName(p))
		if !ok {
			return method{}, false
		}
		for _, r := range refs {
			local(r.Start(), r.End(), to)
		}
	}
	list := []string{"self"}
	for _, p := range params[:keep] {
		list = append(list, p.Text())
	}
	if isHandler && !h.Relaxed {
		list = padParams(list, params, h.Args)
	}
	list = append(list, otherParams(def, false)...)
	ps := def.Field(syntax.FieldParameters)
	local(ps.Start(), ps.End(), "("+strings.Join(list, ", ")+")")
	text, err := Apply([]byte(m.text[base:outer.End()]), edits)
	if err != nil {
		return method{}, false
	}
	return method{outer: outer, text: string(text)}, true
}

// padParams adds the handler's remaining argument names to a parameter
// list that is too short for a strict call.
func padParams(list []string, params []syntax.Node, args []string) []string {
	taken := map[string]bool{}
	for _, p := range params {
		taken[semantic.ParamName(p)] = true
	}
	for i := len(params); i < len(args); i++ {
		name := args[i]
		for taken[name] {
			name = "_" + name
		}
		taken[name] = true
		list = append(list, name)
	}
	return list
}

// positionalParams returns the parameters before any `*`, `*args` or
// `/`-only marker, in order (`/` itself is skipped).
func positionalParams(def syntax.Node) []syntax.Node {
	var out []syntax.Node
	for _, p := range def.Field(syntax.FieldParameters).NamedChildren() {
		switch {
		case p.Is(syntax.TypeComment, syntax.TypePositionalSeparator):
			continue
		case isStarParam(p):
			return out
		}
		out = append(out, p)
	}
	return out
}

// otherParams returns the text of the parameters from the first `*` on;
// with dropRequired, without the keyword-only ones that have no default
// (and without a bare `*` left with nothing after it).
func otherParams(def syntax.Node, dropRequired bool) []string {
	var out []string
	star := false
	for _, p := range def.Field(syntax.FieldParameters).NamedChildren() {
		switch {
		case p.Type() == syntax.TypeComment:
		case isStarParam(p):
			star = true
			out = append(out, p.Text())
		case star && !(dropRequired && p.Is(syntax.TypeIdentifier, syntax.TypeTypedParameter)):
			out = append(out, p.Text())
		}
	}
	if len(out) > 0 && out[len(out)-1] == "*" {
		out = out[:len(out)-1]
	}
	return out
}

func isStarParam(p syntax.Node) bool {
	if p.Type() == syntax.TypeTypedParameter {
		if ch := p.NamedChildren(); len(ch) > 0 {
			p = ch[0]
		}
	}
	return p.Is(syntax.TypeListSplatPattern, syntax.TypeDictionarySplatPattern, syntax.TypeKeywordSeparator)
}

// paramReferences returns the identifiers in def's body that read
// parameter name; ok is false when the body rebinds it (then a rewrite
// to self.env would change assignments too).
func (m *pyModule) paramReferences(def syntax.Node, name string) ([]syntax.Node, bool) {
	if len(semantic.BindingSites(def, name)) > 0 {
		return nil, false
	}
	body := def.Field(syntax.FieldBody)
	var out []syntax.Node
	for _, n := range body.Descendants() {
		if n.Type() != syntax.TypeIdentifier || n.Text() != name || !semantic.IsReference(n) {
			continue
		}
		if b, where := m.resolver(n).Lookup(n); where == semantic.Local && b.Start >= def.Field(syntax.FieldParameters).Start() && b.End <= def.Field(syntax.FieldParameters).End() {
			out = append(out, n)
		}
	}
	return out, true
}

// stringLineStarts returns the line starts in [start, end) of the
// original text that lie inside non-docstring string literals.
func (m *pyModule) stringLineStarts(start, end int) map[int]bool {
	out := map[int]bool{}
	for i, u := range m.units {
		if u.End < start || u.Start > end {
			continue
		}
		t := m.tree(i)
		for j := 0; j < t.Len(); j++ {
			n := t.At(j)
			if n.Type() != syntax.TypeString || isDocstring(n.Parent()) && n.Parent().Parent().Type() == syntax.TypeBlock {
				continue
			}
			for k := n.Start(); k < n.End(); k++ {
				if m.text[k] == '\n' && k+1 < n.End() {
					out[k+1] = true
				}
			}
		}
	}
	return out
}

// fixConvertToDefaultClass fixes PW101 and PW110: the module-level handler
// becomes a method of a new `class Default(WorkerEntrypoint)` in its place.
func fixConvertToDefaultClass(c *fixContext) []Fix {
	m := c.module()
	name := m.nodeAt(c.d.Start, c.d.End)
	def := name.Parent()
	if name.FieldName() != "name" || def.Type() != syntax.TypeFunctionDefinition || !isTopLevel(def) {
		return nil
	}
	if _, taken := m.sem.Names["Default"]; taken {
		return nil
	}
	legacy := !c.doc.Profile.Has(profile.FlagNoGlobalHandlers)
	meth, ok := m.asMethod(def, handlerMethod(name.Text(), legacy), legacy)
	if !ok {
		return nil
	}
	base, edits, ok := m.importName("workers", "WorkerEntrypoint")
	if !ok {
		return nil
	}
	class := "class Default(" + base + "):\n" + m.indentMethod(meth, "    ")
	edits = append(edits, edit(meth.outer.Start(), meth.outer.End(), strings.TrimSuffix(class, "\n")))
	return []Fix{{Title: "Convert " + name.Text() + " to a method of class Default(WorkerEntrypoint)", Edits: edits, claim: "class Default"}}
}

// indentMethod indents a rewritten method (whose text maps onto the
// original from meth.outer's start, line for line).
func (m *pyModule) indentMethod(meth method, prefix string) string {
	// Line starts inside strings are found in the original text; the
	// rewrite changes no line breaks inside strings, only whole decorator
	// lines before them, so map lines by counting from the end.
	orig := string(m.text[meth.outer.Start():meth.outer.End()])
	inside := m.stringLineStarts(meth.outer.Start(), meth.outer.End())
	origLines := strings.SplitAfter(orig, "\n")
	insideLine := make([]bool, len(origLines))
	off := meth.outer.Start()
	for i, l := range origLines {
		insideLine[i] = inside[off]
		off += len(l)
	}
	lines := strings.SplitAfter(meth.text, "\n")
	var b strings.Builder
	for i, line := range lines {
		j := len(origLines) - len(lines) + i
		if strings.TrimSpace(line) != "" && (j < 0 || !insideLine[j]) {
			// A form feed at the start of a line resets Python's
			// indentation count: the prefix goes after it, or the
			// line would lose the prefix (IndentationError).
			ff := len(line) - len(strings.TrimLeft(line, "\f"))
			b.WriteString(line[:ff])
			b.WriteString(prefix)
			line = line[ff:]
		}
		b.WriteString(line)
	}
	s := b.String()
	if !strings.HasSuffix(s, "\n") {
		s += "\n"
	}
	return s
}

// handlerMethod maps a module-level handler name to the method the
// runtime calls: `fetch`, or `on_fetch` while legacy handlers are on.
func handlerMethod(name string, legacy bool) string {
	if semantic.IsLegacyHandlerName(name) && strings.HasPrefix(name, "on_") {
		name = strings.TrimPrefix(name, "on_")
	}
	if h, ok := semantic.HandlerCalled(semantic.WorkerEntrypoint, name, false); ok {
		return h.Method(legacy)
	}
	return name
}

// isTopLevel reports whether a def (or its decorated form) is a unit root.
func isTopLevel(def syntax.Node) bool {
	p := def.Parent()
	if p.Type() == syntax.TypeDecoratedDefinition {
		p = p.Parent()
	}
	return p.IsZero()
}

// fixMoveToDefaultClass fixes PW102: the module-level handler moves into
// the existing Default class as method Data["method"].
func fixMoveToDefaultClass(c *fixContext) []Fix {
	m := c.module()
	name := m.nodeAt(c.d.Start, c.d.End)
	def := name.Parent()
	to := c.d.Data["method"]
	if name.FieldName() != "name" || def.Type() != syntax.TypeFunctionDefinition || !isTopLevel(def) || !isIdentifier(to) {
		return nil
	}
	at, indent, ok := m.classEnd("Default", to)
	if !ok {
		return nil
	}
	meth, ok := m.asMethod(def, to, !c.doc.Profile.Has(profile.FlagNoGlobalHandlers))
	if !ok {
		return nil
	}
	nl := m.newline()
	insert := nl + m.indentMethod(meth, indent)
	if at == len(m.text) && at > 0 && m.text[at-1] != '\n' {
		insert = nl + insert
	}
	if strings.Contains(insert, "\n") && nl == "\r\n" {
		insert = strings.ReplaceAll(strings.ReplaceAll(insert, "\r\n", "\n"), "\n", "\r\n")
	}
	edits := []Edit{edit(at, at, insert), m.removeDefinition(meth.outer)}
	return []Fix{{Title: "Move " + name.Text() + " into class Default as " + to, Edits: edits}}
}

// classEnd returns where a new member of the top-level class name goes
// (the start of the line after its last member) and the members'
// indentation; ok is false when there is no such class or it already
// has a member called member.
func (m *pyModule) classEnd(name, member string) (at int, indent string, ok bool) {
	header := -1
	for i, u := range m.units {
		if u.Kind == syntax.ClassHeader {
			cls := m.tree(i).Root()
			if cls.Type() == syntax.TypeDecoratedDefinition {
				cls = cls.Field(syntax.FieldDefinition)
			}
			if cls.Field(syntax.FieldName).Text() == name {
				header = i
			}
		}
	}
	if header < 0 {
		return 0, "", false
	}
	last := -1
	for i, u := range m.units {
		if u.Header != header {
			continue
		}
		root := m.tree(i).Root()
		if root.Type() == syntax.TypeComment {
			continue
		}
		if last < 0 {
			indent = m.indentOf(u.Start)
		}
		last = i
		def := root
		if def.Type() == syntax.TypeDecoratedDefinition {
			def = def.Field(syntax.FieldDefinition)
		}
		if def.Type() == syntax.TypeFunctionDefinition && def.Field(syntax.FieldName).Text() == member {
			return 0, "", false
		}
	}
	if last < 0 {
		return 0, "", false
	}
	return m.nextLine(m.units[last].End), indent, true
}

// removeDefinition deletes a top-level definition's lines with the blank
// lines before it.
func (m *pyModule) removeDefinition(outer syntax.Node) Edit {
	start := m.lineStart(outer.Start())
	for start > 0 {
		prev := m.lineStart(start - 1)
		if !isBlank(m.text, prev, m.lineEnd(prev)) {
			break
		}
		start = prev
	}
	return edit(start, m.nextLine(outer.End()), "")
}

// fixAddDefaultClass fixes PW103: a `Default` class with a fetch stub at
// the end of the main module.
func fixAddDefaultClass(c *fixContext) []Fix {
	m := c.module()
	if _, taken := m.sem.Names["Default"]; taken {
		return nil
	}
	refs, edits, ok := m.importNames("workers", "WorkerEntrypoint", "Response")
	if !ok {
		return nil
	}
	base, resp := refs[0], refs[1]
	nl := m.newline()
	class := "class Default(" + base + "):" + nl +
		"    async def fetch(self, request):" + nl +
		"        return " + resp + "(\"Hello from Python Workers\")" + nl
	text := m.text
	end := len(text)
	for end > 0 && (text[end-1] == '\n' || text[end-1] == '\r' || text[end-1] == ' ' || text[end-1] == '\t') {
		end--
	}
	if end > 0 {
		class = nl + nl + nl + class
	}
	edits = append(edits, edit(end, len(text), class))
	return []Fix{{Title: "Add class Default(WorkerEntrypoint) with a fetch stub", Edits: edits, claim: "class Default"}}
}

// fixSignature fixes PW104: the handler's parameters become the ones the
// runtime passes (Data["params"], self included). Names already there
// are kept; a parameter the runtime does not pass is dropped when unused,
// and env/ctx reads become self.env/self.ctx.
func fixSignature(c *fixContext) []Fix {
	m := c.module()
	ps := m.nodeAt(c.d.Start, c.d.End)
	def := ps.Parent()
	want := strings.Split(c.d.Data["params"], ", ")
	if ps.Type() != syntax.TypeParameters || def.Type() != syntax.TypeFunctionDefinition || len(want) == 0 || want[0] != "self" {
		return nil
	}
	params := positionalParams(def)
	if len(params) == 0 {
		return nil
	}
	list := []string{params[0].Text()}
	var edits []Edit
	n := len(want) - 1
	for i, p := range params[1:] {
		if i < n {
			list = append(list, p.Text())
			continue
		}
		if p.Is(syntax.TypeDefaultParameter, syntax.TypeTypedDefaultParameter) {
			list = append(list, p.Text())
			continue
		}
		pname := semantic.ParamName(p)
		refs, ok := m.paramReferences(def, pname)
		if !ok {
			return nil
		}
		if len(refs) > 0 {
			if pname != "env" && pname != "ctx" {
				return nil
			}
			for _, r := range refs {
				edits = append(edits, edit(r.Start(), r.End(), "self."+pname))
			}
		}
	}
	if len(params)-1 < n {
		list = padParams(list, params, want)
	}
	for _, p := range otherRequiredKeywords(def) {
		if refs, ok := m.paramReferences(def, semantic.ParamName(p)); !ok || len(refs) > 0 {
			return nil
		}
	}
	list = append(list, otherParams(def, true)...)
	edits = append(edits, edit(ps.Start(), ps.End(), "("+strings.Join(list, ", ")+")"))
	sort.SliceStable(edits, func(i, j int) bool { return edits[i].Start < edits[j].Start })
	return []Fix{{Title: "Change the parameters to (" + c.d.Data["params"] + ")", Edits: edits}}
}

// otherRequiredKeywords returns the keyword-only parameters without a
// default (the runtime never passes them).
func otherRequiredKeywords(def syntax.Node) []syntax.Node {
	var out []syntax.Node
	star := false
	for _, p := range def.Field(syntax.FieldParameters).NamedChildren() {
		if isStarParam(p) {
			star = true
			continue
		}
		if star && p.Is(syntax.TypeIdentifier, syntax.TypeTypedParameter) {
			out = append(out, p)
		}
	}
	return out
}
