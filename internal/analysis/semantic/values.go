package semantic

import (
	"slices"
	"strings"

	"github.com/pyworkers/pyworkers-lsp/internal/analysis/profile"
	"github.com/pyworkers/pyworkers-lsp/internal/analysis/syntax"
)

// OriginKind says where a value comes from, as far as the FFI rules care.
type OriginKind uint8

const (
	// OriginUnknown: nothing is known (a parameter, a call into the app's
	// own code, a module-level name, a value merged from several paths).
	OriginUnknown OriginKind = iota
	// OriginEnv is the Worker's env: a handler's env parameter, self.env
	// in an entrypoint class, workers.env, or the env of
	// import_from_javascript("cloudflare:workers").
	OriginEnv
	// OriginBinding is one binding read from env (env.DB), or a Durable
	// Object's self.ctx.storage.
	OriginBinding
	// OriginBindingValue is what a binding gives back: a call or attribute
	// chain on a binding (env.DB.prepare(q).bind(x), await ….first(),
	// ….results) and the elements of its arrays.
	OriginBindingValue
	// OriginQueueBatch is the batch a queue handler receives.
	OriginQueueBatch
	// OriginQueueMessages is batch.messages.
	OriginQueueMessages
	// OriginQueueMessage is one element of batch.messages.
	OriginQueueMessage
	// OriginQueueBody is msg.body.
	OriginQueueBody
	// OriginRequest is the request a fetch handler receives.
	OriginRequest
	// OriginSelf is `self` in a method of an entrypoint class.
	OriginSelf
	// OriginCtx is self.ctx in an entrypoint class.
	OriginCtx
	// OriginJS is a JavaScript value: anything reached from the `js`
	// module, request.js_object, import_from_javascript(…), to_js(…), or
	// attributes, calls and awaits of those.
	OriginJS
	// OriginDict is a Python dict: a dict display or comprehension,
	// dict(…), or `await request.json()` on the SDK's Request.
	OriginDict
	// OriginNone is the Python None literal.
	OriginNone
	// OriginSeq is a list or tuple display; Elems holds its elements.
	OriginSeq
	// OriginParam is a parameter of the function being summarised, with
	// Steps taken from it (only while computing function summaries).
	OriginParam
)

// StepKind is one way of going from a binding to a value.
type StepKind uint8

const (
	// StepCall calls a method: .prepare(q).
	StepCall StepKind = iota
	// StepAttr reads an attribute: .results.
	StepAttr
	// StepElement takes an element: x[0], or a loop over x.
	StepElement
)

// Step is one link of the chain from a binding to a value.
type Step struct {
	Kind StepKind
	Name string // the method or attribute; "" for elements
	Args int    // positional arguments of a call
}

// Origin describes where a value comes from.
type Origin struct {
	Kind OriginKind
	// Raw marks a JavaScript object the SDK did not convert: its results
	// are JsProxy objects and its arguments are converted by Pyodide's
	// defaults (None → undefined, dict → PyProxy). Set for OriginJS and
	// for env-derived values when the SDK does not wrap bindings.
	Raw bool
	// Binding is the env attribute (OriginBinding, OriginBindingValue):
	// "DB"; "ctx.storage" for Durable Object storage.
	Binding string
	// BindingKind is the binding's wrangler config key from the profile
	// ("d1_databases"), inferred from a .prepare(…) chain as D1 when the
	// binding is not declared, DurableObjectStorage for ctx.storage, or "".
	BindingKind string
	// Steps leads from the binding to the value (OriginBindingValue).
	Steps []Step
	// Awaited is set once an await was applied on the way.
	Awaited bool
	// Source says in words what produced a dict ("dict display",
	// "dict(...)", "await request.json()"), or which JS module
	// import_from_javascript loaded.
	Source string
	// Node is the binding access (env.DB) for bindings and binding
	// values, else the expression that produced the value.
	Node syntax.Node
	// MaybeNone marks a value that is None on some path (OriginNone is
	// None on every path); Why says where the None comes from.
	MaybeNone bool
	Why       *Cause
	// Elems are the elements of a sequence display (OriginSeq).
	Elems []Origin
	// Param is the parameter index of an OriginParam; NotNone marks one
	// narrowed to not None where it is used.
	Param   int
	NotNone bool
	// guessed marks an env known only by its parameter name (`env` in a
	// helper): its attributes count as bindings only when declared or
	// spelt like one (DB, MY_KV), since other libraries name objects env
	// too (a Jinja2 Environment).
	guessed bool
}

// BindingLikeName reports whether name is spelt like a binding: letters,
// digits and underscores with no lowercase letter (DB, USERS_KV).
func BindingLikeName(name string) bool {
	letter := false
	for _, r := range name {
		switch {
		case r >= 'A' && r <= 'Z':
			letter = true
		case r >= '0' && r <= '9' || r == '_':
		default:
			return false
		}
	}
	return letter
}

// DurableObjectStorage is the BindingKind of a Durable Object's ctx.storage.
const DurableObjectStorage = "durable_object_storage"

// D1Databases is the wrangler config key of D1 bindings.
const D1Databases = "d1_databases"

// Path renders the steps after the binding: ".prepare().first().results".
func (o Origin) Path() string {
	var b strings.Builder
	for _, s := range o.Steps {
		switch s.Kind {
		case StepCall:
			b.WriteString("." + s.Name + "()")
		case StepAttr:
			b.WriteString("." + s.Name)
		case StepElement:
			b.WriteString("[…]")
		}
	}
	return b.String()
}

// FromRuntimeArgs reports whether the value derives from what the runtime
// hands a handler (env, bindings, queue messages): whether it is raw then
// depends on the SDK, unlike values reached through `js`.
func (o Origin) FromRuntimeArgs() bool {
	switch o.Kind {
	case OriginEnv, OriginBinding, OriginBindingValue, OriginQueueBatch, OriginQueueMessages, OriginQueueMessage, OriginQueueBody:
		return true
	}
	return false
}

// Values answers where the values of one unit come from. The analysis is
// intra-procedural and flow-insensitive within a function: a local name
// takes the origin of the last binding of that name written before the
// use (an assignment, a for loop target, a walrus); bindings it cannot
// follow (tuple targets, augmented assignment, with … as, imports) make
// it unknown, and so do module-level names and plain parameters. A
// parameter is known only where the runtime fills it: the env, request
// and batch parameters of handlers, `self` in entrypoint classes, and any
// parameter literally named `env` (helpers that receive the handler's
// env). An application's own wrapper (SafeEnv(self.env)) is an unknown
// call, so its bindings are not raw bindings.
type Values struct {
	res   *Resolver
	class *Class
	prof  *profile.Profile
	// memo holds, per node index of tree (the unit's), 0 for not yet
	// computed, -1 for the zero (unknown) Origin, else 1 + its index in
	// origins: most expressions have no known origin, and a dense slice
	// beats hashing.
	tree    *syntax.Tree
	memo    []int32
	origins []Origin
	// events caches, per function node, the local bindings in its body.
	events map[int]map[string][]bindEvent
	depth  int
	// truncated is set when the depth bound cut an evaluation short.
	truncated bool
	// summary marks the analysis of one function for its FuncFacts:
	// parameters are OriginParam and project calls are not followed.
	summary bool
}

// NewValues returns the value analysis of a unit resolved by res, inside
// class (nil for top-level statements), under profile p.
func NewValues(res *Resolver, class *Class, p *profile.Profile) *Values {
	return &Values{res: res, class: class, prof: p, events: map[int]map[string][]bindEvent{}}
}

// Reuse readies v for the value analysis of another unit, as NewValues
// would, keeping the memory of its memo, origins and binding caches (a
// worker analyses thousands of units in turn when a module opens: their
// values were a quarter of the bytes allocated). A nil v is a new one.
func (v *Values) Reuse(res *Resolver, class *Class, p *profile.Profile) *Values {
	if v == nil {
		return NewValues(res, class, p)
	}
	clear(v.events)
	*v = Values{res: res, class: class, prof: p, memo: v.memo[:0], origins: v.origins[:0], events: v.events}
	return v
}

// maxDepth bounds how many local assignments are followed for one value.
const maxDepth = 16

// Origin returns where the value of expression n comes from.
func (v *Values) Origin(n syntax.Node) Origin {
	if n.IsZero() {
		return Origin{}
	}
	if v.tree == nil {
		v.tree = n.Tree()
		v.memo = slices.Grow(v.memo[:0], v.tree.Len())[:v.tree.Len()]
		clear(v.memo)
	}
	memoised := n.Tree() == v.tree
	if memoised {
		switch i := v.memo[n.Index()]; {
		case i < 0:
			return Origin{}
		case i > 0:
			return v.origins[i-1]
		}
	}
	if v.depth >= maxDepth {
		v.truncated = true
		return Origin{}
	}
	outer := v.truncated
	v.truncated = false
	v.depth++
	o := v.origin(n)
	v.depth--
	if memoised && !v.truncated {
		// A result cut short by the depth bound depends on where the
		// question started; only complete ones are shared.
		if o.isZero() {
			v.memo[n.Index()] = -1
		} else {
			v.origins = append(v.origins, o)
			v.memo[n.Index()] = int32(len(v.origins))
		}
	}
	v.truncated = v.truncated || outer
	return o
}

// isZero reports whether o is the zero (unknown) Origin.
func (o Origin) isZero() bool {
	return o.Kind == OriginUnknown && !o.Raw && o.Binding == "" && o.BindingKind == "" && o.Steps == nil && !o.Awaited &&
		o.Source == "" && o.Node.IsZero() && !o.MaybeNone && o.Why == nil && o.Elems == nil && o.Param == 0 && !o.NotNone && !o.guessed
}

func (v *Values) wraps() bool { return v.prof != nil && v.prof.SDKWrapsBindings }

func (v *Values) origin(n syntax.Node) Origin {
	switch n.Type() {
	case syntax.TypeParenthesizedExpression:
		if inner := n.NamedChildren(); len(inner) == 1 {
			return v.Origin(inner[0])
		}
	case syntax.TypeNone:
		return Origin{Kind: OriginNone, Node: n, Why: &Cause{Text: "None", Node: n}}
	case syntax.TypeDictionary, syntax.TypeDictionaryComprehension:
		return Origin{Kind: OriginDict, Source: "dict display", Node: n}
	case syntax.TypeList, syntax.TypeTuple:
		return v.sequence(n)
	case syntax.TypeListComprehension:
		return v.comprehension(n)
	case syntax.TypeConditionalExpression:
		return v.conditional(n)
	case syntax.TypeBooleanOperator:
		return v.boolean(n)
	case syntax.TypeAssignment:
		return v.Origin(n.Field(syntax.FieldRight))
	case syntax.TypeNamedExpression:
		return v.Origin(n.Field(syntax.FieldValue))
	case syntax.TypeAwait:
		if inner := n.NamedChildren(); len(inner) == 1 {
			return v.awaited(inner[0], n)
		}
	case syntax.TypeIdentifier:
		return v.identifier(n)
	case syntax.TypeAttribute:
		return v.attribute(n)
	case syntax.TypeCall:
		return v.call(n)
	case syntax.TypeSubscript:
		return v.element(v.Origin(n.Field(syntax.FieldValue)), n)
	}
	return Origin{}
}

// awaited is the origin of `await inner`.
func (v *Values) awaited(inner, n syntax.Node) Origin {
	o := v.Origin(inner)
	switch o.Kind {
	case OriginBindingValue, OriginJS:
		o.Awaited = true
		o.Steps = append([]Step(nil), o.Steps...)
		return v.missingResult(o, n)
	case OriginDict:
		return o
	}
	if inner.Type() == syntax.TypeCall {
		if f, ok := v.projectFunction(inner.Field(syntax.FieldFunction)); ok && f.Async {
			return v.returned(f, inner)
		}
		if m, name, ok := v.selfMethod(inner.Field(syntax.FieldFunction)); ok && m.Facts.Async {
			return v.methodReturned(m, name, inner)
		}
	}
	// `await request.json()`: the SDK's Request gives a dict; a raw JS
	// Request gives a JsProxy.
	if inner.Type() == syntax.TypeCall {
		fn := inner.Field(syntax.FieldFunction)
		if fn.Type() == syntax.TypeAttribute && fn.Field(syntax.FieldAttribute).Text() == "json" {
			req := v.Origin(fn.Field(syntax.FieldObject))
			if req.Kind == OriginRequest {
				if req.Raw {
					return Origin{Kind: OriginJS, Raw: true, Awaited: true, Node: n}
				}
				return Origin{Kind: OriginDict, Source: "await request.json()", Node: n}
			}
		}
	}
	return Origin{}
}

// element is the origin of an element of a value of origin o.
func (v *Values) element(o Origin, n syntax.Node) Origin {
	switch o.Kind {
	case OriginBindingValue:
		o.Steps = append(append([]Step(nil), o.Steps...), Step{Kind: StepElement})
		return o
	case OriginQueueMessages:
		o.Kind = OriginQueueMessage
		return o
	case OriginJS:
		o.Node = n
		return o
	}
	return Origin{}
}

func (v *Values) identifier(id syntax.Node) Origin {
	b, where := v.res.Lookup(id)
	if b.Kind == Import {
		return v.qualified(b.Qualified, id)
	}
	if where == Global && b.Kind == Assign && v.res.Reads.addThen(FactConst, id.Text()) && v.res.Module.DictConsts[id.Text()] {
		return Origin{Kind: OriginDict, Source: "module constant " + id.Text(), Node: id}
	}
	if where != Local || b.Kind != Assign {
		return Origin{}
	}
	if comp, clause := comprehensionOf(id); !comp.IsZero() {
		return v.element(v.Origin(clause.Field(syntax.FieldRight)), id)
	}
	fn := definingFunction(id, b.Start)
	if fn.IsZero() {
		return Origin{}
	}
	name := id.Text()
	if fn.Type() == syntax.TypeFunctionDefinition {
		return v.reached(fn, name, id)
	}
	if ev, ok := v.lastBinding(fn, name, id); ok {
		var o Origin
		switch ev.kind {
		case bindValue:
			o = v.Origin(ev.value)
			if o.Kind == OriginSeq && ev.value.Type() == syntax.TypeList {
				o = v.appended(fn, name, ev, id, o)
			}
		case bindLoop:
			o = v.element(v.Origin(ev.value), id)
		}
		return v.narrow(o, id, ev.target.Start())
	}
	if paramIndex(fn, name) >= 0 {
		return v.narrow(v.param(fn, name), id, -1)
	}
	return Origin{}
}

// reached is the origin of local name at use in function fn: the join
// of the values of the bindings that may reach it (see reach.go), each
// narrowed by the checks between it and the use.
func (v *Values) reached(fn syntax.Node, name string, use syntax.Node) Origin {
	r := reaching(fn, name, v.bindings(fn)[name], use)
	if r.unknown || r.dead {
		return Origin{}
	}
	var out Origin
	first := true
	add := func(o Origin) {
		if first {
			out, first = o, false
		} else {
			out = join(out, o)
		}
	}
	for i, ev := range r.evs {
		if i >= 8 {
			return Origin{} // too many ways in to tell
		}
		o := v.bound(fn, name, ev.bindEvent, use)
		if ev.notNone {
			o = withoutNone(o)
		}
		add(o)
	}
	if r.entry && paramIndex(fn, name) >= 0 {
		o := v.narrow(v.param(fn, name), use, -1)
		if r.entryNotNone {
			o = withoutNone(o)
		}
		add(o)
	}
	return out
}

// bound is the value binding ev gives name, narrowed at use.
func (v *Values) bound(fn syntax.Node, name string, ev bindEvent, use syntax.Node) Origin {
	var o Origin
	switch ev.kind {
	case bindValue:
		o = v.Origin(ev.value)
		if o.Kind == OriginSeq && ev.value.Type() == syntax.TypeList {
			o = v.appended(fn, name, ev, use, o)
		}
	case bindLoop:
		o = v.element(v.Origin(ev.value), use)
	}
	return v.narrow(o, use, ev.target.Start())
}

// bindings returns the local bindings of fn's body, by name.
func (v *Values) bindings(fn syntax.Node) map[string][]bindEvent {
	evs, ok := v.events[fn.Index()]
	if !ok {
		evs = bindEvents(fn)
		v.events[fn.Index()] = evs
	}
	return evs
}

// narrow drops None from o where the code around use proves the name is
// not None (see flow.go); bound is where the name was bound.
func (v *Values) narrow(o Origin, use syntax.Node, bound int) Origin {
	if (o.MayBeNone() || o.Kind == OriginParam) && notNoneAt(use, bound) {
		return withoutNone(o)
	}
	if o.MaybeNone && o.Why != nil && keyFound(o.Why.Node, use, bound) {
		// x = d.get(k) … if k in d: use(x)
		return withoutNone(o)
	}
	return o
}

// appended adds to the elements of list name (bound by ev) what
// `name.append(e)` calls between the binding and use add.
func (v *Values) appended(fn syntax.Node, name string, ev bindEvent, use syntax.Node, o Origin) Origin {
	body := fn.Field(syntax.FieldBody)
	t := body.Tree()
	for i := body.Index(); i < body.SubtreeEnd(); i++ {
		n := t.At(i)
		if n.Start() >= use.Start() {
			break
		}
		if n.Type() != syntax.TypeCall || n.Start() < ev.target.End() {
			continue
		}
		f := n.Field(syntax.FieldFunction)
		if f.Type() != syntax.TypeAttribute || f.Field(syntax.FieldObject).Type() != syntax.TypeIdentifier || f.Field(syntax.FieldObject).Text() != name {
			continue
		}
		switch f.Field(syntax.FieldAttribute).Text() {
		case "append":
			if args := PositionalArgs(n); len(args) == 1 {
				o.Elems = append(append([]Origin(nil), o.Elems...), v.Origin(args[0]))
			}
		case "insert":
			if args := PositionalArgs(n); len(args) == 2 {
				o.Elems = append(append([]Origin(nil), o.Elems...), v.Origin(args[1]))
			}
		case "extend":
			if args := PositionalArgs(n); len(args) == 1 {
				if s := v.Origin(args[0]); s.Kind == OriginSeq {
					o.Elems = append(append([]Origin(nil), o.Elems...), s.Elems...)
				}
			}
		}
	}
	return o
}

// qualified is the origin of a name that resolves to an import.
func (v *Values) qualified(q string, n syntax.Node) Origin {
	switch {
	case q == "js" || strings.HasPrefix(q, "js."):
		return Origin{Kind: OriginJS, Raw: true, Node: n}
	case q == "workers.env" || q == "cloudflare.workers.env":
		return Origin{Kind: OriginEnv, Raw: !v.wraps(), Node: n}
	}
	return Origin{}
}

func (v *Values) attribute(n syntax.Node) Origin {
	if q := v.res.Resolve(n); q != "" {
		if o := v.qualified(q, n); o.Kind != OriginUnknown {
			return o
		}
	}
	attr := n.Field(syntax.FieldAttribute).Text()
	obj := v.Origin(n.Field(syntax.FieldObject))
	switch obj.Kind {
	case OriginEnv:
		return v.envAttr(obj, attr, n)
	case OriginParam:
		return paramStep(obj, Step{Kind: StepAttr, Name: attr})
	case OriginBinding, OriginBindingValue:
		return v.bindingStep(obj, Step{Kind: StepAttr, Name: attr})
	case OriginSelf:
		return v.selfAttr(attr, n, 0)
	case OriginCtx:
		return v.ctxAttr(obj, attr, n)
	case OriginQueueBatch:
		if attr == "messages" {
			obj.Kind = OriginQueueMessages
			return obj
		}
	case OriginQueueMessage:
		if attr == "body" {
			obj.Kind = OriginQueueBody
			obj.Node = n
			return obj
		}
	case OriginRequest:
		if attr == "js_object" {
			return Origin{Kind: OriginJS, Raw: true, Node: n}
		}
	case OriginJS:
		if attr == "env" && obj.Source == "cloudflare:workers" {
			return Origin{Kind: OriginEnv, Raw: true, Node: n}
		}
		return Origin{Kind: OriginJS, Raw: true, Node: n}
	}
	if attr == "js_object" {
		// workers.Request/Response/FormData… expose the JS object here.
		return Origin{Kind: OriginJS, Raw: true, Node: n}
	}
	return Origin{}
}

// envAttr is the origin of attribute attr (read at n) of an env.
func (v *Values) envAttr(env Origin, attr string, n syntax.Node) Origin {
	if strings.HasPrefix(attr, "_") {
		return Origin{}
	}
	kind := ""
	declared := false
	if v.prof != nil {
		var b profile.Binding
		b, declared = v.prof.Bindings[attr]
		kind = b.Kind
	}
	if env.guessed && !declared && !BindingLikeName(attr) {
		return Origin{}
	}
	return Origin{Kind: OriginBinding, Raw: env.Raw, Binding: attr, BindingKind: kind, Node: n}
}

// ctxAttr is the origin of attribute attr (read at n) of a ctx.
func (v *Values) ctxAttr(ctx Origin, attr string, n syntax.Node) Origin {
	if attr == "storage" && v.class != nil && v.class.Entrypoint == DurableObject {
		return Origin{Kind: OriginBinding, Raw: ctx.Raw, Binding: "ctx.storage", BindingKind: DurableObjectStorage, Node: n}
	}
	return Origin{}
}

// paramStep extends a parameter's value by one step.
func paramStep(o Origin, s Step) Origin {
	if len(o.Steps) >= 8 {
		return Origin{}
	}
	return Origin{Kind: OriginParam, Param: o.Param, Node: o.Node, Steps: append(append([]Step(nil), o.Steps...), s)}
}

// bindingStep extends a binding (value) by one step.
func (v *Values) bindingStep(o Origin, s Step) Origin {
	out := o
	out.Kind = OriginBindingValue
	out.Steps = append(append([]Step(nil), o.Steps...), s)
	if out.BindingKind == "" && s.Kind == StepCall && s.Name == "prepare" && o.Kind == OriginBinding {
		out.BindingKind = D1Databases
	}
	return out
}

func (v *Values) call(n syntax.Node) Origin {
	fn := n.Field(syntax.FieldFunction)
	if o, ok := v.noneSource(n, fn); ok {
		return o
	}
	if f, ok := v.projectFunction(fn); ok {
		if f.Async {
			return Origin{}
		}
		return v.returned(f, n)
	}
	if m, name, ok := v.selfMethod(fn); ok {
		if m.Facts.Async {
			return Origin{}
		}
		return v.methodReturned(m, name, n)
	}
	switch q := v.res.Resolve(fn); q {
	case "":
	case "pyodide.ffi.to_js", "pyodide.ffi.create_proxy", "pyodide.ffi.create_once_callable":
		return Origin{Kind: OriginJS, Raw: true, Node: n}
	case "workers.import_from_javascript", "cloudflare.workers.import_from_javascript":
		o := Origin{Kind: OriginJS, Raw: true, Node: n}
		if args := PositionalArgs(n); len(args) > 0 {
			o.Source = StringValue(args[0])
		}
		return o
	default:
		if q == "js" || strings.HasPrefix(q, "js.") {
			return Origin{Kind: OriginJS, Raw: true, Node: n}
		}
		return Origin{}
	}
	if fn.Type() == syntax.TypeIdentifier && fn.Text() == "dict" && v.res.IsBuiltin(fn) {
		return Origin{Kind: OriginDict, Source: "dict(...)", Node: n}
	}
	if fn.Type() != syntax.TypeAttribute {
		if o := v.Origin(fn); o.Kind == OriginJS {
			return Origin{Kind: OriginJS, Raw: true, Node: n}
		}
		return Origin{}
	}
	obj := v.Origin(fn.Field(syntax.FieldObject))
	method := fn.Field(syntax.FieldAttribute).Text()
	switch obj.Kind {
	case OriginBinding, OriginBindingValue:
		return v.bindingStep(obj, Step{Kind: StepCall, Name: method, Args: len(PositionalArgs(n))})
	case OriginParam:
		return paramStep(obj, Step{Kind: StepCall, Name: method, Args: len(PositionalArgs(n))})
	case OriginJS:
		return Origin{Kind: OriginJS, Raw: true, Node: n}
	}
	return Origin{}
}

// param is the origin of parameter name of function fn when the runtime
// fills it.
func (v *Values) param(fn syntax.Node, name string) Origin {
	idx := paramIndex(fn, name)
	declared := paramFacts(paramNode(fn, name), name)
	if v.summary {
		declared.Kind, declared.Param, declared.Node = OriginParam, idx, fn
		return declared
	}
	if o := v.runtimeParam(fn, name, idx); o.Kind != OriginUnknown {
		return o
	}
	return declared
}

// runtimeParam is the origin of parameter name (at index idx) of function
// fn when the runtime fills it.
func (v *Values) runtimeParam(fn syntax.Node, name string, idx int) Origin {
	fnName := fn.Field(syntax.FieldName).Text()
	top := fn.Type() == syntax.TypeFunctionDefinition && (fn.Parent().IsZero() || isDecoratedRoot(fn))
	switch {
	case top && v.class != nil && v.class.Entrypoint != NotEntrypoint:
		// A method of an entrypoint class (member units are rooted at the
		// class body statement).
		if hasDecorator(v.res, decoratorsOf(fn), "staticmethod", "classmethod") {
			break
		}
		kind := v.class.Entrypoint
		switch {
		case idx == 0:
			return Origin{Kind: OriginSelf, Node: fn}
		case fnName == "fetch" && idx == 1 && kind != WorkflowEntrypoint:
			return Origin{Kind: OriginRequest, Node: fn}
		case fnName == "queue" && idx == 1 && kind == WorkerEntrypoint:
			return Origin{Kind: OriginQueueBatch, Raw: !v.wraps(), Node: fn}
		case (fnName == "queue" || fnName == "scheduled" || fnName == "email") && idx == 2 && kind == WorkerEntrypoint:
			return Origin{Kind: OriginEnv, Raw: !v.wraps(), Node: fn}
		}
	case top && v.class == nil:
		// A module-level legacy handler: the runtime passes raw JS values;
		// the @handler decorator wraps request and env.
		decorated := hasDecorator(v.res, decoratorsOf(fn), "workers.handler", "cloudflare.workers.handler")
		switch {
		case fnName == "on_fetch" && idx == 0:
			return Origin{Kind: OriginRequest, Raw: !decorated, Node: fn}
		case fnName == "on_queue" && idx == 0:
			return Origin{Kind: OriginQueueBatch, Raw: true, Node: fn}
		case isLegacyHandler(fnName) && idx == 1:
			return Origin{Kind: OriginEnv, Raw: !(decorated && v.wraps()), Node: fn}
		}
	}
	if name == "env" {
		return Origin{Kind: OriginEnv, Raw: !v.wraps(), Node: fn, guessed: true}
	}
	return Origin{}
}

func isLegacyHandler(name string) bool {
	switch name {
	case "on_fetch", "on_scheduled", "on_queue", "on_email", "test":
		return true
	}
	return false
}

// isDecoratedRoot reports whether fn is the definition of a decorated
// top-level function that is the root of its unit.
func isDecoratedRoot(fn syntax.Node) bool {
	p := fn.Parent()
	return p.Type() == syntax.TypeDecoratedDefinition && p.Parent().IsZero()
}

func decoratorsOf(fn syntax.Node) []syntax.Node {
	p := fn.Parent()
	if p.Type() != syntax.TypeDecoratedDefinition {
		return nil
	}
	var out []syntax.Node
	for _, d := range p.NamedChildren() {
		if d.Type() == syntax.TypeDecorator {
			out = append(out, d)
		}
	}
	return out
}

// hasDecorator reports whether a decorator names one of names, resolved
// through imports ("workers.handler") or as a builtin ("staticmethod").
func hasDecorator(res *Resolver, decorators []syntax.Node, names ...string) bool {
	for _, d := range decorators {
		inner := d.NamedChildren()
		if len(inner) == 0 {
			continue
		}
		e := inner[0]
		if e.Type() == syntax.TypeCall {
			e = e.Field(syntax.FieldFunction)
		}
		q := res.Resolve(e)
		if q == "" && e.Type() == syntax.TypeIdentifier && res.IsBuiltin(e) {
			q = e.Text()
		}
		for _, n := range names {
			if q == n {
				return true
			}
		}
	}
	return false
}

// paramIndex is the position of parameter name in fn's parameter list.
func paramIndex(fn syntax.Node, name string) int {
	i := 0
	for _, p := range fn.Field(syntax.FieldParameters).NamedChildren() {
		pn := ParamName(p)
		if pn == "" {
			continue
		}
		if pn == name {
			return i
		}
		i++
	}
	return -1
}

// definingFunction is the innermost function enclosing id whose scope
// holds the binding at offset start.
func definingFunction(id syntax.Node, start int) syntax.Node {
	for p := id.Parent(); !p.IsZero(); p = p.Parent() {
		if p.Is(syntax.TypeFunctionDefinition, syntax.TypeLambda) && p.Start() <= start && start < p.End() {
			return p
		}
	}
	return syntax.Node{}
}

// comprehensionOf returns the comprehension and its for clause that bind
// identifier id, if any.
func comprehensionOf(id syntax.Node) (syntax.Node, syntax.Node) {
	name := id.Text()
	for p := id.Parent(); !p.IsZero(); p = p.Parent() {
		if p.Is(syntax.TypeFunctionDefinition, syntax.TypeLambda, syntax.TypeClassDefinition) {
			break
		}
		if !isComprehension(p) {
			continue
		}
		for _, ch := range p.NamedChildren() {
			if ch.Type() != syntax.TypeForInClause || ch.Field(syntax.FieldRight).Contains(id) {
				continue
			}
			for _, t := range targetNames(ch.Field(syntax.FieldLeft)) {
				if t.Text() == name {
					return p, ch
				}
			}
		}
	}
	return syntax.Node{}, syntax.Node{}
}

type bindKind uint8

const (
	// bindValue: name = value (value is the right-hand side).
	bindValue bindKind = iota
	// bindLoop: for name in value.
	bindLoop
	// bindOpaque: a binding whose value is not followed.
	bindOpaque
)

// bindEvent is one binding of a local name in a function body.
type bindEvent struct {
	kind   bindKind
	target syntax.Node // the bound identifier
	value  syntax.Node // right-hand side or iterable
}

// lastBinding finds the binding of name in fn written last before use.
func (v *Values) lastBinding(fn syntax.Node, name string, use syntax.Node) (bindEvent, bool) {
	evs := v.bindings(fn)
	var best bindEvent
	found := false
	for _, ev := range evs[name] {
		if ev.target.End() > use.Start() || (!ev.value.IsZero() && ev.value.Contains(use)) {
			continue
		}
		if !found || ev.target.Start() > best.target.Start() {
			best, found = ev, true
		}
	}
	return best, found
}

// bindEvents lists the local bindings made in fn's body, not descending
// into nested functions, classes or lambdas.
func bindEvents(fn syntax.Node) map[string][]bindEvent {
	out := map[string][]bindEvent{}
	add := func(kind bindKind, target, value syntax.Node) {
		out[target.Text()] = append(out[target.Text()], bindEvent{kind, target, value})
	}
	opaque := func(targets []syntax.Node) {
		for _, t := range targets {
			add(bindOpaque, t, syntax.Node{})
		}
	}
	body := fn.Field(syntax.FieldBody)
	if body.IsZero() {
		return out
	}
	t := body.Tree()
	for i := body.Index(); i < body.SubtreeEnd(); i++ {
		n := t.At(i)
		switch n.Type() {
		case syntax.TypeFunctionDefinition, syntax.TypeClassDefinition:
			opaque([]syntax.Node{n.Field(syntax.FieldName)})
			if b := n.Field(syntax.FieldBody); !b.IsZero() {
				i = b.SubtreeEnd() - 1
			}
		case syntax.TypeLambda:
			i = n.SubtreeEnd() - 1
		case syntax.TypeAssignment:
			left, right := n.Field(syntax.FieldLeft), n.Field(syntax.FieldRight)
			switch {
			case left.Type() == syntax.TypeIdentifier:
				add(bindValue, left, right)
			case unpacks(left, right):
				// a, b = x, y: each name takes its element.
				rs := right.NamedChildren()
				for j, l := range left.NamedChildren() {
					if l.Type() == syntax.TypeIdentifier {
						add(bindValue, l, rs[j])
					} else {
						opaque(targetNames(l))
					}
				}
			default:
				opaque(targetNames(left))
			}
		case syntax.TypeAugmentedAssignment:
			opaque(targetNames(n.Field(syntax.FieldLeft)))
		case syntax.TypeForStatement:
			left := n.Field(syntax.FieldLeft)
			if left.Type() == syntax.TypeIdentifier {
				add(bindLoop, left, n.Field(syntax.FieldRight))
			} else {
				opaque(targetNames(left))
			}
		case syntax.TypeNamedExpression:
			add(bindValue, n.Field(syntax.FieldName), n.Field(syntax.FieldValue))
		case syntax.TypeAsPattern:
			opaque(targetNames(n.Field(syntax.FieldAlias)))
		case syntax.TypeImportStatement, syntax.TypeImportFromStatement:
			for _, imp := range ImportsOf(n) {
				if !imp.Star && imp.NameNode.Type() != "" {
					out[imp.Local] = append(out[imp.Local], bindEvent{kind: bindOpaque, target: imp.NameNode})
				}
			}
		}
	}
	return out
}

// unpacks reports whether assignment `left = right` pairs each target
// with one element of a display (`a, b = x, y`).
func unpacks(left, right syntax.Node) bool {
	if !left.Is(syntax.TypePatternList, syntax.TypeTuplePattern, syntax.TypeListPattern) || !right.Is(syntax.TypeExpressionList, syntax.TypeTuple, syntax.TypeList) {
		return false
	}
	ls, rs := left.NamedChildren(), right.NamedChildren()
	if len(ls) != len(rs) {
		return false
	}
	for _, n := range append(ls, rs...) {
		if n.Is(syntax.TypeListSplatPattern, syntax.TypeListSplat, syntax.TypeComment) {
			return false
		}
	}
	return true
}

// IsReference reports whether identifier id reads a name, rather than
// naming an attribute, a keyword argument, a parameter, an import or a
// definition.
func IsReference(id syntax.Node) bool {
	parent := id.Parent()
	switch parent.Type() {
	case syntax.TypeAttribute:
		return id.FieldName() == "object"
	case syntax.TypeKeywordArgument:
		return id.FieldName() == "value"
	case syntax.TypeParameters, syntax.TypeLambdaParameters, syntax.TypeTypedParameter, syntax.TypeDefaultParameter, syntax.TypeTypedDefaultParameter,
		syntax.TypeListSplatPattern, syntax.TypeDictionarySplatPattern:
		return id.FieldName() == "value"
	case syntax.TypeDottedName, syntax.TypeAliasedImport, syntax.TypeImportStatement, syntax.TypeImportFromStatement:
		return false
	case syntax.TypeFunctionDefinition, syntax.TypeClassDefinition:
		return id.FieldName() != "name"
	}
	return true
}

// PositionalArgs returns a call's positional arguments (splats excluded).
func PositionalArgs(call syntax.Node) []syntax.Node {
	var out []syntax.Node
	for _, a := range call.Field(syntax.FieldArguments).NamedChildren() {
		if a.Is(syntax.TypeKeywordArgument, syntax.TypeListSplat, syntax.TypeDictionarySplat, syntax.TypeComment) {
			continue
		}
		out = append(out, a)
	}
	return out
}

// KeywordArg returns the value of a call's keyword argument name.
func KeywordArg(call syntax.Node, name string) (syntax.Node, bool) {
	for _, a := range call.Field(syntax.FieldArguments).NamedChildren() {
		if a.Type() == syntax.TypeKeywordArgument && a.Field(syntax.FieldName).Text() == name {
			return a.Field(syntax.FieldValue), true
		}
	}
	return syntax.Node{}, false
}

// StringValue returns the content of a plain string literal, or "".
func StringValue(n syntax.Node) string {
	if n.Type() != syntax.TypeString {
		return ""
	}
	var b strings.Builder
	for _, ch := range n.NamedChildren() {
		switch ch.Type() {
		case syntax.TypeStringContent:
			b.WriteString(ch.Text())
		case syntax.TypeInterpolation:
			return ""
		}
	}
	return b.String()
}
