package semantic

import (
	"fmt"
	"hash/maphash"
	"strconv"
	"strings"
	"sync"

	"github.com/pyworkers/pyworkers-lsp/internal/analysis/syntax"
)

// FuncFacts summarise a module-level function for its callers: whether it
// may return None, and which of its parameters it passes to a method
// called on another parameter (`save(db, note)` doing
// `db.prepare(q).bind(note)`). They are computed from the function's own
// text alone (with its unit's summary), so they are cached with the unit
// and change only when that text does; Key hashes them without offsets,
// so callers depend on the facts, not on where the function sits.
type FuncFacts struct {
	// ReturnsNone: some path returns None (a bare return, `return None`,
	// a value that may be None, or falling off the end). NoneText says
	// which; NoneStart/NoneEnd locate it relative to the function
	// statement's start.
	ReturnsNone        bool
	NoneText           string
	NoneStart, NoneEnd int
	// ReturnsCalls lists module-level names whose call results the
	// function returns; they may return None in turn.
	ReturnsCalls []string
	// NotNone: the return annotation excludes None, which wins.
	NotNone bool
	// ReturnsDict: every return gives a dict display or dict(...).
	ReturnsDict bool
	// Sinks are the parameters passed to methods of other parameters.
	Sinks []Sink
	// Async marks an async def (its call gives a coroutine).
	Async bool
	// Forwards are calls passing parameters on to module-level functions,
	// whose sinks become this function's (see Module.sinks).
	Forwards []Forward
	// Params names a method's parameters (self first) when it has sinks:
	// its callers map keyword arguments through them.
	Params []string
}

// Forward is a call that passes the function's parameters on to a
// module-level function: `save(db, note)` calling `insert(db, note)`.
type Forward struct {
	Callee string
	Args   []ForwardArg
	// Start and End cover the call, relative to the function statement.
	Start, End int
}

// ForwardArg is one parameter (reached along Steps) passed as the
// callee's positional argument Pos, or as its keyword argument Keyword.
type ForwardArg struct {
	Pos     int
	Keyword string
	Param   int
	Steps   []Step
}

// Sink is one parameter passed to a method called on a value reached
// from another parameter.
type Sink struct {
	Param  int    // the parameter passed
	Recv   int    // the parameter the method's object is reached from
	Steps  []Step // from Recv to the method's object
	Method string
	// Via names the functions a forwarded sink goes through ("insert"),
	// and Forward is 1 + the index of the forwarding call (0: direct).
	Via     string
	Forward int
	// Start and End cover the method call, relative to the function
	// statement's start.
	Start, End int
}

// maxSinks bounds the sinks kept per function.
const maxSinks = 16

// summarizeFunction computes the facts of function def, whose statement
// starts at base.
func summarizeFunction(def syntax.Node, base int, decorated bool) *FuncFacts {
	return summarize(def, base, decorated, false)
}

// summaryPool recycles the value analyses of function summaries: opening
// a module summarizes every function, each with one of its own.
var summaryPool = sync.Pool{New: func() any { return (*Values)(nil).Reuse(nil, nil, nil) }}

// summaryValues returns a value analysis for one function's summary:
// parameters are OriginParam and the module's names are unknown (a
// summary must not depend on the rest of the module). Put it back in
// summaryPool when done.
func summaryValues() *Values {
	v := summaryPool.Get().(*Values).Reuse(NewResolver(&Module{Names: map[string]Binding{}}), nil, nil)
	v.summary = true
	return v
}

// summarize computes the facts of function def. A method (method set)
// keeps what it returns and its sinks, not its forwards: its callers are
// `self.name(…)` calls in its own class.
func summarize(def syntax.Node, base int, decorated, method bool) *FuncFacts {
	body := def.Field(syntax.FieldBody)
	if body.IsZero() {
		return nil
	}
	f := &FuncFacts{}
	var lazy *Values
	values := func() *Values {
		if lazy == nil {
			lazy = summaryValues()
		}
		return lazy
	}
	defer func() {
		if lazy != nil {
			summaryPool.Put(lazy)
		}
	}()
	params := map[string]bool{}
	self := ""
	for _, p := range def.Field(syntax.FieldParameters).NamedChildren() {
		if name := ParamName(p); name != "" {
			if len(params) == 0 && p.Type() == syntax.TypeIdentifier {
				self = name
			}
			params[name] = true
		}
	}
	ret := def.Field(syntax.FieldReturnType)
	f.NotNone = !ret.IsZero() && !annotationMayBeNone(ret)
	setNone := func(n syntax.Node, text string) {
		if !f.ReturnsNone {
			f.ReturnsNone, f.NoneText, f.NoneStart, f.NoneEnd = true, text, n.Start()-base, n.End()-base
		}
	}
	if annotationMayBeNone(ret) {
		setNone(ret, "is annotated "+shortText(ret.Text()))
	}
	dicts, returns := 0, 0
	generator, valued := false, false
	t := body.Tree()
	for i := body.Index(); i < body.SubtreeEnd(); i++ {
		n := t.At(i)
		switch n.Type() {
		case syntax.TypeFunctionDefinition, syntax.TypeClassDefinition, syntax.TypeLambda:
			i = n.SubtreeEnd() - 1
		case syntax.TypeYield:
			generator = true
		case syntax.TypeReturnStatement:
			returns++
			vals := n.NamedChildren()
			valued = valued || len(vals) > 0
			if len(vals) == 0 {
				setNone(n, "returns None")
				continue
			}
			val := vals[0]
			if isLiteral(val) || val.Is(syntax.TypeDictionary, syntax.TypeList, syntax.TypeTuple, syntax.TypeBinaryOperator, "f_string") {
				if val.Type() == syntax.TypeDictionary {
					dicts++
				}
				continue
			}
			o := values().Origin(val)
			switch {
			case o.Kind == OriginNone:
				setNone(n, "returns None")
			case o.MaybeNone:
				setNone(n, "returns "+shortText(val.Text())+", which may be None")
			case o.Kind == OriginDict:
				dicts++
			}
			if callee := returnedCall(val, self); callee != "" && len(f.ReturnsCalls) < 8 {
				f.ReturnsCalls = append(f.ReturnsCalls, callee)
			}
		case syntax.TypeCall:
			if len(f.Sinks) < maxSinks && passesParam(n, params) {
				for _, sk := range sinksOf(values(), n, base) {
					// self.other(x) in a method: a call of the app's own
					// code, not of a value reached from self.
					if !method || sk.Recv != 0 || len(sk.Steps) > 0 {
						f.Sinks = append(f.Sinks, sk)
					}
				}
			}
			if !method && len(f.Forwards) < maxSinks && forwardsParam(n, params) {
				if fw, ok := forwardOf(values(), n, base); ok {
					f.Forwards = append(f.Forwards, fw)
				}
			}
		}
	}
	if generator || decorated {
		// A generator returns a generator; a decorator may return anything.
		f.ReturnsNone, f.ReturnsCalls, dicts = false, nil, 0
	} else if !stub(body) && canFallOff(body) {
		setNone(def.Field(syntax.FieldName), "can end without a return (returning None)")
	}
	f.ReturnsDict = returns > 0 && dicts == returns && !f.ReturnsNone
	if f.NotNone {
		f.ReturnsNone, f.ReturnsCalls = false, nil
	}
	for _, ch := range def.Children() {
		f.Async = f.Async || ch.Type() == "async"
	}
	if method {
		// Calls of capitalised names construct objects (`return
		// Response(...)`), which are not None: most methods end so.
		calls := f.ReturnsCalls[:0:0]
		for _, c := range f.ReturnsCalls {
			if c != "" && !(c[0] >= 'A' && c[0] <= 'Z') {
				calls = append(calls, c)
			}
		}
		f.ReturnsCalls = calls
		if !valued && !annotationMayBeNone(ret) {
			// A method that never returns a value is a procedure: callers
			// do not use its result.
			f.ReturnsNone, f.ReturnsCalls = false, nil
		}
		if len(f.Sinks) > 0 {
			// Indexed as Sink.Param is (separators such as `*` skipped).
			f.Params = functionOf(def).Params
		}
	}
	if !f.ReturnsNone && len(f.ReturnsCalls) == 0 && !f.ReturnsDict && len(f.Sinks) == 0 && len(f.Forwards) == 0 {
		return nil
	}
	return f
}

// returnedCall names the module-level function whose call val is
// (`return lookup(x)`, `return await fetch_row(x)`), or the method of
// the first parameter self (`return self.find(x)` gives ".find"), or "".
func returnedCall(val syntax.Node, self string) string {
	if val.Type() == syntax.TypeAwait {
		if inner := val.NamedChildren(); len(inner) == 1 {
			val = inner[0]
		}
	}
	if val.Type() != syntax.TypeCall {
		return ""
	}
	fn := val.Field(syntax.FieldFunction)
	switch fn.Type() {
	case syntax.TypeIdentifier:
		return fn.Text()
	case syntax.TypeAttribute:
		if obj := fn.Field(syntax.FieldObject); self != "" && obj.Type() == syntax.TypeIdentifier && obj.Text() == self {
			return "." + fn.Field(syntax.FieldAttribute).Text()
		}
	}
	return ""
}

// passesParam reports whether a method call has a parameter's name as a
// positional argument (the cheap test before sinksOf).
func passesParam(call syntax.Node, params map[string]bool) bool {
	if call.Field(syntax.FieldFunction).Type() != syntax.TypeAttribute {
		return false
	}
	for _, a := range call.Field(syntax.FieldArguments).NamedChildren() {
		if a.Type() == syntax.TypeIdentifier && params[a.Text()] {
			return true
		}
	}
	return false
}

// sinksOf lists the parameters call passes to a method of a parameter's
// value.
func sinksOf(v *Values, call syntax.Node, base int) []Sink {
	fn := call.Field(syntax.FieldFunction)
	if fn.Type() != syntax.TypeAttribute {
		return nil
	}
	recv := v.Origin(fn.Field(syntax.FieldObject))
	if recv.Kind != OriginParam {
		return nil
	}
	var out []Sink
	for _, arg := range PositionalArgs(call) {
		a := v.Origin(arg)
		if a.Kind != OriginParam || len(a.Steps) > 0 || a.NotNone || a.Param == recv.Param {
			continue
		}
		out = append(out, Sink{Param: a.Param, Recv: recv.Param, Steps: recv.Steps, Method: fn.Field(syntax.FieldAttribute).Text(),
			Start: call.Start() - base, End: call.End() - base})
	}
	return out
}

// forwardsParam reports whether a call of a plain name passes an
// argument rooted in a parameter (the cheap test before forwardOf).
func forwardsParam(call syntax.Node, params map[string]bool) bool {
	if fn := call.Field(syntax.FieldFunction); fn.Type() != syntax.TypeIdentifier || params[fn.Text()] {
		return false
	}
	for _, a := range call.Field(syntax.FieldArguments).NamedChildren() {
		if a.Type() == syntax.TypeKeywordArgument {
			a = a.Field(syntax.FieldValue)
		}
		for a.Type() == syntax.TypeAttribute || a.Type() == syntax.TypeCall && a.Field(syntax.FieldFunction).Type() == syntax.TypeAttribute {
			if a.Type() == syntax.TypeCall {
				a = a.Field(syntax.FieldFunction)
			}
			a = a.Field(syntax.FieldObject)
		}
		if a.Type() == syntax.TypeIdentifier && params[a.Text()] {
			return true
		}
	}
	return false
}

// forwardOf describes a call passing parameters on to a function.
func forwardOf(v *Values, call syntax.Node, base int) (Forward, bool) {
	fw := Forward{Callee: call.Field(syntax.FieldFunction).Text(), Start: call.Start() - base, End: call.End() - base}
	pos := 0
	for _, a := range call.Field(syntax.FieldArguments).NamedChildren() {
		arg := ForwardArg{Pos: pos, Param: -1}
		switch a.Type() {
		case syntax.TypeComment:
			continue
		case syntax.TypeListSplat, syntax.TypeDictionarySplat:
			return Forward{}, false // positions unknown after a splat
		case syntax.TypeKeywordArgument:
			arg.Pos, arg.Keyword = -1, a.Field(syntax.FieldName).Text()
			a = a.Field(syntax.FieldValue)
		default:
			pos++
		}
		o := v.Origin(a)
		if o.Kind != OriginParam || o.NotNone && len(o.Steps) == 0 {
			continue
		}
		arg.Param, arg.Steps = o.Param, o.Steps
		fw.Args = append(fw.Args, arg)
	}
	return fw, len(fw.Args) > 0
}

// maxForwardDepth bounds how many functions a forwarded sink goes through.
const maxForwardDepth = 3

// sinks lists function f's sinks: its own, then those of the functions
// of m it forwards parameters to (bounded, recursion safe).
func (m *Module) sinks(f *Function, depth int, seen map[string]bool) []Sink {
	if f == nil || f.Facts == nil {
		return nil
	}
	if len(f.Facts.Forwards) == 0 || depth >= maxForwardDepth || seen[f.Name] {
		return f.Facts.Sinks
	}
	if seen == nil {
		seen = map[string]bool{}
	}
	seen[f.Name] = true
	defer delete(seen, f.Name)
	out := append([]Sink(nil), f.Facts.Sinks...)
	for i, fw := range f.Facts.Forwards {
		if b, ok := m.Names[fw.Callee]; !ok || b.Kind != Def {
			continue
		}
		callee := m.Function(fw.Callee)
		for _, cs := range m.sinks(callee, depth+1, seen) {
			p, okP := fw.arg(cs.Param, callee.Params)
			r, okR := fw.arg(cs.Recv, callee.Params)
			if !okP || !okR || len(p.Steps) > 0 || len(r.Steps)+len(cs.Steps) > 8 {
				continue
			}
			via := fw.Callee
			if cs.Via != "" {
				via += ", " + cs.Via
			}
			out = append(out, Sink{Param: p.Param, Recv: r.Param, Steps: append(append([]Step(nil), r.Steps...), cs.Steps...),
				Method: cs.Method, Via: via, Forward: i + 1, Start: fw.Start, End: fw.End})
			if len(out) >= maxSinks {
				return out
			}
		}
	}
	return out
}

// arg is the forwarded argument the callee receives as parameter i.
func (fw Forward) arg(i int, params []string) (ForwardArg, bool) {
	for _, a := range fw.Args {
		if a.Pos == i || a.Keyword != "" && i < len(params) && params[i] == a.Keyword {
			return a, true
		}
	}
	return ForwardArg{}, false
}

// ResolveSinks records in each function of m its sinks through forwarded
// calls, for importers in other modules (which see the function, not m).
func (m *Module) ResolveSinks() {
	for i := range m.Functions {
		f := &m.Functions[i]
		if f.Facts != nil && len(f.Facts.Forwards) > 0 {
			f.Sinks = m.sinks(f, 0, nil)
		}
	}
}

// stub reports whether a body only documents or declares: docstring,
// `...`, `pass`, or raise NotImplementedError.
func stub(body syntax.Node) bool {
	for _, st := range body.NamedChildren() {
		switch st.Type() {
		case syntax.TypeComment, syntax.TypePassStatement, syntax.TypeRaiseStatement:
		case syntax.TypeExpressionStatement:
			inner := st.NamedChildren()
			if len(inner) != 1 || !inner[0].Is(syntax.TypeString, syntax.TypeEllipsis) {
				return false
			}
		default:
			return false
		}
	}
	return true
}

// canFallOff reports whether control may reach the end of a block.
// Unsure constructs (loops other than `while True`, match) count as
// falling off only when nothing after them could return.
func canFallOff(block syntax.Node) bool {
	sts := block.NamedChildren()
	for i := len(sts) - 1; i >= 0; i-- {
		st := sts[i]
		switch st.Type() {
		case syntax.TypeComment:
			continue
		case syntax.TypeReturnStatement, syntax.TypeRaiseStatement:
			return false
		case syntax.TypeIfStatement:
			if canFallOff(st.Field(syntax.FieldConsequence)) {
				return true
			}
			hasElse := false
			for _, c := range st.NamedChildren() {
				switch c.Type() {
				case syntax.TypeElifClause:
					if canFallOff(c.Field(syntax.FieldConsequence)) {
						return true
					}
				case syntax.TypeElseClause:
					hasElse = true
					if canFallOff(c.Field(syntax.FieldBody)) {
						return true
					}
				}
			}
			return !hasElse
		case syntax.TypeWithStatement:
			return canFallOff(st.Field(syntax.FieldBody))
		case syntax.TypeTryStatement:
			if !canFallOff(st.Field(syntax.FieldBody)) {
				for _, c := range st.NamedChildren() {
					if c.Type() == syntax.TypeExceptClause || c.Type() == syntax.TypeExceptGroupClause {
						if b := lastBlock(c); !b.IsZero() && canFallOff(b) {
							return true
						}
					}
				}
				return false
			}
			for _, c := range st.NamedChildren() {
				if c.Type() == syntax.TypeElseClause {
					return canFallOff(c.Field(syntax.FieldBody))
				}
			}
			return true
		case syntax.TypeWhileStatement:
			if c := st.Field(syntax.FieldCondition); c.Type() == syntax.TypeTrue {
				return false
			}
			return true
		case syntax.TypeMatchStatement:
			return false // cases may be exhaustive; unknown, so no claim
		}
		return true
	}
	return true
}

func lastBlock(n syntax.Node) syntax.Node {
	ch := n.NamedChildren()
	for i := len(ch) - 1; i >= 0; i-- {
		if ch[i].Type() == syntax.TypeBlock {
			return ch[i]
		}
	}
	return syntax.Node{}
}

// hashFacts adds the facts, without offsets, to a module key.
func hashFacts(h *maphash.Hash, f *FuncFacts) {
	if f == nil {
		return
	}
	fmt.Fprintf(h, "{%v %q %v %v %v %v %v", f.ReturnsNone, f.NoneText, f.ReturnsCalls, f.NotNone, f.ReturnsDict, f.Async, f.Params)
	hashSinks(h, f.Sinks)
	for _, fw := range f.Forwards {
		fmt.Fprintf(h, " >%s", fw.Callee)
		for _, a := range fw.Args {
			fmt.Fprintf(h, "(%d%s=%d%s)", a.Pos, a.Keyword, a.Param, stepsKey(a.Steps))
		}
	}
	h.WriteString("}")
}

func hashSinks(h *maphash.Hash, sinks []Sink) {
	for _, s := range sinks {
		fmt.Fprintf(h, " %d>%d%s.%s<%s", s.Param, s.Recv, stepsKey(s.Steps), s.Method, s.Via)
	}
}

func stepsKey(steps []Step) string {
	var b strings.Builder
	for _, s := range steps {
		b.WriteString(strconv.Itoa(int(s.Kind)) + s.Name + "/" + strconv.Itoa(s.Args))
	}
	return b.String()
}

// projectFunction returns the module-level function a callee names, when
// it is a plain function defined in this module.
func (v *Values) projectFunction(fn syntax.Node) (*Function, bool) {
	if v.summary {
		return nil, false
	}
	if fn.Type() == syntax.TypeAttribute {
		return v.moduleFunction(fn)
	}
	if fn.Type() != syntax.TypeIdentifier {
		return nil, false
	}
	v.res.Reads.add(FactFunction, fn.Text())
	if f := v.res.Module.Function(fn.Text()); (f == nil || f.Facts == nil) && v.res.Module.external[fn.Text()] == nil {
		return nil, false // most calls: no lookup through the scopes
	}
	b, where := v.res.Lookup(fn)
	if where == Global && b.Kind == Import {
		f := v.res.Module.external[fn.Text()]
		return f, f != nil
	}
	if where != Global || b.Kind != Def {
		return nil, false
	}
	f := v.res.Module.Function(fn.Text())
	if f == nil || f.Facts == nil {
		return nil, false
	}
	return f, true
}

// moduleFunction returns the function a callee `util.get_user` names
// when util is a module of the Worker imported at module level.
func (v *Values) moduleFunction(fn syntax.Node) (*Function, bool) {
	obj := fn.Field(syntax.FieldObject)
	if obj.Type() != syntax.TypeIdentifier {
		return nil, false
	}
	// Only a module-level import can name a module; the name's binding is
	// a fact read by Lookup, so a new import re-analyses this unit.
	if b, where := v.res.Lookup(obj); where != Global || b.Kind != Import {
		return nil, false
	}
	key := calleeKey(fn)
	v.res.Reads.add(FactFunction, key)
	f := v.res.Module.external[key]
	return f, f != nil
}

// calleeKey names a callee as Module.external keys it: "get_user",
// "util.get_user".
func calleeKey(fn syntax.Node) string {
	if fn.Type() == syntax.TypeAttribute {
		return fn.Field(syntax.FieldObject).Text() + "." + fn.Field(syntax.FieldAttribute).Text()
	}
	return fn.Text()
}

// returned is the origin of what a call of project function f gives.
func (v *Values) returned(f *Function, call syntax.Node) Origin {
	if f.Facts.ReturnsDict {
		return Origin{Kind: OriginDict, Source: f.Name + "()", Node: call}
	}
	if v.res.Module.external[calleeKey(call.Field(syntax.FieldFunction))] == f {
		// In another module: its own returns are known, not those of the
		// functions it calls; the place is the call here.
		if f.Facts.ReturnsNone {
			return Origin{MaybeNone: true, Why: &Cause{Text: f.Name + "() " + f.Facts.NoneText, Node: call}}
		}
		return Origin{}
	}
	if name, ok := v.res.Module.mayReturnNone(f.Name, 0, nil); ok {
		text := name + "() " + v.res.Module.Function(name).Facts.NoneText
		return Origin{MaybeNone: true, Why: &Cause{Text: text, Anchor: name + "#return", Node: call}}
	}
	return Origin{}
}

// maxCallDepth bounds how far returned calls are followed.
const maxCallDepth = 4

// mayReturnNone reports whether function name may return None, directly
// or through the functions whose results it returns, and names the
// function where the None comes from. Recursion safe.
func (m *Module) mayReturnNone(name string, depth int, seen map[string]bool) (string, bool) {
	f := m.Function(name)
	if f == nil || f.Facts == nil || depth > maxCallDepth || seen[name] {
		return "", false
	}
	if f.Facts.ReturnsNone {
		return name, true
	}
	if seen == nil {
		seen = map[string]bool{}
	}
	seen[name] = true
	for _, callee := range f.Facts.ReturnsCalls {
		if b, ok := m.Names[callee]; !ok || b.Kind != Def {
			continue
		}
		if where, ok := m.mayReturnNone(callee, depth+1, seen); ok {
			return where, true
		}
	}
	return "", false
}

// Place resolves a related-information anchor ("lookup#return",
// "save#sink2", "Store.find#return") to the byte range it names in the
// current module.
func (m *Module) Place(anchor string) (int, int, bool) {
	name, what, _ := strings.Cut(anchor, "#")
	if class, method, ok := strings.Cut(name, "."); ok {
		k := m.Class(class)
		if k == nil || k.Facts == nil {
			return 0, 0, false
		}
		f, ok := k.Facts.Method(method)
		if !ok {
			return 0, 0, false
		}
		return f.Facts.place(what, f.Start)
	}
	f := m.Function(name)
	if f == nil || f.Facts == nil {
		return 0, 0, false
	}
	return f.Facts.place(what, f.Start)
}

// place resolves what ("return", "sinkN", "fwdN") in the facts of a
// definition whose statement starts at start.
func (f *FuncFacts) place(what string, start int) (int, int, bool) {
	index := func(prefix string, n int) (int, bool) {
		i, err := strconv.Atoi(strings.TrimPrefix(what, prefix))
		return i, strings.HasPrefix(what, prefix) && err == nil && i >= 0 && i < n
	}
	if what == "return" && f.ReturnsNone {
		return start + f.NoneStart, start + f.NoneEnd, true
	}
	if i, ok := index("sink", len(f.Sinks)); ok {
		return start + f.Sinks[i].Start, start + f.Sinks[i].End, true
	}
	if i, ok := index("fwd", len(f.Forwards)); ok {
		return start + f.Forwards[i].Start, start + f.Forwards[i].End, true
	}
	return 0, 0, false
}

// hashFunction adds to h what callers read of function name: its facts
// (here or imported) and where a None it may return comes from.
func (m *Module) hashFunction(h *maphash.Hash, name string) {
	if f := m.Function(name); f != nil {
		h.WriteString("d:" + strings.Join(f.Params, ",") + fmt.Sprint(f.Async))
		hashFacts(h, f.Facts)
		if where, ok := m.mayReturnNone(name, 0, nil); ok {
			h.WriteString("n:" + where + ":" + m.Function(where).Facts.NoneText)
		}
		if f.Facts != nil && len(f.Facts.Forwards) > 0 {
			h.WriteString("s:")
			hashSinks(h, m.sinks(f, 0, nil))
		}
	}
	if f := m.external[name]; f != nil {
		h.WriteString("x:" + strings.Join(f.Params, ",") + fmt.Sprint(f.Async))
		hashFacts(h, f.Facts)
		hashSinks(h, f.Sinks)
	}
}

// Link records that the module imports function f (summarised in
// another module of the Worker) under the name local.
func (m *Module) Link(local string, f *Function) {
	if m.external == nil {
		m.external = map[string]*Function{}
	}
	m.external[local] = f
}

// Passed is an argument of a call to a project function that the
// function hands to a method called on (a value reached from) another of
// its parameters.
type Passed struct {
	Arg syntax.Node
	// Recv is where the method is called: the caller's argument for the
	// receiving parameter, followed along the function's steps.
	Recv   Origin
	Method string
	// Function and Anchor name the function and the call inside it; Via
	// the functions it passes the argument on through ("insert"), if any.
	Function string
	Via      string
	Anchor   string
}

// PassedArgs lists the arguments of call that a project function passes
// on to methods of its other parameters' values, with the receivers those
// methods have given this call's arguments.
func (v *Values) PassedArgs(call syntax.Node) []Passed {
	fn := call.Field(syntax.FieldFunction)
	if m, name, ok := v.selfMethod(fn); ok {
		return v.passedToMethod(call, m, name)
	}
	f, ok := v.projectFunction(fn)
	if !ok {
		return nil
	}
	external := v.res.Module.external[calleeKey(fn)] == f
	sinks := f.Sinks
	if !external {
		sinks = v.res.Module.sinks(f, 0, nil)
	} else if sinks == nil {
		sinks = f.Facts.Sinks
	}
	if len(sinks) == 0 {
		return nil
	}
	args := argsByParam(call, f.Params)
	var out []Passed
	for i, s := range sinks {
		p, ok := v.passed(args, s)
		if !ok {
			continue
		}
		p.Function, p.Anchor = f.Name, f.Name+"#sink"+strconv.Itoa(i)
		if s.Forward > 0 {
			p.Anchor = f.Name + "#fwd" + strconv.Itoa(s.Forward-1)
		}
		if external {
			p.Anchor = "" // in another file
		}
		out = append(out, p)
	}
	return out
}

// passedToMethod is PassedArgs for `self.name(…)`, m being the summary
// of the class's method name: the call's object is its first parameter.
func (v *Values) passedToMethod(call syntax.Node, m Method, name string) []Passed {
	if len(m.Facts.Sinks) == 0 {
		return nil
	}
	args := map[int]syntax.Node{0: call.Field(syntax.FieldFunction).Field(syntax.FieldObject)}
	for i, a := range argsByParam(call, m.Facts.Params[1:]) { // none after a splat
		args[i+1] = a
	}
	var out []Passed
	for i, s := range m.Facts.Sinks {
		if p, ok := v.passed(args, s); ok {
			p.Function, p.Anchor = "self."+name, v.class.Name+"."+name+"#sink"+strconv.Itoa(i)
			out = append(out, p)
		}
	}
	return out
}

// passed is the argument a call gives sink s's parameter, with the
// receiver the sink's method is called on, or false when either is not
// known.
func (v *Values) passed(args map[int]syntax.Node, s Sink) (Passed, bool) {
	arg, recv := args[s.Param], args[s.Recv]
	if arg.IsZero() || recv.IsZero() {
		return Passed{}, false
	}
	r := v.Origin(recv)
	for _, st := range s.Steps {
		r = v.step(r, st)
	}
	if r.Kind == OriginUnknown {
		return Passed{}, false
	}
	return Passed{Arg: arg, Recv: r, Method: s.Method, Via: s.Via}, true
}

// argsByParam maps a call's arguments to the callee's parameters by
// position and keyword; a splat makes positions unknown.
func argsByParam(call syntax.Node, params []string) map[int]syntax.Node {
	out := map[int]syntax.Node{}
	pos := 0
	for _, a := range call.Field(syntax.FieldArguments).NamedChildren() {
		switch a.Type() {
		case syntax.TypeComment:
		case syntax.TypeListSplat, syntax.TypeDictionarySplat:
			return map[int]syntax.Node{}
		case syntax.TypeKeywordArgument:
			name := a.Field(syntax.FieldName).Text()
			for i, p := range params {
				if p == name {
					out[i] = a.Field(syntax.FieldValue)
				}
			}
		default:
			out[pos] = a
			pos++
		}
	}
	return out
}

// step follows one step from a value of origin o, as attribute() and
// call() do for written code.
func (v *Values) step(o Origin, s Step) Origin {
	switch o.Kind {
	case OriginEnv:
		if s.Kind != StepAttr {
			return Origin{}
		}
		return v.envAttr(o, s.Name, o.Node)
	case OriginBinding, OriginBindingValue:
		return v.bindingStep(o, s)
	case OriginCtx:
		if s.Kind == StepAttr {
			return v.ctxAttr(o, s.Name, o.Node)
		}
	case OriginSelf:
		if s.Kind == StepAttr {
			return v.selfAttr(s.Name, o.Node, 0)
		}
	case OriginJS:
		return Origin{Kind: OriginJS, Raw: true, Node: o.Node}
	}
	return Origin{}
}

// selfMethod returns the summary of the method of the unit's class that
// call's callee names on the method's first parameter (`self.find(k)` in
// a method of the class), resolved through the class's method table. A
// name rebound on self, or a first parameter rebound, is not followed.
func (v *Values) selfMethod(fn syntax.Node) (Method, string, bool) {
	if v.summary || v.class == nil || fn.Type() != syntax.TypeAttribute {
		return Method{}, "", false
	}
	obj := fn.Field(syntax.FieldObject)
	if obj.Type() != syntax.TypeIdentifier {
		return Method{}, "", false
	}
	b, where := v.res.Lookup(obj)
	if where != Local || b.Kind != Assign {
		return Method{}, "", false
	}
	def := definingFunction(obj, b.Start)
	if def.Type() != syntax.TypeFunctionDefinition || !(def.Parent().IsZero() || isDecoratedRoot(def)) || paramIndex(def, obj.Text()) != 0 {
		return Method{}, "", false
	}
	if len(v.bindings(def)[obj.Text()]) > 0 || hasDecorator(v.res, decoratorsOf(def), "staticmethod") {
		return Method{}, "", false
	}
	k := v.class
	name := fn.Field(syntax.FieldAttribute).Text()
	v.res.Reads.add(FactClass, k.Name+"."+name)
	v.res.Reads.add(FactMethod, k.Name+"."+name)
	if k.Facts == nil || len(k.Facts.Attrs[name]) > 0 {
		return Method{}, "", false
	}
	m, ok := k.Facts.Method(name)
	return m, name, ok
}

// methodReturned is the origin of what `self.name()` gives, m being the
// summary of the class's method name.
func (v *Values) methodReturned(m Method, name string, call syntax.Node) Origin {
	if m.Facts.ReturnsDict {
		return Origin{Kind: OriginDict, Source: "self." + name + "()", Node: call}
	}
	if text, anchor, ok := v.methodNone(name, 0, map[string]bool{}); ok {
		return Origin{MaybeNone: true, Why: &Cause{Text: text, Anchor: anchor, Node: call}}
	}
	return Origin{}
}

// methodNone reports whether method name of the unit's class may return
// None, directly or through the methods and module functions whose
// results it returns; text and anchor say where. Bounded and recursion
// safe.
func (v *Values) methodNone(name string, depth int, seen map[string]bool) (text, anchor string, ok bool) {
	k := v.class
	if depth > 0 {
		v.res.Reads.add(FactMethod, k.Name+"."+name)
	}
	m, found := k.Facts.Method(name)
	if !found || depth > maxCallDepth || seen[name] {
		return "", "", false
	}
	seen[name] = true
	if m.Facts.ReturnsNone {
		return "self." + name + "() " + m.Facts.NoneText, k.Name + "." + name + "#return", true
	}
	for _, callee := range m.Facts.ReturnsCalls {
		if method, ok := strings.CutPrefix(callee, "."); ok {
			if text, anchor, ok := v.methodNone(method, depth+1, seen); ok {
				return text, anchor, true
			}
			continue
		}
		v.res.Reads.add(FactFunction, callee)
		if b, ok := v.res.Module.Names[callee]; !ok || b.Kind != Def {
			continue
		}
		if where, ok := v.res.Module.mayReturnNone(callee, depth+1, nil); ok {
			return where + "() " + v.res.Module.Function(where).Facts.NoneText, where + "#return", true
		}
	}
	return "", "", false
}
