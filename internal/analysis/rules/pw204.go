package rules

import (
	"strings"

	"github.com/pyworkers/pyworkers-lsp/internal/analysis/diag"
	"github.com/pyworkers/pyworkers-lsp/internal/analysis/semantic"
	"github.com/pyworkers/pyworkers-lsp/internal/analysis/syntax"
)

var pw204 = &Rule{
	Code:     "PW204",
	Name:     "none-to-raw-binding",
	Summary:  "Python `None` passed to a raw JS binding call arrives as `undefined`",
	Severity: diag.Warning,
	Runtimes: "raw bindings: the built-in SDK, workers-runtime-sdk < 1.3, or bindings reached through `js`",
	Fixes: []Fix{
		{Kind: FixNoneToJsnull, Title: "Replace None with pyodide.ffi.jsnull", Safety: SafeFix},
	},
	Unit: runPW204,
}

// runPW204 reports None, and values that may be None, passed to raw
// binding method calls — directly, or through a project function that
// passes its parameter on to one.
func runPW204(p *Pass) {
	var v *semantic.Values
	for _, call := range p.Nodes(syntax.TypeCall) {
		if v == nil {
			v = p.values()
		}
		fn := call.Field(syntax.FieldFunction)
		passed := v.PassedArgs(call) // project helpers: save(db, x), util.save(db, x)
		if len(passed) > 0 || fn.Type() != syntax.TypeAttribute {
			for _, pa := range passed {
				if !rawBinding(pa.Recv) {
					continue
				}
				through := pa.Function + "()"
				target := bindingLabel(pa.Recv) + "." + pa.Method + "()"
				if pa.Via != "" {
					first, _, _ := strings.Cut(pa.Via, ", ")
					target = first + "()"
					through += " through " + strings.ReplaceAll(pa.Via, ", ", "(), ") + "()"
				}
				var via *diag.Related
				if pa.Anchor != "" {
					via = &diag.Related{Anchor: pa.Anchor, Message: pa.Function + "() passes it to " + target + " here"}
				}
				checkNoneArg(p, v, pa.Arg, pa.Recv, pa.Method+"() in "+through, via)
			}
			continue
		}
		if args := call.Field(syntax.FieldArguments); args.End()-args.Start() <= 2 {
			continue // no arguments: `()`
		}
		// The receiver first: few calls are on raw bindings, and asking
		// it is shared with the other binding rules.
		obj := v.Origin(fn.Field(syntax.FieldObject))
		if !rawBinding(obj) {
			continue
		}
		method := fn.Field(syntax.FieldAttribute).Text()
		for _, arg := range callArgValues(call) {
			checkNoneArg(p, v, arg, obj, method, nil)
		}
		for _, sp := range splatArgs(call) {
			checkSplat(p, v, sp, obj, method)
		}
	}
}

// rawBinding reports whether o is a binding, or a value reached from one,
// that the SDK does not wrap.
func rawBinding(o semantic.Origin) bool {
	return o.Raw && (o.Kind == semantic.OriginBinding || o.Kind == semantic.OriginBindingValue)
}

// checkNoneArg reports arg if it may be None, as an argument of method
// called on the raw binding value obj; via is where a project function
// passes it on (nil for a direct call).
func checkNoneArg(p *Pass, v *semantic.Values, arg syntax.Node, obj semantic.Origin, method string, via *diag.Related) {
	o := v.Origin(arg)
	if !o.MayBeNone() {
		return
	}
	subject := "Python None"
	var related []diag.Related
	switch {
	case arg.Type() == syntax.TypeNone:
	case o.Kind == semantic.OriginNone:
		subject = "`" + shorten(arg.Text()) + "` is None, and Python None"
		if o.Why != nil {
			related = append(related, causeRelated(shorten(arg.Text())+" is set to None here", o.Why))
		}
	default:
		subject = "`" + shorten(arg.Text()) + "` may be None"
		if o.Why != nil {
			if o.Why.Text != shorten(arg.Text()) {
				subject += " (" + o.Why.Text + ")"
				related = append(related, causeRelated(shorten(arg.Text())+" may be None", o.Why))
			}
		}
		subject += ", and Python None"
	}
	if via != nil {
		related = append(related, *via)
	}
	var data map[string]string
	if arg.Type() == syntax.TypeNone && via == nil {
		data = nullFix(p.Profile)
	}
	p.Report(arg, noneMessage(p, subject, obj, method), data)
	(*p.out)[len(*p.out)-1].Related = related
}

// checkSplat reports `*params` whose list may hold None.
func checkSplat(p *Pass, v *semantic.Values, splat syntax.Node, obj semantic.Origin, method string) {
	inner := splat.NamedChildren()
	if len(inner) != 1 {
		return
	}
	seq := v.Origin(inner[0])
	if seq.Kind != semantic.OriginSeq {
		return
	}
	for _, e := range seq.Elems {
		if !e.MayBeNone() {
			continue
		}
		subject := "`" + shorten(inner[0].Text()) + "` may hold None"
		var related []diag.Related
		if e.Why != nil {
			subject += " (" + e.Why.Text + ")"
			related = append(related, causeRelated("an element of "+shorten(inner[0].Text())+" may be None", e.Why))
		}
		p.Report(splat, noneMessage(p, subject+", and Python None", obj, method), nil)
		(*p.out)[len(*p.out)-1].Related = related
		return
	}
}

// noneMessage says what None does as an argument of obj.method().
// method is the name of the binding's method, or "bind() in save_note"
// when a project function calls it with its parameter.
func noneMessage(p *Pass, subject string, obj semantic.Origin, method string) string {
	name, through, _ := strings.Cut(method, "() in ")
	callee := bindingLabel(obj) + "." + name + "()"
	if through != "" {
		callee += " (in " + through + ")"
	}
	msg := subject + " passed to the raw binding call " + callee + " arrives as JS undefined, not null"
	if obj.BindingKind == semantic.D1Databases && name == "bind" {
		msg += ": D1 rejects it (D1_TYPE_ERROR: Type 'undefined' not supported) instead of storing NULL"
	}
	return msg + "; " + nullHowTo(p.Profile)
}

// causeRelated points at where a None comes from.
func causeRelated(what string, c *semantic.Cause) diag.Related {
	r := diag.Related{Message: what, Anchor: c.Anchor}
	if c.Text != "None" {
		r.Message += ": " + c.Text
	}
	if c.Anchor == "" && !c.Node.IsZero() {
		r.Start, r.End = c.Node.Start(), c.Node.End()
	}
	return r
}

// splatArgs lists a call's `*args` arguments.
func splatArgs(call syntax.Node) []syntax.Node {
	var out []syntax.Node
	for _, a := range call.Field(syntax.FieldArguments).NamedChildren() {
		if a.Type() == syntax.TypeListSplat {
			out = append(out, a)
		}
	}
	return out
}

// callArgValues lists a call's positional arguments and keyword values.
func callArgValues(call syntax.Node) []syntax.Node {
	var out []syntax.Node
	for _, a := range call.Field(syntax.FieldArguments).NamedChildren() {
		switch a.Type() {
		case syntax.TypeKeywordArgument:
			out = append(out, a.Field(syntax.FieldValue))
		case syntax.TypeListSplat, syntax.TypeDictionarySplat, syntax.TypeComment:
		default:
			out = append(out, a)
		}
	}
	return out
}
