package lookup

import (
	"bytes"
	"strconv"
	"strings"

	"github.com/pyworkers/pyworkers-lsp/internal/analysis/semantic"
	"github.com/pyworkers/pyworkers-lsp/internal/analysis/syntax"
)

// Hint is a short note shown at a place in the code (an inlay hint).
type Hint struct {
	Offset int // where the note goes: just after the code it is about
	Label  string
}

// ToJSHints says, for each `pyodide.ffi.to_js(...)` call in the units
// overlapping [start, end), what JavaScript value it produces ("→ Map"),
// when the argument's kind is known from the code.
func ToJSHints(f *File, start, end int) []Hint {
	// Only units that spell to_js or one of its module-level aliases can
	// call it (a local alias is imported in the same unit, and
	// `ffi.to_js` spells it): the others are not flattened.
	names := [][]byte{[]byte("to_js")}
	for _, name := range f.Module.ImportedAs(toJS) {
		if name != "to_js" {
			names = append(names, []byte(name))
		}
	}
	var out []Hint
	for i := f.unitFrom(start); i < len(f.Units) && f.Units[i].Start < end; i++ {
		if !mentionsAny(f.Text[f.Units[i].Start:f.Units[i].End], names) {
			continue
		}
		root := f.Units[i].Flatten(f.Text).Root()
		var res *semantic.Resolver
		var values *semantic.Values
		t := root.Tree()
		for j := root.Index(); j < root.SubtreeEnd(); j++ {
			call := t.At(j)
			if call.Type() != syntax.TypeCall || call.End() <= start || call.Start() >= end {
				continue
			}
			fn := call.Field(syntax.FieldFunction)
			if !fn.Is(syntax.TypeIdentifier, syntax.TypeAttribute) {
				continue
			}
			if res == nil {
				res = semantic.NewResolver(f.Module)
				values = semantic.NewValues(res, f.classOf(i), f.Profile)
			}
			if res.Resolve(fn) != toJS {
				continue
			}
			if kind := toJSResult(call, res, values); kind != "" {
				out = append(out, Hint{Offset: call.End(), Label: "→ " + kind})
			}
		}
	}
	return out
}

// toJS is the qualified name of pyodide.ffi.to_js.
const toJS = "pyodide.ffi.to_js"

func mentionsAny(text []byte, names [][]byte) bool {
	for _, n := range names {
		if bytes.Contains(text, n) {
			return true
		}
	}
	return false
}

// toJSResult names the JavaScript type to_js makes of the call's first
// argument, or "" when the argument's kind is unknown.
func toJSResult(call syntax.Node, res *semantic.Resolver, values *semantic.Values) string {
	args := semantic.PositionalArgs(call)
	if len(args) == 0 {
		return ""
	}
	// A dict becomes a Map unless dict_converter builds something else;
	// Object.fromEntries is the usual one.
	mapping := "Map"
	if conv, ok := semantic.KeywordArg(call, "dict_converter"); ok && conv.Type() != syntax.TypeNone {
		mapping = ""
		if res.Resolve(conv) == "js.Object.fromEntries" {
			mapping = "Object"
		}
	}
	a := args[0]
	switch a.Type() {
	case syntax.TypeDictionary, syntax.TypeDictionaryComprehension:
		return mapping
	case syntax.TypeList, syntax.TypeTuple, syntax.TypeListComprehension:
		return "Array"
	case syntax.TypeSet, syntax.TypeSetComprehension:
		return "Set"
	case syntax.TypeString:
		if isBytesLiteral(a) {
			return "Uint8Array"
		}
		return "string"
	case syntax.TypeConcatenatedString:
		return "string"
	case syntax.TypeInteger:
		// Integers outside the safe range become BigInt.
		if n, err := strconv.ParseInt(strings.TrimRight(a.Text(), "lL"), 0, 64); err != nil || n > maxSafeInt || n < -maxSafeInt {
			return "BigInt"
		}
		return "number"
	case syntax.TypeFloat:
		return "number"
	case syntax.TypeTrue, syntax.TypeFalse:
		return "boolean"
	case syntax.TypeNone:
		return "undefined"
	case syntax.TypeCall:
		if fn := a.Field(syntax.FieldFunction); res.IsBuiltin(fn) {
			switch fn.Text() {
			case "list", "tuple":
				return "Array"
			case "set", "frozenset":
				return "Set"
			case "bytes", "bytearray":
				return "Uint8Array"
			}
		}
	}
	switch values.Origin(a).Kind {
	case semantic.OriginDict:
		return mapping
	case semantic.OriginNone:
		return "undefined"
	}
	return ""
}

// maxSafeInt is JavaScript's Number.MAX_SAFE_INTEGER.
const maxSafeInt = 1<<53 - 1

// isBytesLiteral reports whether a string literal has a b prefix.
func isBytesLiteral(s syntax.Node) bool {
	for _, ch := range s.Children() {
		if ch.Type() == syntax.TypeStringStart {
			return strings.ContainsAny(ch.Text(), "bB")
		}
	}
	return false
}
