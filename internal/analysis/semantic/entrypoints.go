package semantic

import (
	"github.com/pyworkers/pyworkers-lsp/internal/analysis/syntax"
)

// Handler is one event the runtime delivers to a method of an entrypoint
// class (workerd's python-entrypoint-helper).
type Handler struct {
	// Name is the JavaScript-side handler name ("fetch", "webSocketClose").
	Name string
	// Args names the arguments the runtime passes after self, for messages.
	Args []string
	// Relaxed calls drop the arguments the method does not accept (Pyodide's
	// callRelaxed); strict calls pass all of Args and raise TypeError when
	// the signature cannot take them.
	Relaxed bool
	// PrefixedWhenLegacy marks handlers the runtime looks up as `on_<Name>`
	// while global handlers are on (python_no_global_handlers off).
	PrefixedWhenLegacy bool
}

// Method is the Python method name the runtime calls for h: `on_fetch`
// while legacy global handlers are on, `fetch` once they are off.
func (h Handler) Method(legacy bool) string {
	if legacy && h.PrefixedWhenLegacy {
		return "on_" + h.Name
	}
	return h.Name
}

// handlers lists, per entrypoint kind, the events the runtime delivers.
// scheduled/queue/email go through the strict RPC wrapper with
// (x, env, ctx); fetch, connect and the Durable Object events are relaxed.
var handlers = map[EntrypointKind][]Handler{
	WorkerEntrypoint: {
		{Name: "fetch", Args: []string{"request"}, Relaxed: true, PrefixedWhenLegacy: true},
		{Name: "connect", Args: []string{"socket"}, Relaxed: true, PrefixedWhenLegacy: true},
		{Name: "scheduled", Args: []string{"controller", "env", "ctx"}},
		{Name: "queue", Args: []string{"batch", "env", "ctx"}},
		{Name: "email", Args: []string{"message", "env", "ctx"}},
	},
	DurableObject: {
		{Name: "fetch", Args: []string{"request"}, Relaxed: true, PrefixedWhenLegacy: true},
		{Name: "webSocketMessage", Args: []string{"ws", "message"}, Relaxed: true, PrefixedWhenLegacy: true},
		{Name: "webSocketClose", Args: []string{"ws", "code", "reason", "was_clean"}, Relaxed: true, PrefixedWhenLegacy: true},
		{Name: "webSocketError", Args: []string{"ws", "error"}, Relaxed: true, PrefixedWhenLegacy: true},
		// alarm's arguments changed over time; only its name is checked.
		{Name: "alarm", Args: nil, Relaxed: true, PrefixedWhenLegacy: true},
	},
	WorkflowEntrypoint: {
		// The SDK wraps run and calls the original with (event, step).
		{Name: "run", Args: []string{"event", "step"}},
	},
}

// Handlers returns the events the runtime delivers to classes of kind k.
func Handlers(k EntrypointKind) []Handler { return handlers[k] }

// HandlerCalled returns the handler the runtime delivers to a method named
// method on a class of kind k, given whether legacy global handlers are on.
func HandlerCalled(k EntrypointKind, method string, legacy bool) (Handler, bool) {
	for _, h := range handlers[k] {
		if h.Method(legacy) == method {
			return h, true
		}
	}
	return Handler{}, false
}

// HandlerMisnamed reports the handler a method named method was meant to
// implement when the runtime never calls it under the given mode: `on_fetch`
// once legacy handlers are off, `fetch` while they are on. The returned
// handler's Method(legacy) is the name the runtime does call.
func HandlerMisnamed(k EntrypointKind, method string, legacy bool) (Handler, bool) {
	if _, ok := HandlerCalled(k, method, legacy); ok {
		return Handler{}, false
	}
	for _, h := range handlers[k] {
		if h.Method(!legacy) == method && h.Method(!legacy) != h.Method(legacy) {
			return h, true
		}
		// on_scheduled and friends are never called in either mode.
		if !h.PrefixedWhenLegacy && method == "on_"+h.Name && k != WorkflowEntrypoint {
			return h, true
		}
	}
	return Handler{}, false
}

// legacyHandlerNames are the module-level functions the runtime calls while
// global handlers are on: `on_` + each supported handler, and `test`.
var legacyHandlerNames = map[string]bool{
	"on_fetch": true, "on_alarm": true, "on_scheduled": true, "on_trace": true,
	"on_queue": true, "on_pubsub": true, "test": true,
}

// jsHandlerNames are the module-level names JavaScript Workers export as
// handlers.
var jsHandlerNames = map[string]bool{"fetch": true, "scheduled": true, "queue": true, "email": true}

// IsJSHandlerName reports whether a module-level function of that name
// is how a JavaScript Worker exports a handler.
func IsJSHandlerName(name string) bool { return jsHandlerNames[name] }

// IsLegacyHandlerName reports whether a module-level function of that name
// is a legacy global handler.
func IsLegacyHandlerName(name string) bool { return legacyHandlerNames[name] }

// IsHandlerDecorator reports whether a qualified decorator is the SDK's
// legacy `@handler`.
func IsHandlerDecorator(qualified string) bool {
	return qualified == "workers.handler" || qualified == "cloudflare.workers.handler"
}

// LegacyHandlers lists the module-level functions of m that are legacy
// global handlers: a handler name or the `@handler` decorator. `test` only
// counts in the main module, where the runtime looks for it; elsewhere it
// is an ordinary name.
func LegacyHandlers(m *Module, isMain bool) []*Function {
	var out []*Function
	for f := range m.HandlerCandidates {
		decorated := false
		for _, d := range f.Decorators {
			if IsHandlerDecorator(d) {
				decorated = true
			}
		}
		if decorated || (IsLegacyHandlerName(f.Name) && (isMain || f.Name != "test")) {
			out = append(out, f)
		}
	}
	return out
}

// DefaultEntrypoint returns the class named Default deriving from
// WorkerEntrypoint, or nil.
func (m *Module) DefaultEntrypoint() *Class {
	if k := m.Class("Default"); k != nil && k.Entrypoint == WorkerEntrypoint {
		return k
	}
	return nil
}

// Signature counts what a def accepts.
type Signature struct {
	// Required and Positional count the positional parameters without a
	// default and all positional parameters (self excluded when skipped).
	Required   int
	Positional int
	VarArgs    bool // *args
	VarKw      bool // **kwargs
	// RequiredKeywordOnly lists keyword-only parameters without a default:
	// no positional call can fill them.
	RequiredKeywordOnly []string
}

// SignatureOf reads the parameters of a function_definition. skip drops
// that many leading positional parameters (1 for self).
func SignatureOf(def syntax.Node, skip int) Signature {
	var s Signature
	keywordOnly := false
	for _, p := range def.Field(syntax.FieldParameters).NamedChildren() {
		kind := p.Type()
		if inner := p.NamedChildren(); kind == "typed_parameter" && len(inner) > 0 {
			kind = inner[0].Type() // `*args: T` is a typed list_splat_pattern
		}
		switch kind {
		case "positional_separator", "comment":
			continue
		case "keyword_separator":
			keywordOnly = true
			continue
		case "list_splat_pattern":
			s.VarArgs, keywordOnly = true, true
			continue
		case "dictionary_splat_pattern":
			s.VarKw = true
			continue
		}
		hasDefault := p.Is(syntax.TypeDefaultParameter, syntax.TypeTypedDefaultParameter)
		if keywordOnly {
			if !hasDefault {
				s.RequiredKeywordOnly = append(s.RequiredKeywordOnly, ParamName(p))
			}
			continue
		}
		if skip > 0 {
			skip--
			continue
		}
		s.Positional++
		if !hasDefault {
			s.Required++
		}
	}
	return s
}

// Accepts reports whether a call passing n positional arguments succeeds;
// a relaxed call drops the arguments beyond what the function accepts.
func (s Signature) Accepts(n int, relaxed bool) bool {
	if s.Required > n || len(s.RequiredKeywordOnly) > 0 {
		return false
	}
	return relaxed || s.VarArgs || s.Positional >= n
}

// Params returns the names of def's parameters in order (self included).
func Params(def syntax.Node) []syntax.Node {
	var out []syntax.Node
	for _, p := range def.Field(syntax.FieldParameters).NamedChildren() {
		if ParamName(p) != "" {
			out = append(out, p)
		}
	}
	return out
}

// IsMainGuard reports whether n is inside `if __name__ == "__main__":`,
// which never runs on Workers.
func IsMainGuard(n syntax.Node) bool {
	for p := n.Parent(); !p.IsZero(); p = p.Parent() {
		if p.Type() != syntax.TypeIfStatement {
			continue
		}
		cond := p.Field(syntax.FieldCondition)
		if cond.Type() != syntax.TypeComparisonOperator || !p.Field(syntax.FieldConsequence).Contains(n) {
			continue
		}
		var ids, strs, eq int
		for _, ch := range cond.Children() {
			switch {
			case ch.Type() == syntax.TypeIdentifier && ch.Text() == "__name__":
				ids++
			case ch.Type() == syntax.TypeString && (ch.Text() == `"__main__"` || ch.Text() == `'__main__'`):
				strs++
			case ch.Type() == "==":
				eq++
			}
		}
		if ids == 1 && strs == 1 && eq == 1 {
			return true
		}
	}
	return false
}

// BindingSites lists the identifiers that bind name directly in function
// fn's body (assignments, loop targets, `with … as`, walrus, imports,
// nested def/class names), not in nested scopes.
func BindingSites(fn syntax.Node, name string) []syntax.Node {
	var sites []syntax.Node
	for _, ev := range bindEvents(fn)[name] {
		sites = append(sites, ev.target)
	}
	return sites
}
