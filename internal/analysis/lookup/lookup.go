package lookup

import (
	"strings"

	"github.com/pyworkers/pyworkers-lsp/internal/analysis/semantic"
	"github.com/pyworkers/pyworkers-lsp/internal/analysis/syntax"
)

// Kind says what sits at an offset.
type Kind int

const (
	// Nothing: whitespace, a keyword, a string, an ordinary comment, an
	// unresolved name.
	Nothing Kind = iota
	// Symbol is a name resolved through imports; Key holds its qualified
	// name ("pyodide.ffi.to_js", "js.Response", "workers.Response.json").
	Symbol
	// ProxyMethod is a JsProxy (or JsBuffer) method or property used on a
	// value that may be a JavaScript object; Key is "JsProxy.to_py".
	ProxyMethod
	// EnvBinding is a binding read from the Worker's env (env.DB,
	// self.env.DB), or a Durable Object's self.ctx.storage.
	EnvBinding
	// BindingMember is a method or attribute used on a binding or on what
	// it returned (self.env.DB.prepare); Member names it.
	BindingMember
	// RuleCode is a rule code inside a `# pyworkers: ignore[...]` comment.
	RuleCode
)

// Target is what Python code holds at an offset.
type Target struct {
	Kind Kind
	// Start and End cover the token (the identifier, the rule code).
	Start, End int
	// Key is the qualified name (Symbol) or the documentation key
	// (ProxyMethod).
	Key string
	// Binding is the env attribute ("DB"; "ctx.storage"), BindingKind its
	// wrangler config key from the profile ("d1_databases"; "" when the
	// config does not declare it), Raw whether the binding is reached
	// without the SDK's wrapper (arguments and results are not converted).
	Binding     string
	BindingKind string
	Raw         bool
	// Member is the method or attribute (BindingMember) and Path the chain
	// from the binding to it (".prepare()").
	Member string
	Path   string
	// Code is the rule code (RuleCode), upper-cased.
	Code string
}

// At returns what the Python file holds at offset. An offset just past
// an identifier (the cursor at the end of a word) finds that identifier.
func At(f *File, offset int) Target {
	if t := at(f, offset); t.Kind != Nothing {
		return t
	}
	if offset > 0 && offset <= len(f.Text) && isIdentByte(f.Text[offset-1]) {
		return at(f, offset-1)
	}
	return Target{}
}

func at(f *File, offset int) Target {
	i := f.unitAt(offset)
	if i < 0 {
		return Target{}
	}
	root := f.Units[i].Flatten(f.Text).Root()
	n := deepest(root, offset)
	switch n.Type() {
	case syntax.TypeComment:
		return ruleCodeAt(n, offset)
	case syntax.TypeIdentifier:
	default:
		return Target{}
	}
	l := locator{f: f, res: semantic.NewResolver(f.Module), class: f.classOf(i)}
	return l.identifier(n)
}

func isIdentByte(c byte) bool {
	return c == '_' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c >= 0x80
}

// locator classifies one identifier of a unit.
type locator struct {
	f     *File
	res   *semantic.Resolver
	class *semantic.Class
}

func (l *locator) identifier(id syntax.Node) Target {
	span := Target{Start: id.Start(), End: id.End()}
	if imp := id.Ancestor(syntax.TypeImportStatement, syntax.TypeImportFromStatement, syntax.TypeFutureImportStatement); !imp.IsZero() {
		return l.imported(imp, id, span)
	}
	parent := id.Parent()
	switch {
	case parent.Type() == syntax.TypeAttribute && id.FieldName() == "attribute":
		return l.attribute(parent, id, span)
	case semantic.IsReference(id):
		if q := l.res.Resolve(id); q != "" {
			span.Kind, span.Key = Symbol, q
			return span
		}
	}
	return Target{}
}

// imported classifies an identifier inside an import statement: a part
// of the module path or an imported name, as its qualified name.
func (l *locator) imported(stmt, id syntax.Node, span Target) Target {
	dn := id.Parent()
	if dn.Type() == syntax.TypeAliasedImport && id.FieldName() == "alias" {
		// `import a.b as c` / `from m import x as c`: the alias means what
		// the aliased name means.
		name := dn.Field(syntax.FieldName)
		q := dottedPrefix(name, syntax.Node{})
		if stmt.Type() == syntax.TypeImportFromStatement {
			mod, ok := fromModule(stmt)
			if !ok {
				return Target{}
			}
			q = mod + "." + q
		}
		span.Kind, span.Key = Symbol, q
		return span
	}
	if dn.Type() != syntax.TypeDottedName {
		return Target{}
	}
	q := dottedPrefix(dn, id)
	if stmt.Type() == syntax.TypeImportFromStatement && dn.FieldName() != "module_name" {
		mod, ok := fromModule(stmt)
		if !ok {
			return Target{}
		}
		q = mod + "." + q
	}
	if q == "" {
		return Target{}
	}
	span.Kind, span.Key = Symbol, q
	return span
}

// fromModule returns the absolute module of a from-import (relative
// imports name a module of the app itself: false).
func fromModule(stmt syntax.Node) (string, bool) {
	m := stmt.Field(syntax.FieldModuleName)
	if m.Type() != syntax.TypeDottedName {
		return "", false
	}
	return dottedPrefix(m, syntax.Node{}), true
}

// dottedPrefix joins the identifiers of a dotted name up to and including
// upTo (all of them when upTo is zero).
func dottedPrefix(dn, upTo syntax.Node) string {
	if dn.Type() == syntax.TypeIdentifier {
		return dn.Text()
	}
	var parts []string
	for _, ch := range dn.NamedChildren() {
		if ch.Type() != syntax.TypeIdentifier {
			continue
		}
		parts = append(parts, ch.Text())
		if !upTo.IsZero() && ch.Index() == upTo.Index() {
			break
		}
	}
	return strings.Join(parts, ".")
}

// attribute classifies the attribute name id of attribute expression attr.
func (l *locator) attribute(attr, id syntax.Node, span Target) Target {
	name := id.Text()
	q := l.res.Resolve(attr)
	values := semantic.NewValues(l.res, l.class, l.f.Profile)
	o := values.Origin(attr)
	switch o.Kind {
	case semantic.OriginBinding:
		span.Kind, span.Binding, span.BindingKind, span.Raw = EnvBinding, o.Binding, o.BindingKind, o.Raw
		return span
	case semantic.OriginBindingValue:
		span.Binding, span.BindingKind, span.Raw = o.Binding, o.BindingKind, o.Raw
		span.Member, span.Path = name, o.Path()
		if m, ok := proxyMembers[name]; ok {
			// .to_py() on what a binding returned: the JsProxy method,
			// with the binding kept to say whether the SDK converted it.
			span.Kind, span.Key = ProxyMethod, m.key
			return span
		}
		span.Kind = BindingMember
		return span
	}
	if m, ok := proxyMembers[name]; ok && (q == "" || q == "js" || strings.HasPrefix(q, "js.")) {
		called := attr.FieldName() == "function" && attr.Parent().Type() == syntax.TypeCall
		if called || !m.method {
			span.Kind, span.Key = ProxyMethod, m.key
			return span
		}
	}
	if q != "" {
		span.Kind, span.Key = Symbol, q
		return span
	}
	return Target{}
}

// proxyMember is a method or property Pyodide gives JavaScript objects
// in Python.
type proxyMember struct {
	key    string // documentation key
	method bool   // recognised on calls only; properties need no call
}

// proxyMembers lists the JsProxy and JsBuffer members (DESIGN.md §9).
var proxyMembers = map[string]proxyMember{
	"to_py":          {"JsProxy.to_py", true},
	"new":            {"JsProxy.new", true},
	"object_entries": {"JsProxy.object_entries", true},
	"object_keys":    {"JsProxy.object_keys", true},
	"object_values":  {"JsProxy.object_values", true},
	"as_object_map":  {"JsProxy.as_object_map", true},
	"as_py_json":     {"JsProxy.as_py_json", true},
	"to_weakref":     {"JsProxy.to_weakref", true},
	"typeof":         {"JsProxy.typeof", false},
	"js_id":          {"JsProxy.js_id", false},
	"to_bytes":       {"JsBuffer.to_bytes", true},
	"to_memoryview":  {"JsBuffer.to_memoryview", true},
	"to_string":      {"JsBuffer.to_string", true},
}
