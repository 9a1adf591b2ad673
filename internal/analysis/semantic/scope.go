package semantic

import (
	"github.com/pyworkers/pyworkers-lsp/internal/analysis/syntax"
)

// Resolver answers what names in one unit refer to. It caches the local
// bindings of each function it has looked into; use one per unit.
type Resolver struct {
	Module *Module
	// Reads, when set, records every module fact a lookup reads (see
	// Fact): unit results are cached under those facts.
	Reads  *Reads
	scopes map[int]*scope // function node index → its locals
}

// NewResolver returns a resolver for units of module m.
func NewResolver(m *Module) *Resolver {
	return &Resolver{Module: m, scopes: map[int]*scope{}}
}

// scope holds the names a function binds locally.
type scope struct {
	locals  map[string]Binding
	globals map[string]bool // names declared `global` / `nonlocal`
}

// Where says which scope a name resolved in.
type Where int

const (
	// Unbound: not bound anywhere visible (a builtin or an error).
	Unbound Where = iota
	// Local: bound in an enclosing function.
	Local
	// Global: bound at module level (or by a star import).
	Global
)

// Lookup resolves an identifier node to its binding and where it was found.
// For star-imported names the binding is an Import with the qualified name.
func (r *Resolver) Lookup(id syntax.Node) (Binding, Where) {
	name := id.Text()
	child := id
	for p := id.Parent(); !p.IsZero(); child, p = p, p.Parent() {
		if !p.Is(syntax.TypeFunctionDefinition, syntax.TypeLambda) || child.FieldName() != "body" {
			if isComprehension(p) && comprehensionBinds(p, name) {
				return Binding{Kind: Assign}, Local
			}
			continue
		}
		s := r.scope(p)
		if s.globals[name] {
			break
		}
		if b, ok := s.locals[name]; ok {
			return b, Local
		}
	}
	r.Reads.add(FactName, name)
	if b, ok := r.Module.Names[name]; ok {
		return b, Global
	}
	if q := r.Module.Global(name); q != "" {
		return Binding{Kind: Import, Qualified: q}, Global
	}
	return Binding{}, Unbound
}

// Resolve returns the qualified name an identifier or attribute chain
// refers to through imports — "pyodide.ffi.to_js" for `to_js` imported
// from pyodide.ffi or for `ffi.to_js` after `import pyodide.ffi as ffi` —
// and "" when the expression is not rooted in an import (a local
// variable, a parameter, a shadowing definition, a call result).
func (r *Resolver) Resolve(n syntax.Node) string {
	switch n.Type() {
	case syntax.TypeIdentifier:
		b, _ := r.Lookup(n)
		if b.Kind == Import {
			return b.Qualified
		}
	case syntax.TypeAttribute:
		if obj := r.Resolve(n.Field(syntax.FieldObject)); obj != "" {
			return obj + "." + n.Field(syntax.FieldAttribute).Text()
		}
	case syntax.TypeParenthesizedExpression:
		if inner := n.NamedChildren(); len(inner) == 1 {
			return r.Resolve(inner[0])
		}
	}
	return ""
}

// IsBuiltin reports whether identifier id names a Python builtin that
// nothing shadows.
func (r *Resolver) IsBuiltin(id syntax.Node) bool {
	if id.Type() != syntax.TypeIdentifier {
		return false
	}
	_, where := r.Lookup(id)
	return where == Unbound && isBuiltin(id.Text())
}

func (r *Resolver) scope(fn syntax.Node) *scope {
	if s, ok := r.scopes[fn.Index()]; ok {
		return s
	}
	s := &scope{locals: map[string]Binding{}, globals: map[string]bool{}}
	params := fn.Field(syntax.FieldParameters)
	for _, p := range params.NamedChildren() {
		if name := ParamName(p); name != "" {
			s.locals[name] = Binding{Kind: Assign, Start: p.Start(), End: p.End()}
		}
	}
	if body := fn.Field(syntax.FieldBody); !body.IsZero() {
		collectLocals(body, s)
	}
	r.scopes[fn.Index()] = s
	return s
}

// collectLocals records the bindings made directly in a function body:
// nested functions and classes bind their name but their bodies are their
// own scopes.
func collectLocals(body syntax.Node, s *scope) {
	t := body.Tree()
	for i := body.Index(); i < body.SubtreeEnd(); i++ {
		n := t.At(i)
		bind := func(id syntax.Node, kind BindingKind) {
			s.locals[id.Text()] = Binding{Kind: kind, Start: id.Start(), End: id.End()}
		}
		switch n.Type() {
		case syntax.TypeFunctionDefinition, syntax.TypeClassDefinition:
			name := n.Field(syntax.FieldName)
			kind := Def
			if n.Type() == syntax.TypeClassDefinition {
				kind = ClassDef
			}
			bind(name, kind)
			if b := n.Field(syntax.FieldBody); !b.IsZero() {
				i = b.SubtreeEnd() - 1
			}
		case syntax.TypeLambda:
			i = n.SubtreeEnd() - 1
		case syntax.TypeAssignment, syntax.TypeAugmentedAssignment:
			for _, id := range targetNames(n.Field(syntax.FieldLeft)) {
				bind(id, Assign)
			}
		case syntax.TypeForStatement, syntax.TypeForInClause:
			if n.Type() == syntax.TypeForStatement {
				for _, id := range targetNames(n.Field(syntax.FieldLeft)) {
					bind(id, Assign)
				}
			}
		case syntax.TypeAsPattern:
			for _, id := range targetNames(n.Field(syntax.FieldAlias)) {
				bind(id, Assign)
			}
		case syntax.TypeNamedExpression:
			bind(n.Field(syntax.FieldName), Assign)
		case syntax.TypeExceptClause:
			// `except E as e`: the identifier after "as".
			afterAs := false
			for _, ch := range n.Children() {
				if ch.Type() == "as" {
					afterAs = true
				} else if afterAs && ch.Type() == syntax.TypeIdentifier {
					bind(ch, Assign)
					break
				}
			}
		case syntax.TypeImportStatement, syntax.TypeImportFromStatement:
			for _, imp := range ImportsOf(n) {
				if !imp.Star {
					s.locals[imp.Local] = Binding{Kind: Import, Qualified: imp.Qualified, Start: imp.Start, End: imp.End}
				}
			}
		case syntax.TypeGlobalStatement, syntax.TypeNonlocalStatement:
			for _, id := range n.NamedChildren() {
				if id.Type() == syntax.TypeIdentifier {
					s.globals[id.Text()] = true
				}
			}
		}
	}
	// A name declared global is not local even if assigned.
	for name := range s.globals {
		delete(s.locals, name)
	}
}

func isComprehension(n syntax.Node) bool {
	return n.Is(syntax.TypeListComprehension, syntax.TypeSetComprehension, syntax.TypeDictionaryComprehension, syntax.TypeGeneratorExpression)
}

func comprehensionBinds(comp syntax.Node, name string) bool {
	for _, ch := range comp.NamedChildren() {
		if ch.Type() != syntax.TypeForInClause {
			continue
		}
		for _, id := range targetNames(ch.Field(syntax.FieldLeft)) {
			if id.Text() == name {
				return true
			}
		}
	}
	return false
}

// EnclosingFunction returns the innermost function or lambda whose body
// holds n, or the zero Node when n runs at module or class level.
func EnclosingFunction(n syntax.Node) syntax.Node {
	child := n
	for p := n.Parent(); !p.IsZero(); child, p = p, p.Parent() {
		if p.Is(syntax.TypeFunctionDefinition, syntax.TypeLambda) && child.FieldName() == "body" {
			return p
		}
	}
	return syntax.Node{}
}

// IsImportTime reports whether n runs when the module is imported: it is
// not inside any function body (module and class bodies, decorators and
// default arguments all run at import time). Only meaningful for nodes of
// units, whose roots are at module or class level.
func IsImportTime(n syntax.Node) bool {
	return EnclosingFunction(n).IsZero()
}
