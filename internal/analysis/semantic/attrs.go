package semantic

import (
	"fmt"
	"hash/maphash"
	"strings"
	"sync"

	"github.com/pyworkers/pyworkers-lsp/internal/analysis/syntax"
)

// Carriers across units: attributes a class assigns on self (`self.db =
// env.DB` in __init__, read in fetch) and module-level constants
// (`OPTIONS = {...}` read by to_js(OPTIONS) in a handler). Each unit
// records what it assigns, from its own text; the module summary gathers
// them, and a read follows an attribute or constant only when every
// assignment agrees.

// AttrFact is one assignment `self.NAME = value` in a method, described
// without offsets.
type AttrFact struct {
	// Method assigns it; Param is the method's parameter the value is
	// reached from (0 is self) along Steps, or -1 when the value is not
	// reached from a parameter.
	Method string
	Param  int
	Steps  []Step
	// Dict marks a dict display or dict(...) value.
	Dict bool
}

func (a AttrFact) key() string {
	return fmt.Sprintf("%s:%d:%s:%v", a.Method, a.Param, stepsKey(a.Steps), a.Dict)
}

// memberFacts records a class member's self attribute assignments and
// the name it defines.
func memberFacts(root syntax.Node, c *Contribution) {
	def := root
	if def.Type() == syntax.TypeDecoratedDefinition {
		def = def.Field(syntax.FieldDefinition)
	}
	switch def.Type() {
	case syntax.TypeFunctionDefinition:
		// A method named like an attribute matters only when it replaces
		// one: a property, or env/ctx. Recording every method name would
		// change the module's facts while a new method's name is typed.
		if name := def.Field(syntax.FieldName).Text(); root != def || name == "env" || name == "ctx" {
			c.member = name
		}
		// What self.name() gives its callers (see selfMethod).
		if f := summarize(def, root.Start(), root != def, true); f != nil {
			c.method = &namedMethod{def.Field(syntax.FieldName).Text(), f}
		}
	case syntax.TypeExpressionStatement:
		// env = property(...) or a class-level env = ... assignment.
		for _, e := range def.NamedChildren() {
			if e.Type() == syntax.TypeAssignment {
				for _, id := range targetNames(e.Field(syntax.FieldLeft)) {
					c.member = id.Text()
				}
			}
		}
		return
	default:
		return
	}
	body := def.Field(syntax.FieldBody)
	params := def.Field(syntax.FieldParameters).NamedChildren()
	if body.IsZero() || len(params) == 0 {
		return
	}
	self := ParamName(params[0])
	var v *Values
	t := body.Tree()
	for i := body.Index(); i < body.SubtreeEnd(); i++ {
		n := t.At(i)
		if n.Is(syntax.TypeFunctionDefinition, syntax.TypeClassDefinition, syntax.TypeLambda) {
			i = n.SubtreeEnd() - 1
			continue
		}
		if n.Type() != syntax.TypeAssignment {
			continue
		}
		left := n.Field(syntax.FieldLeft)
		if left.Type() != syntax.TypeAttribute || left.Field(syntax.FieldObject).Type() != syntax.TypeIdentifier || left.Field(syntax.FieldObject).Text() != self {
			continue
		}
		if v == nil {
			v = summaryValues()
			defer summaryPool.Put(v)
		}
		f := AttrFact{Method: def.Field(syntax.FieldName).Text(), Param: -1}
		o := v.Origin(n.Field(syntax.FieldRight))
		switch o.Kind {
		case OriginParam:
			f.Param, f.Steps = o.Param, o.Steps
		case OriginDict:
			f.Dict = true
		}
		if len(c.attrs) < 32 {
			c.attrs = append(c.attrs, namedAttr{left.Field(syntax.FieldAttribute).Text(), f})
		}
	}
}

type namedMethod struct {
	name  string
	facts *FuncFacts
}

type namedAttr struct {
	name string
	f    AttrFact
}

// moduleConst records a module-level `NAME = {...}`.
func moduleConst(n syntax.Node, c *Contribution) {
	left, right := n.Field(syntax.FieldLeft), n.Field(syntax.FieldRight)
	if left.Type() != syntax.TypeIdentifier {
		return
	}
	dict := right.Is(syntax.TypeDictionary, syntax.TypeDictionaryComprehension)
	if right.Type() == syntax.TypeCall {
		fn := right.Field(syntax.FieldFunction)
		dict = fn.Type() == syntax.TypeIdentifier && fn.Text() == "dict"
	}
	c.consts = append(c.consts, namedConst{left.Text(), dict})
}

type namedConst struct {
	name string
	dict bool
}

// ClassFacts gather what a class's members assign and define.
type ClassFacts struct {
	Attrs   map[string][]AttrFact
	Members map[string]bool
	// methods are the summaries of the class's plain methods, in source
	// order; Method looks them up by name through an index built on first
	// use (most module builds after an edit never look one up).
	methods    []methodAt
	indexOnce  sync.Once
	methodByID map[string]int
}

type methodAt struct {
	name string
	m    Method
}

// Method is the summary of a method, with the start of its statement.
type Method struct {
	Facts *FuncFacts
	Start int
}

// Method returns the summary of the class's method name (the last
// definition of that name).
func (f *ClassFacts) Method(name string) (Method, bool) {
	if f == nil || len(f.methods) == 0 {
		return Method{}, false
	}
	f.indexOnce.Do(func() {
		f.methodByID = make(map[string]int, len(f.methods))
		for i, m := range f.methods {
			f.methodByID[m.name] = i
		}
	})
	i, ok := f.methodByID[name]
	if !ok {
		return Method{}, false
	}
	return f.methods[i].m, true
}

func (k *Class) addMember(c Contribution, start int) {
	if c.member == "" && len(c.attrs) == 0 && c.method == nil {
		return
	}
	if k.Facts == nil {
		k.Facts = &ClassFacts{}
	}
	if c.method != nil {
		k.Facts.methods = append(k.Facts.methods, methodAt{c.method.name, Method{Facts: c.method.facts, Start: start}})
	}
	if c.member != "" {
		if k.Facts.Members == nil {
			k.Facts.Members = map[string]bool{}
		}
		k.Facts.Members[c.member] = true
	}
	for _, a := range c.attrs {
		if k.Facts.Attrs == nil {
			k.Facts.Attrs = map[string][]AttrFact{}
		}
		k.Facts.Attrs[a.name] = append(k.Facts.Attrs[a.name], a.f)
	}
}

// hashMethod adds to h the summary of method key ("Class.method"): a
// method's facts are a fact of their own, so an edit of one method
// re-analyses only the units that call it.
func (m *Module) hashMethod(h *maphash.Hash, key string) {
	class, method, _ := strings.Cut(key, ".")
	if k := m.Class(class); k != nil && k.Facts != nil {
		if f, ok := k.Facts.Method(method); ok {
			h.WriteByte(1)
			hashFacts(h, f.Facts)
		}
	}
}

// hashClassAttr adds to h what the class (facts f) says of self.attr:
// whether a member defines attr, and how its members assign it. A
// method's summary is a fact of its own (FactMethod).
func hashClassAttr(h *maphash.Hash, f *ClassFacts, attr string) {
	if f == nil {
		return
	}
	if f.Members[attr] {
		h.WriteString("member|")
	}
	for _, a := range f.Attrs[attr] {
		h.WriteString(a.key() + ";")
	}
}

// attrFact returns the one way the class assigns self.name, when all its
// assignments agree; ok is false when it assigns none.
func (k *Class) attrFact(name string) (f AttrFact, assigned, agree bool) {
	if k == nil || k.Facts == nil {
		return AttrFact{}, false, false
	}
	fs := k.Facts.Attrs[name]
	if len(fs) == 0 {
		return AttrFact{}, false, false
	}
	for _, g := range fs[1:] {
		if g.key() != fs[0].key() && !(g.Param == fs[0].Param && stepsKey(g.Steps) == stepsKey(fs[0].Steps) && g.Dict == fs[0].Dict && g.Param == 0) {
			return AttrFact{}, true, false
		}
	}
	return fs[0], true, true
}

// selfAttr is the origin of self.attr (read at n) in a method of an
// entrypoint class: the runtime's env and ctx unless the class replaces
// them (an overriding property, self.env = SafeEnv(env)); otherwise what
// every assignment of self.attr in the class gives.
func (v *Values) selfAttr(attr string, n syntax.Node, depth int) Origin {
	k := v.class
	if k != nil {
		v.res.Reads.add(FactClass, k.Name+"."+attr)
	}
	f, assigned, agree := k.attrFact(attr)
	defined := k != nil && k.Facts != nil && k.Facts.Members[attr]
	switch attr {
	case "env", "ctx":
		if defined {
			return Origin{}
		}
		if assigned && !(agree && f.Method == "__init__" && f.Param == runtimeInitParam(k, attr) && len(f.Steps) == 0) {
			return Origin{}
		}
		if attr == "env" {
			return Origin{Kind: OriginEnv, Raw: !v.wraps(), Node: n}
		}
		return Origin{Kind: OriginCtx, Raw: !v.wraps(), Node: n}
	}
	if defined || !agree || depth > 4 {
		return Origin{}
	}
	if f.Dict {
		return Origin{Kind: OriginDict, Source: "self." + attr, Node: n}
	}
	var o Origin
	switch {
	case f.Param == 0 && len(f.Steps) > 0 && f.Steps[0].Kind == StepAttr:
		o = v.selfAttr(f.Steps[0].Name, n, depth+1)
		for _, s := range f.Steps[1:] {
			o = v.step(o, s)
		}
		return o
	case f.Method == "__init__" && f.Param > 0:
		switch f.Param {
		case runtimeInitParam(k, "env"):
			o = Origin{Kind: OriginEnv, Raw: !v.wraps(), Node: n}
		case runtimeInitParam(k, "ctx"):
			o = Origin{Kind: OriginCtx, Raw: !v.wraps(), Node: n}
		default:
			return Origin{}
		}
	default:
		return Origin{}
	}
	for _, s := range f.Steps {
		o = v.step(o, s)
	}
	if o.Kind != OriginUnknown {
		o.Node = n
	}
	return o
}

// runtimeInitParam is the position of ctx or env among the parameters the
// runtime passes an entrypoint's __init__(self, ctx, env).
func runtimeInitParam(k *Class, name string) int {
	if k == nil || k.Entrypoint == NotEntrypoint {
		return -2
	}
	if name == "ctx" {
		return 1
	}
	return 2
}
