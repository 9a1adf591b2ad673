// Package semantic gives names their meaning: what each module-level name
// is bound to (imports resolved to qualified names), which classes are
// Worker entrypoints, which scope a name belongs to, and which code runs at
// import time. It works on flattened syntax units and knows no rules.
package semantic

import (
	"hash/maphash"
	"slices"
	"strings"

	"github.com/pyworkers/pyworkers-lsp/internal/analysis/syntax"
)

// BindingKind says what bound a name.
type BindingKind int

const (
	// Import bound the name to a module or a module member.
	Import BindingKind = iota
	// Def bound the name to a function defined here.
	Def
	// ClassDef bound the name to a class defined here.
	ClassDef
	// Assign bound the name to a value (assignment, loop target, …).
	Assign
)

// Binding is what a name is bound to.
type Binding struct {
	Kind BindingKind
	// Qualified is the imported name for imports ("pyodide.ffi.to_js",
	// "js", "pyodide.ffi"), and "" otherwise.
	Qualified string
	Start     int // the binding's name in the source
	End       int
}

// EntrypointKind classifies a class by the runtime base it derives from.
type EntrypointKind int

const (
	NotEntrypoint EntrypointKind = iota
	WorkerEntrypoint
	DurableObject
	WorkflowEntrypoint
)

func (k EntrypointKind) String() string {
	switch k {
	case WorkerEntrypoint:
		return "WorkerEntrypoint"
	case DurableObject:
		return "DurableObject"
	case WorkflowEntrypoint:
		return "WorkflowEntrypoint"
	}
	return "class"
}

// Class is a top-level class.
type Class struct {
	Name       string
	Bases      []string // qualified where resolvable, else as written
	Entrypoint EntrypointKind
	NameStart  int
	NameEnd    int
	Start      int // the class statement (decorators included)
	End        int // end of the header (start of the body)
	// Facts gather what the class's members define and assign on self.
	Facts *ClassFacts
}

// Function is a top-level function.
type Function struct {
	Name       string
	Params     []string
	Decorators []string // qualified where resolvable, else as written
	Async      bool
	// Facts summarise the function for callers (nil: nothing known).
	Facts *FuncFacts
	// Sinks, set by ResolveSinks, include those through forwarded calls.
	Sinks     []Sink
	NameStart int
	NameEnd   int
	Start     int
	End       int
	// handlerName: named like a handler the runtime may call (a legacy
	// global handler or a JavaScript-style export), set with the summary.
	handlerName bool
}

// Module summarises one module's top level.
type Module struct {
	Names       map[string]Binding
	StarImports []string // modules imported with `from M import *`
	Classes     []Class
	Functions   []Function
	// DictConsts are module-level names assigned once, a dict display.
	DictConsts map[string]bool
	// external holds functions imported from the Worker's other modules,
	// by local name (see Link).
	external map[string]*Function

	// Indexes built with the summary, so every lookup by name or position
	// is a map lookup: a scan of the module per lookup made analysis
	// quadratic in module size.
	classByName  map[string]int      // first class of each name
	classByStart map[int]int         // class by statement start
	funcByName   map[string]int      // last function of each name
	importedAs   map[string][]string // qualified import → local names binding it
	imports      []string            // the names an import binds, each once
	// handlers holds the functions named like a handler or decorated:
	// the rules looking for handlers read these, not every function.
	handlers []int
}

// Contribution is what one top-level unit adds to its module's summary. It
// depends only on the unit's own text, so it is cached with the unit.
// Offsets are relative to the unit's start.
type Contribution struct {
	names     []namedBinding
	stars     []string
	class     *Class
	functions []Function
	// member is the name a class member defines; attrs what it assigns
	// on self; consts the module-level names assigned (dict or not).
	member string
	method *namedMethod
	attrs  []namedAttr
	consts []namedConst
}

type namedBinding struct {
	name string
	b    Binding
}

// Summarize computes a unit's contribution. root is the unit's flattened
// root; base is the unit's start offset (stored offsets are relative).
func Summarize(kind syntax.UnitKind, root syntax.Node, base int) Contribution {
	var c Contribution
	switch kind {
	case syntax.Member:
		memberFacts(root, &c)
		return c
	case syntax.ClassHeader:
		cls := root
		if cls.Type() == syntax.TypeDecoratedDefinition {
			cls = cls.Field(syntax.FieldDefinition)
		}
		name := cls.Field(syntax.FieldName)
		k := Class{Name: name.Text(), NameStart: name.Start() - base, NameEnd: name.End() - base, Start: 0, End: root.End() - base}
		for _, arg := range cls.Field(syntax.FieldSuperclasses).NamedChildren() {
			if arg.Is(syntax.TypeIdentifier, syntax.TypeAttribute) {
				k.Bases = append(k.Bases, arg.Text())
			}
		}
		c.class = &k
		c.names = append(c.names, namedBinding{k.Name, Binding{Kind: ClassDef, Start: k.NameStart, End: k.NameEnd}})
		return c
	}
	collectModuleBindings(root, base, &c)
	return c
}

// collectModuleBindings records the names a top-level statement binds,
// descending into if/try/with/for blocks but not into functions or classes.
func collectModuleBindings(n syntax.Node, base int, c *Contribution) {
	add := func(name string, b Binding) {
		b.Start -= base
		b.End -= base
		c.names = append(c.names, namedBinding{name, b})
	}
	switch n.Type() {
	case syntax.TypeImportStatement, syntax.TypeImportFromStatement, syntax.TypeFutureImportStatement:
		for _, imp := range ImportsOf(n) {
			if imp.Star {
				c.stars = append(c.stars, imp.Module)
				continue
			}
			add(imp.Local, Binding{Kind: Import, Qualified: imp.Qualified, Start: imp.Start, End: imp.End})
		}
		return
	case syntax.TypeDecoratedDefinition:
		def := n.Field(syntax.FieldDefinition)
		if def.Type() == syntax.TypeFunctionDefinition {
			addFunction(def, n, base, c)
			return
		}
		collectModuleBindings(def, base, c)
		return
	case syntax.TypeFunctionDefinition:
		addFunction(n, n, base, c)
		return
	case syntax.TypeClassDefinition:
		name := n.Field(syntax.FieldName)
		add(name.Text(), Binding{Kind: ClassDef, Start: name.Start(), End: name.End()})
		return
	case syntax.TypeExpressionStatement:
		for _, e := range n.NamedChildren() {
			collectModuleBindings(e, base, c)
		}
		return
	case syntax.TypeAssignment, syntax.TypeAugmentedAssignment:
		if n.Type() == syntax.TypeAssignment {
			moduleConst(n, c)
		} else {
			for _, id := range targetNames(n.Field(syntax.FieldLeft)) {
				c.consts = append(c.consts, namedConst{id.Text(), false})
			}
		}
		for _, id := range targetNames(n.Field(syntax.FieldLeft)) {
			add(id.Text(), Binding{Kind: Assign, Start: id.Start(), End: id.End()})
		}
		collectModuleBindings(n.Field(syntax.FieldRight), base, c) // chained a = b = c
		return
	case syntax.TypeForStatement:
		for _, id := range targetNames(n.Field(syntax.FieldLeft)) {
			add(id.Text(), Binding{Kind: Assign, Start: id.Start(), End: id.End()})
		}
	case syntax.TypeTryStatement:
		importFallbacks(n, base, c)
		return
	case syntax.TypeWithStatement, syntax.TypeIfStatement, syntax.TypeElifClause, syntax.TypeElseClause, syntax.TypeExceptClause, syntax.TypeFinallyClause, syntax.TypeBlock, syntax.TypeWhileStatement, syntax.TypeWithClause, syntax.TypeWithItem:
	case syntax.TypeAsPattern:
		for _, id := range targetNames(n.Field(syntax.FieldAlias)) {
			add(id.Text(), Binding{Kind: Assign, Start: id.Start(), End: id.End()})
		}
		return
	default:
		return
	}
	for _, ch := range n.NamedChildren() {
		collectModuleBindings(ch, base, c)
	}
}

// importFallbacks collects a module-level try statement's bindings. The
// compatibility idiom
//
//	try:
//	    from pyodide.ffi import to_js
//	except ImportError:
//	    to_js = None
//
// keeps the import's meaning: on the runtime the import succeeds, so a
// name an except clause catching ImportError rebinds stays the import.
func importFallbacks(n syntax.Node, base int, c *Contribution) {
	imported := map[string]bool{}
	for _, ch := range n.NamedChildren() {
		if ch.Type() != syntax.TypeExceptClause || !catchesImportError(ch) {
			before := len(c.names)
			collectModuleBindings(ch, base, c)
			if ch.FieldName() == "body" {
				for _, nb := range c.names[before:] {
					if nb.b.Kind == Import {
						imported[nb.name] = true
					}
				}
			}
			continue
		}
		var fallback Contribution
		collectModuleBindings(ch, base, &fallback)
		for _, nb := range fallback.names {
			if !imported[nb.name] {
				c.names = append(c.names, nb)
			}
		}
		c.stars = append(c.stars, fallback.stars...)
		c.functions = append(c.functions, fallback.functions...)
		c.consts = append(c.consts, fallback.consts...)
	}
}

// catchesImportError reports whether an except clause catches
// ImportError or ModuleNotFoundError (by name, alone or in a tuple).
func catchesImportError(clause syntax.Node) bool {
	for _, ch := range clause.NamedChildren() {
		if ch.Type() == syntax.TypeBlock {
			break
		}
		t := ch.Text()
		if strings.Contains(t, "ImportError") || strings.Contains(t, "ModuleNotFoundError") {
			return true
		}
	}
	return false
}

// addFunction records a top-level function; stmt is the def itself or
// the decorated_definition around it (which gives the decorators and the
// statement's range).
func addFunction(def, stmt syntax.Node, base int, c *Contribution) {
	f := functionOf(def)
	f.Facts = summarizeFunction(def, stmt.Start(), stmt != def)
	for _, d := range stmt.NamedChildren() {
		if d.Type() == syntax.TypeDecorator {
			f.Decorators = append(f.Decorators, strings.TrimSpace(strings.TrimPrefix(d.Text(), "@")))
		}
	}
	c.names = append(c.names, namedBinding{f.Name, Binding{Kind: Def, Start: f.NameStart - base, End: f.NameEnd - base}})
	f.Start = stmt.Start() - base
	f.End = stmt.End() - base
	f.NameStart -= base
	f.NameEnd -= base
	c.functions = append(c.functions, f)
}

func functionOf(def syntax.Node) Function {
	name := def.Field(syntax.FieldName)
	f := Function{Name: name.Text(), NameStart: name.Start(), NameEnd: name.End()}
	f.handlerName = legacyHandlerNames[f.Name] || jsHandlerNames[f.Name]
	for _, ch := range def.Children() {
		if ch.Type() == "async" {
			f.Async = true
		}
	}
	for _, p := range def.Field(syntax.FieldParameters).NamedChildren() {
		if id := ParamName(p); id != "" {
			f.Params = append(f.Params, id)
		}
	}
	return f
}

// ParamName returns the name a parameter node binds ("" for separators).
func ParamName(p syntax.Node) string {
	switch p.Type() {
	case syntax.TypeIdentifier:
		return p.Text()
	case syntax.TypeDefaultParameter, syntax.TypeTypedDefaultParameter:
		return p.Field(syntax.FieldName).Text()
	case syntax.TypeTypedParameter, syntax.TypeListSplatPattern, syntax.TypeDictionarySplatPattern:
		for _, ch := range p.NamedChildren() {
			if ch.Type() == syntax.TypeIdentifier {
				return ch.Text()
			}
			if ch.Is(syntax.TypeListSplatPattern, syntax.TypeDictionarySplatPattern) {
				return ParamName(ch)
			}
		}
	}
	return ""
}

// targetNames lists the identifiers an assignment target binds.
func targetNames(t syntax.Node) []syntax.Node {
	switch t.Type() {
	case syntax.TypeIdentifier:
		return []syntax.Node{t}
	case syntax.TypePatternList, syntax.TypeTuplePattern, syntax.TypeListPattern, syntax.TypeTuple, syntax.TypeList, syntax.TypeListSplatPattern, syntax.TypeParenthesizedExpression, syntax.TypeAsPatternTarget:
		var out []syntax.Node
		for _, ch := range t.NamedChildren() {
			out = append(out, targetNames(ch)...)
		}
		return out
	}
	return nil
}

// Build folds the contributions of a module's units, in source order. starts
// holds each unit's start offset.
func Build(contribs []Contribution, starts []int) *Module {
	// Size the maps and slices up front: on every keystroke of a large
	// module, growing them (rehashing thousands of names, copying the
	// function list) cost as much as filling them, and its garbage made
	// the collector run every few dozen keystrokes.
	var names, funcs, classes, consts int
	var methods []int // per class: the methods its members define
	for i := range contribs {
		c := &contribs[i]
		names += len(c.names)
		funcs += len(c.functions)
		consts += len(c.consts)
		if c.class != nil {
			classes++
			methods = append(methods, 0)
		}
		if c.method != nil && classes > 0 {
			methods[classes-1]++
		}
	}
	m := &Module{Names: make(map[string]Binding, names), Functions: make([]Function, 0, funcs), Classes: make([]Class, 0, classes)}
	assigned := make(map[string]int, consts)
	var imported []string // names some import binds (a later binding may replace it)
	for i := range contribs {
		c := &contribs[i] // not a copy: the fold visits every unit on every keystroke
		base := starts[i]
		for _, k := range c.consts {
			assigned[k.name]++
			if k.dict {
				if m.DictConsts == nil {
					m.DictConsts = map[string]bool{}
				}
				m.DictConsts[k.name] = true
			}
		}
		if len(c.attrs) > 0 || c.member != "" || c.method != nil {
			if n := len(m.Classes); n > 0 {
				m.Classes[n-1].addMember(*c, base)
			}
		}
		for _, nb := range c.names {
			b := nb.b
			b.Start += base
			b.End += base
			m.Names[nb.name] = b
			if b.Kind == Import {
				imported = append(imported, nb.name)
			}
		}
		m.StarImports = append(m.StarImports, c.stars...)
		for j := range c.functions {
			m.Functions = append(m.Functions, c.functions[j])
			f := &m.Functions[len(m.Functions)-1]
			f.Start += base
			f.End += base
			f.NameStart += base
			f.NameEnd += base
			if len(f.Decorators) > 0 {
				// Qualified below: copy them, the contribution is cached.
				f.Decorators = slices.Clone(f.Decorators)
			}
			if f.handlerName || len(f.Decorators) > 0 {
				m.handlers = append(m.handlers, len(m.Functions)-1)
			}
		}
		if c.class != nil {
			k := *c.class
			k.Start += base
			k.End += base
			k.NameStart += base
			k.NameEnd += base
			k.Bases = append([]string(nil), k.Bases...) // qualified below; the contribution is cached
			if n := methods[len(m.Classes)]; n > 0 && k.Facts == nil {
				k.Facts = &ClassFacts{methods: make([]methodAt, 0, n)}
			}
			m.Classes = append(m.Classes, k)
		}
	}
	for name := range m.DictConsts {
		if assigned[name] != 1 || m.Names[name].Kind != Assign {
			delete(m.DictConsts, name)
		}
	}
	m.index(imported)
	// Resolve bases and decorators once every import is known.
	for i := range m.Classes {
		k := &m.Classes[i]
		for j, b := range k.Bases {
			k.Bases[j] = m.QualifyDotted(b)
		}
		k.Entrypoint = m.entrypointOf(k.Bases, map[string]bool{k.Name: true})
	}
	for i := range m.Functions {
		f := &m.Functions[i]
		for j, d := range f.Decorators {
			head, _, _ := strings.Cut(d, "(")
			f.Decorators[j] = m.QualifyDotted(head)
		}
	}
	return m
}

// index builds the lookup maps, given the names some import binds (a
// few dozen, where the module's names are thousands: iterating these is
// what it used to cost on every keystroke). Classes must be indexed
// before their bases are resolved (entrypointOf looks local bases up by
// name).
func (m *Module) index(imported []string) {
	m.classByName = make(map[string]int, len(m.Classes))
	m.classByStart = make(map[int]int, len(m.Classes))
	for i, k := range m.Classes {
		if _, ok := m.classByName[k.Name]; !ok {
			m.classByName[k.Name] = i
		}
		m.classByStart[k.Start] = i
	}
	m.funcByName = make(map[string]int, len(m.Functions))
	for i, f := range m.Functions {
		m.funcByName[f.Name] = i
	}
	m.importedAs = make(map[string][]string, len(imported))
	seen := make(map[string]bool, len(imported))
	for _, name := range imported {
		if b := m.Names[name]; b.Kind == Import && !seen[name] {
			seen[name] = true
			m.importedAs[b.Qualified] = append(m.importedAs[b.Qualified], name)
			m.imports = append(m.imports, name)
		}
	}
}

// Imports lists the module-level names an import binds (each once, in
// no particular order): a few dozen, where Names holds thousands.
func (m *Module) Imports() []string { return m.imports }

// HandlerCandidates calls yield with each top-level function named like a
// handler the runtime may call or with a decorator, in source order: the
// only functions the handler rules need to read on every keystroke.
func (m *Module) HandlerCandidates(yield func(*Function) bool) {
	for _, i := range m.handlers {
		if !yield(&m.Functions[i]) {
			return
		}
	}
}

// ImportedAs lists the module-level names bound by an import of the
// qualified name q ("pyodide.ffi.to_js"), in no particular order.
func (m *Module) ImportedAs(q string) []string { return m.importedAs[q] }

// ClassAt returns the class whose statement starts at offset start, or nil.
func (m *Module) ClassAt(start int) *Class {
	if i, ok := m.classByStart[start]; ok {
		return &m.Classes[i]
	}
	return nil
}

// entrypointOf follows bases (through local subclasses) to a runtime base.
func (m *Module) entrypointOf(bases []string, seen map[string]bool) EntrypointKind {
	for _, b := range bases {
		switch b {
		case "workers.WorkerEntrypoint", "cloudflare.workers.WorkerEntrypoint":
			return WorkerEntrypoint
		case "workers.DurableObject", "cloudflare.workers.DurableObject":
			return DurableObject
		case "workers.WorkflowEntrypoint", "cloudflare.workers.WorkflowEntrypoint", "workers.workflows.WorkflowEntrypoint":
			return WorkflowEntrypoint
		}
		if k := m.Class(b); k != nil && !seen[b] {
			seen[b] = true
			if e := m.entrypointOf(k.Bases, seen); e != NotEntrypoint {
				return e
			}
		}
	}
	return NotEntrypoint
}

// Class returns the top-level class named name, or nil.
func (m *Module) Class(name string) *Class {
	if i, ok := m.classByName[name]; ok {
		return &m.Classes[i]
	}
	return nil
}

// Function returns the last top-level function named name, or nil.
func (m *Module) Function(name string) *Function {
	if i, ok := m.funcByName[name]; ok {
		return &m.Functions[i]
	}
	return nil
}

// QualifyDotted resolves a dotted name written at module level ("ffi.to_js")
// through the module's imports; names that are not imported stay as written.
func (m *Module) QualifyDotted(dotted string) string {
	head, rest, _ := strings.Cut(dotted, ".")
	if q := m.Global(head); q != "" {
		if rest == "" {
			return q
		}
		return q + "." + rest
	}
	return dotted
}

// Global resolves a module-level name to its qualified import, consulting
// star imports for names not bound here. "" means not an import.
func (m *Module) Global(name string) string {
	if b, ok := m.Names[name]; ok {
		if b.Kind == Import {
			return b.Qualified
		}
		return ""
	}
	for i := len(m.StarImports) - 1; i >= 0; i-- {
		mod := m.StarImports[i]
		if exportsName(mod, name) {
			return mod + "." + name
		}
	}
	return ""
}

// keySeed is fixed for the process so equal facts get equal values.
var keySeed = maphash.MakeSeed()
