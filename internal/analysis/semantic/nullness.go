package semantic

import (
	"strings"

	"github.com/pyworkers/pyworkers-lsp/internal/analysis/profile"
	"github.com/pyworkers/pyworkers-lsp/internal/analysis/syntax"
)

// Cause is where a None (or a dict) comes from, for a finding's related
// information: "data.get("title")".
type Cause struct {
	// Text says what produced the value, in the words of the source.
	Text string
	// Node is the producing expression when it lies in the unit analysed.
	Node syntax.Node
	// Anchor names the module-level function the cause lies in when it is
	// in another unit; Start and End are then relative to that function's
	// summary (see FuncFacts).
	Anchor string
}

// MayBeNone reports whether a value of origin o is None on some path.
func (o Origin) MayBeNone() bool { return o.Kind == OriginNone || o.MaybeNone }

// maybeNone marks o as possibly None because of n (described by text).
func maybeNone(o Origin, n syntax.Node, text string) Origin {
	o.MaybeNone = true
	o.Why = &Cause{Text: text, Node: n}
	return o
}

// join is the value that is a on some paths and b on others.
func join(a, b Origin) Origin {
	switch {
	case a.Kind == OriginNone && b.Kind == OriginNone:
		return a
	case a.Kind == OriginNone:
		b.MaybeNone, b.Why = true, a.Why
		return b
	case b.Kind == OriginNone:
		a.MaybeNone, a.Why = true, b.Why
		return a
	}
	out := Origin{}
	if sameValue(a, b) {
		out = a
		if a.Kind == OriginSeq && len(a.Elems)+len(b.Elems) <= 16 {
			out.Elems = append(append([]Origin(nil), a.Elems...), b.Elems...)
		}
	}
	out.MaybeNone = a.MaybeNone || b.MaybeNone
	out.Why = a.Why
	if !a.MaybeNone {
		out.Why = b.Why
	}
	if !out.MaybeNone {
		out.Why = nil
	}
	return out
}

// sameValue reports whether a and b describe the same kind of value, so
// that their join keeps it: two dicts, two sequences (whose elements are
// then pooled), the same binding reached the same way, JS values.
func sameValue(a, b Origin) bool {
	if a.Kind != b.Kind || a.Raw != b.Raw {
		return false
	}
	switch a.Kind {
	case OriginDict, OriginSeq, OriginJS:
		return true
	case OriginEnv, OriginRequest, OriginSelf, OriginCtx, OriginQueueBatch, OriginQueueMessages, OriginQueueMessage, OriginQueueBody:
		return a.guessed == b.guessed
	case OriginBinding, OriginBindingValue:
		return a.Binding == b.Binding && a.BindingKind == b.BindingKind && a.Awaited == b.Awaited && stepsKey(a.Steps) == stepsKey(b.Steps)
	case OriginParam:
		return a.Param == b.Param && a.NotNone == b.NotNone && stepsKey(a.Steps) == stepsKey(b.Steps)
	}
	return false
}

// withoutNone is o on the paths where it is not None.
func withoutNone(o Origin) Origin {
	if o.Kind == OriginNone {
		return Origin{}
	}
	o.MaybeNone, o.Why = false, nil
	if o.Kind == OriginParam {
		o.NotNone = true
	}
	return o
}

// conditional is the origin of `a if cond else b`.
func (v *Values) conditional(n syntax.Node) Origin {
	parts := n.NamedChildren()
	if len(parts) != 3 {
		return Origin{}
	}
	return join(v.Origin(parts[0]), v.Origin(parts[2]))
}

// boolean is the origin of `a or b` / `a and b`: `a or b` is None only if
// b may be; `a and b` is a when a is falsy (None included) and b else.
func (v *Values) boolean(n syntax.Node) Origin {
	l, r := v.Origin(n.Field(syntax.FieldLeft)), v.Origin(n.Field(syntax.FieldRight))
	if operatorOf(n) == "or" {
		return join(withoutNone(l), r)
	}
	if l.MayBeNone() {
		return join(Origin{Kind: OriginNone, Why: l.Why}, r)
	}
	return join(Origin{}, r)
}

// sequence is the origin of a list or tuple display.
func (v *Values) sequence(n syntax.Node) Origin {
	o := Origin{Kind: OriginSeq, Node: n}
	for _, e := range n.NamedChildren() {
		switch e.Type() {
		case syntax.TypeComment:
		case syntax.TypeListSplat:
			if inner := e.NamedChildren(); len(inner) == 1 {
				if s := v.Origin(inner[0]); s.Kind == OriginSeq {
					o.Elems = append(o.Elems, s.Elems...)
				}
			}
		default:
			o.Elems = append(o.Elems, v.Origin(e))
		}
	}
	return o
}

// comprehension is the origin of a list comprehension: its elements are
// the body's values.
func (v *Values) comprehension(n syntax.Node) Origin {
	o := Origin{Kind: OriginSeq, Node: n}
	if body := n.Field(syntax.FieldBody); !body.IsZero() {
		if e := v.Origin(body); e.MayBeNone() {
			o.Elems = []Origin{e}
		}
	}
	return o
}

// noneSource recognises calls that return None when nothing is found:
// `.get(key)` on dicts and headers, os.environ.get / os.getenv,
// getattr(x, name, None), next(it, None). ok is false for other calls.
func (v *Values) noneSource(call, fn syntax.Node) (Origin, bool) {
	// Cheap tests on the callee's spelling first: this runs on every call.
	switch fn.Type() {
	case syntax.TypeIdentifier:
		if name := fn.Text(); name != "getattr" && name != "next" {
			return Origin{}, false
		}
	case syntax.TypeAttribute:
		if name := fn.Field(syntax.FieldAttribute).Text(); name != "get" && name != "getenv" {
			return Origin{}, false
		}
	default:
		return Origin{}, false
	}
	if hasKeywords(call) {
		return Origin{}, false
	}
	args := PositionalArgs(call)
	defaultMayBeNone := func(i int) bool {
		return len(args) <= i || v.Origin(args[i]).MayBeNone()
	}
	text := shortText(call.Text())
	if fn.Type() == syntax.TypeIdentifier {
		if !v.res.IsBuiltin(fn) {
			return Origin{}, false
		}
		switch fn.Text() {
		case "getattr":
			if len(args) == 3 && v.Origin(args[2]).MayBeNone() {
				return maybeNone(Origin{}, call, text), true
			}
		case "next":
			if len(args) == 2 && v.Origin(args[1]).MayBeNone() {
				return maybeNone(Origin{}, call, text), true
			}
		}
		return Origin{}, false
	}
	switch v.res.Resolve(fn) {
	case "os.environ.get", "os.getenv":
		if len(args) >= 1 && defaultMayBeNone(1) && !keyFound(call, call, -1) {
			return maybeNone(Origin{}, call, text), true
		}
		return Origin{}, true
	case "":
	default:
		return Origin{}, false
	}
	if fn.Type() != syntax.TypeAttribute || fn.Field(syntax.FieldAttribute).Text() != "get" || len(args) == 0 || len(args) > 2 {
		return Origin{}, false
	}
	obj := fn.Field(syntax.FieldObject)
	recv := v.Origin(obj)
	switch recv.Kind {
	case OriginUnknown, OriginDict, OriginParam:
		if jsHeaders(obj, v) && v.prof != nil && v.prof.Runtime.AtLeast(profile.Pyodide028) {
			// JS Headers.get gives null for a missing header: jsnull from
			// Pyodide 0.28, which a binding receives as null.
			return Origin{}, true
		}
		if defaultMayBeNone(1) && !keyFound(call, call, -1) {
			return maybeNone(Origin{}, call, text), true
		}
		return Origin{}, true
	case OriginJS:
		// A JS getter gives null or undefined for a missing key: both are
		// None on Pyodide 0.26; null is jsnull later, undefined stays None
		// but which one a JS object gives is not known here.
		if len(args) == 1 && v.prof != nil && !v.prof.Runtime.AtLeast(profile.Pyodide028) {
			return maybeNone(Origin{}, call, text), true
		}
	}
	return Origin{}, false
}

// jsHeaders reports whether obj reads `.headers` of the request.
func jsHeaders(obj syntax.Node, v *Values) bool {
	return obj.Type() == syntax.TypeAttribute && obj.Field(syntax.FieldAttribute).Text() == "headers"
}

func hasKeywords(call syntax.Node) bool {
	for _, a := range call.Field(syntax.FieldArguments).NamedChildren() {
		if a.Is(syntax.TypeKeywordArgument, syntax.TypeDictionarySplat, syntax.TypeListSplat) {
			return true
		}
	}
	return false
}

// annotationMayBeNone reports whether a type annotation admits None:
// Optional[X], X | None, Union[…, None], None.
func annotationMayBeNone(t syntax.Node) bool {
	if t.IsZero() {
		return false
	}
	text := strings.Join(strings.Fields(t.Text()), "")
	switch {
	case strings.HasPrefix(text, "Optional[") || strings.HasPrefix(text, "typing.Optional["):
		return true
	case text == "None":
		return true
	case strings.HasSuffix(text, "|None") || strings.HasPrefix(text, "None|") || strings.Contains(text, "|None|"):
		return true
	case (strings.HasPrefix(text, "Union[") || strings.HasPrefix(text, "typing.Union[")) && (strings.Contains(text, ",None]") || strings.Contains(text, "[None,") || strings.Contains(text, ",None,")):
		return true
	}
	return false
}

// annotationIsDict reports whether a type annotation is a plain dict:
// dict, dict[K, V], Dict[K, V].
func annotationIsDict(t syntax.Node) bool {
	if t.IsZero() {
		return false
	}
	text := strings.Join(strings.Fields(t.Text()), "")
	for _, p := range []string{"dict", "Dict", "typing.Dict"} {
		if text == p || strings.HasPrefix(text, p+"[") {
			return true
		}
	}
	return false
}

// paramNode returns the parameter node of fn named name.
func paramNode(fn syntax.Node, name string) syntax.Node {
	for _, p := range fn.Field(syntax.FieldParameters).NamedChildren() {
		if ParamName(p) == name {
			return p
		}
	}
	return syntax.Node{}
}

// paramFacts is what a parameter's declaration says about its value: a
// None default or an Optional annotation, a dict annotation.
func paramFacts(p syntax.Node, name string) Origin {
	var o Origin
	ann := p.Field(syntax.FieldType)
	if p.Is(syntax.TypeDefaultParameter, syntax.TypeTypedDefaultParameter) {
		if d := p.Field(syntax.FieldValue); d.Type() == syntax.TypeNone {
			o = maybeNone(o, p, name+"=None")
		}
	}
	if annotationMayBeNone(ann) {
		o = maybeNone(o, p, name+": "+shortText(ann.Text()))
	}
	if annotationIsDict(ann) {
		o.Kind, o.Source, o.Node = OriginDict, "parameter annotated "+shortText(ann.Text()), p
	}
	return o
}

// shortText keeps quoted source short and on one line.
func shortText(s string) string {
	s = strings.Join(strings.Fields(s), " ")
	if len(s) > 40 {
		return s[:37] + "..."
	}
	return s
}

// missingResult marks the awaited result of a raw binding lookup that
// finds nothing: D1 first(), KV get(), R2 get()/head() resolve to JS null
// (None on Pyodide 0.26, jsnull from 0.28); Durable Object storage get()
// resolves to undefined (None everywhere).
func (v *Values) missingResult(o Origin, n syntax.Node) Origin {
	if !o.Raw || o.Kind != OriginBindingValue || len(o.Steps) == 0 {
		return o
	}
	last := o.Steps[len(o.Steps)-1]
	if last.Kind != StepCall {
		return o
	}
	null := false
	switch o.BindingKind {
	case D1Databases:
		null = last.Name == "first"
	case "kv_namespaces":
		null = last.Name == "get"
	case "r2_buckets":
		null = last.Name == "get" || last.Name == "head"
	case DurableObjectStorage:
		if last.Name == "get" && last.Args == 1 {
			return maybeNone(o, n, shortText(n.Text())+" (undefined when the key is missing)")
		}
	}
	if null && v.prof != nil && !v.prof.Runtime.AtLeast(profile.Pyodide028) {
		return maybeNone(o, n, shortText(n.Text())+" (JS null, None on Pyodide 0.26)")
	}
	return o
}
