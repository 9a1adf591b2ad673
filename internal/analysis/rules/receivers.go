package rules

import (
	"fmt"
	"strings"

	"github.com/pyworkers/pyworkers-lsp/internal/analysis/profile"
	"github.com/pyworkers/pyworkers-lsp/internal/analysis/runtimefacts"
	"github.com/pyworkers/pyworkers-lsp/internal/analysis/semantic"
	"github.com/pyworkers/pyworkers-lsp/internal/analysis/syntax"
)

// The FFI rules decide a finding from runtime × value kind × receiver:
// which Pyodide the Worker runs (the profile), what Python hands over (a
// truth-table value kind such as "dict" or "to_js(dict)"), and what the
// receiving JS API does with it (a runtimefacts receiver row). Both
// tables live in internal/analysis/runtimefacts; nothing here restates them.

// receiverOf finds the receiver row for positional argument i of call,
// and a label of the callee for messages. ok is false for Python callees
// and for JS APIs the model does not know: the rules stay silent there.
func receiverOf(p *Pass, v *semantic.Values, call syntax.Node, i int) (runtimefacts.Receiver, string, bool) {
	fn := call.Field(syntax.FieldFunction)
	if q := p.Resolver.Resolve(fn); strings.HasPrefix(q, "js.") {
		r, ok := runtimefacts.FindJS(q, i)
		return r, q, ok
	}
	if fn.Type() != syntax.TypeAttribute {
		return runtimefacts.Receiver{}, "", false
	}
	method := fn.Field(syntax.FieldAttribute).Text()
	obj := v.Origin(fn.Field(syntax.FieldObject))
	if !obj.Raw {
		return runtimefacts.Receiver{}, "", false
	}
	switch obj.Kind {
	case semantic.OriginJS:
		// Only EventTarget's method is known by name on an arbitrary JS
		// object: every addEventListener keeps its listener.
		if method == "addEventListener" {
			r, ok := runtimefacts.FindJS("js.value.addEventListener", i)
			return r, shorten(fn.Text()), ok
		}
	case semantic.OriginBinding, semantic.OriginBindingValue:
		stub := obj.BindingKind == "durable_objects" && hasCall(obj)
		r, ok := runtimefacts.FindBinding(obj.BindingKind, method, stub, i)
		return r, bindingLabel(obj) + "." + method, ok
	}
	return runtimefacts.Receiver{}, "", false
}

// hasCall reports a call on the way from the binding (a Durable Object
// namespace's .get(id) gives a stub).
func hasCall(o semantic.Origin) bool {
	for _, s := range o.Steps {
		if s.Kind == semantic.StepCall {
			return true
		}
	}
	return false
}

// verdict is what a value kind does at a receiver on the profile's
// runtime. ok is false when the oracle does not measure that receiver.
func verdict(p *profile.Profile, value string, r runtimefacts.Receiver) (runtimefacts.Outcome, bool) {
	return verdictOp(p, value, r.Operation())
}

func verdictOp(p *profile.Profile, value, op string) (runtimefacts.Outcome, bool) {
	if op == "" {
		return runtimefacts.Outcome{}, false
	}
	return runtimefacts.Lookup(p.Runtime.Generation, value, op)
}

// dictKind refines a raw dict argument's value kind for its receiver:
// fetch/Request/Response read the init's headers property and build
// Headers from it, so a dict display whose "headers" value is itself a
// dict is its own truth-table value kind.
func dictKind(v *semantic.Values, o semantic.Origin, r runtimefacts.Receiver) (value, op string) {
	op = r.Operation()
	if op != "new Request(url, x)" && op != "new Response(body, x)" || o.Node.Type() != syntax.TypeDictionary {
		return "dict", op
	}
	for _, pair := range o.Node.NamedChildren() {
		if pair.Type() != syntax.TypePair {
			continue
		}
		key := pair.Field(syntax.FieldKey)
		if key.Type() == syntax.TypeString && strings.Trim(key.Text(), `"'`) == "headers" && v.Origin(pair.Field(syntax.FieldValue)).Kind == semantic.OriginDict {
			return "dict with headers dict", op + " headers"
		}
	}
	return "dict", op
}

// failsAt decides whether an outcome is a finding. A receiver that
// clones or keeps the value fails only when that throws: what the other
// side later does with an intact copy (a Python Durable Object reads a
// cloned Map as a mapping) is not known here.
func failsAt(r runtimefacts.Receiver, o runtimefacts.Outcome) bool {
	if o.OK() {
		return false
	}
	switch r.Behaviour {
	case runtimefacts.StructuredClones, runtimefacts.Keeps:
		return o.Verdict != runtimefacts.Differs
	}
	return true
}

// converterFixes reports whether to_js(…, dict_converter=
// js.Object.fromEntries) works for the receiver on the runtime: the fix
// is offered only where it fixes the finding.
func converterFixes(p *profile.Profile, r runtimefacts.Receiver) bool {
	o, ok := verdict(p, "to_js(dict, dict_converter)", r)
	return ok && o.OK()
}

// consequence states what happens to the value at the receiver, with the
// measurement that shows it.
func consequence(p *profile.Profile, value, op, callee string, r runtimefacts.Receiver, o runtimefacts.Outcome) string {
	measured := fmt.Sprintf("measured on %s: %s", runtimefacts.Measured(p.Runtime.Generation), measurement(value, op, o))
	switch o.Verdict {
	case runtimefacts.DataCloneError:
		return fmt.Sprintf("%s() structured-clones %s and %s cannot be cloned: it throws DataCloneError (%s)", callee, r.What, valueNoun(p, value), measured)
	case runtimefacts.ProxyDestroyed:
		return fmt.Sprintf("%s() keeps %s after the call returns, but Pyodide destroys the borrowed proxy when the call returns: later use throws \"This borrowed proxy was automatically destroyed\" (%s)", callee, r.What, measured)
	case runtimefacts.Throws:
		if strings.HasSuffix(op, " headers") {
			return fmt.Sprintf("%s() builds Headers from its headers value, a dict proxy whose keys are not pairs: it throws %s (%s)", callee, strings.TrimPrefix(o.Observed, "throws:"), measured)
		}
		return fmt.Sprintf("%s() throws %s on %s (%s)", callee, strings.TrimPrefix(o.Observed, "throws:"), valueNoun(p, value), measured)
	}
	switch r.Behaviour {
	case runtimefacts.SerialisesJSON:
		return fmt.Sprintf("%s() serialises %s to JSON and %s has no keys JSON can see (%s)", callee, r.What, valueNoun(p, value), measured)
	case runtimefacts.StructuredClones:
		return fmt.Sprintf("%s() structured-clones %s and the copy has none of its keys as properties (%s)", callee, r.What, measured)
	}
	return fmt.Sprintf("%s() reads %s as properties and %s has none, so every key is ignored (%s)", callee, r.What, valueNoun(p, value), measured)
}

// measurement renders a truth-table observation: `new Response("x",
// x).status` gives 200 where 404 was passed.
func measurement(value, op string, o runtimefacts.Outcome) string {
	about := op
	if d, ok := runtimefacts.Truth().Operations[op]; ok && d.About != "" {
		about = d.About
	}
	if thrown, ok := strings.CutPrefix(o.Observed, "throws:"); ok {
		return about + " throws " + thrown
	}
	if c, ok := runtimefacts.CellOf(value, op); ok && len(c.Expect) <= 24 {
		return fmt.Sprintf("%s gives %s where %s was passed", about, o.Observed, c.Expect)
	}
	return about + " gives " + o.Observed
}

// valueNoun names what JS receives for a value kind on the runtime,
// from the truth table's "tag" cell: "a JS Map", "a PyProxy".
func valueNoun(p *profile.Profile, value string) string {
	base, _, _ := strings.Cut(value, " with ")
	o, ok := runtimefacts.Lookup(p.Runtime.Generation, base, "tag")
	if !ok {
		return "the value"
	}
	return "a " + o.Observed
}

// failsSomewhere reports whether a value kind fails under some
// operation the oracle measured on the runtime; when it fails under none,
// no receiver can make it fail and the rule need not run.
func failsSomewhere(g profile.Generation, value string) bool {
	for _, c := range runtimefacts.Truth().Cells {
		if c.Value != value || c.Op == "tag" {
			continue
		}
		if !c.Outcomes[runtimefacts.RuntimeID(g)].OK() {
			return true
		}
	}
	return false
}
