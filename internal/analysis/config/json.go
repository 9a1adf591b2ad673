package config

import (
	"fmt"
	"regexp"
	"strconv"
	"strings"

	"github.com/tailscale/hujson"
)

// parseJSON builds a position-preserving tree from JSON or JSONC (comments
// and trailing commas, as wrangler accepts) with hujson.
func parseJSON(text []byte) (root *Value, perr *ParseError) {
	defer func() {
		if r := recover(); r != nil {
			root, perr = nil, &ParseError{Span: Span{0, min(1, len(text))}, Message: fmt.Sprintf("cannot parse JSON: %v", r)}
		}
	}()
	v, err := hujson.Parse(text)
	if err != nil {
		return nil, jsonError(text, err)
	}
	return convertJSON(&v), nil
}

// hujson reports errors as "hujson: line L, column C: …" with a 1-based
// byte column; that is the only place it exposes the offset.
var jsonErrorAt = regexp.MustCompile(`^hujson: line (\d+), column (\d+): (.*)$`)

func jsonError(text []byte, err error) *ParseError {
	m := jsonErrorAt.FindStringSubmatch(err.Error())
	if m == nil {
		return &ParseError{Span: Span{len(text), len(text)}, Message: "JSON syntax error: " + err.Error()}
	}
	line, _ := strconv.Atoi(m[1])
	col, _ := strconv.Atoi(m[2])
	off := 0
	for l := 1; l < line && off < len(text); l++ {
		i := strings.IndexByte(string(text[off:]), '\n')
		if i < 0 {
			off = len(text)
			break
		}
		off += i + 1
	}
	off = min(off+col-1, len(text))
	end := off
	if end < len(text) {
		end++
	} else if off > 0 {
		off-- // at end of input: point at the last byte
	}
	return &ParseError{Span: Span{off, end}, Message: "JSON syntax error: " + m[3]}
}

func convertJSON(v *hujson.Value) *Value {
	out := &Value{Span: Span{v.StartOffset, v.EndOffset}}
	switch t := v.Value.(type) {
	case *hujson.Object:
		out.Kind = Table
		for i := range t.Members {
			m := &t.Members[i]
			key := m.Name.Value.(hujson.Literal).String()
			out.Fields = append(out.Fields, &Field{
				Key:     key,
				KeySpan: Span{m.Name.StartOffset, m.Name.EndOffset},
				Span:    Span{m.Name.StartOffset, m.Value.EndOffset},
				Value:   convertJSON(&m.Value),
			})
		}
	case *hujson.Array:
		out.Kind = Array
		for i := range t.Elements {
			out.Items = append(out.Items, convertJSON(&t.Elements[i]))
		}
	case hujson.Literal:
		switch t.Kind() {
		case '"':
			out.Kind, out.Text = String, t.String()
		case 't', 'f':
			out.Kind, out.Text = Bool, string(t)
		case 'n':
			out.Kind, out.Text = Null, "null"
		default:
			out.Kind, out.Text = Number, string(t)
		}
	}
	return out
}
