package config

import (
	"errors"
	"fmt"

	"github.com/pelletier/go-toml/v2/unstable"
)

// parseTOML builds a position-preserving tree from a TOML document with
// go-toml's unstable parser, which reports the byte range of every key and
// scalar. Container ranges (arrays, inline tables) are recovered by
// scanning the trivia between the ranges the parser does report.
func parseTOML(text []byte) (root *Value, perr *ParseError) {
	defer func() {
		// The unstable parser is young; a panic in it must not take the
		// language server down.
		if r := recover(); r != nil {
			root, perr = nil, &ParseError{Span: Span{0, min(1, len(text))}, Message: fmt.Sprintf("cannot parse TOML: %v", r)}
		}
	}()
	b := &tomlBuilder{text: text, root: &Value{Kind: Table, Span: Span{0, len(text)}}, explicit: map[*Value]bool{}}
	b.section = b.root
	var p unstable.Parser
	p.Reset(text)
	for p.NextExpression() {
		if err := b.expression(p.Expression()); err != nil {
			return nil, err
		}
	}
	if err := p.Error(); err != nil {
		return nil, tomlError(&p, text, err)
	}
	return b.root, nil
}

// tomlError locates a parser error.
func tomlError(p *unstable.Parser, text []byte, err error) *ParseError {
	var pe *unstable.ParserError
	if !errors.As(err, &pe) {
		return &ParseError{Span: Span{len(text), len(text)}, Message: err.Error()}
	}
	start, end := len(text), len(text)
	func() {
		defer func() { _ = recover() }() // Highlight may not alias the input
		r := p.Range(pe.Highlight)
		start, end = int(r.Offset), int(r.Offset+r.Length)
	}()
	return &ParseError{Span: Span{start, end}, Message: "TOML syntax error: " + pe.Message}
}

type tomlBuilder struct {
	text []byte
	root *Value
	// section is the table the current `[header]` opened; sectionPath the
	// entries leading to it from the root, which grow with the section.
	section     *Value
	sectionPath []*Field
	// explicit marks tables defined by a header, which may not be
	// defined twice.
	explicit map[*Value]bool
}

func (b *tomlBuilder) expression(n *unstable.Node) *ParseError {
	switch n.Kind {
	case unstable.KeyValue:
		return b.keyValue(b.section, n)
	case unstable.Table, unstable.ArrayTable:
		return b.header(n)
	}
	return nil
}

// keyParts returns the parts of a (dotted) key with their spans.
func keyParts(n *unstable.Node) ([]string, []Span) {
	var names []string
	var spans []Span
	it := n.Key()
	for it.Next() {
		k := it.Node()
		names = append(names, string(k.Data))
		spans = append(spans, Span{int(k.Raw.Offset), int(k.Raw.Offset + k.Raw.Length)})
	}
	return names, spans
}

// header opens a `[table]` or `[[array.table]]` section.
func (b *tomlBuilder) header(n *unstable.Node) *ParseError {
	names, spans := keyParts(n)
	if len(names) == 0 {
		return nil
	}
	start := spans[0].Start
	for start > 0 && b.text[start-1] != '\n' && b.text[start-1] != '\r' {
		start-- // back to the line's `[`
	}
	for start < len(b.text) && (b.text[start] == ' ' || b.text[start] == '\t') {
		start++
	}
	last := len(names) - 1
	end := spans[last].End
	for end < len(b.text) && b.text[end] != ']' {
		end++
	}
	for end < len(b.text) && b.text[end] == ']' {
		end++
	}
	hdr := Span{start, end}
	parent, path, err := b.descend(b.root, names[:last], spans[:last], hdr)
	if err != nil {
		return err
	}
	f := parent.Field(names[last])
	if n.Kind == unstable.ArrayTable {
		if f == nil {
			f = &Field{Key: names[last], KeySpan: spans[last], Span: hdr, Value: &Value{Kind: Array, Span: hdr}}
			parent.Fields = append(parent.Fields, f)
		} else if f.Value.Kind != Array {
			return &ParseError{Span: spans[last], Message: fmt.Sprintf("TOML error: %q is already defined as a %s", names[last], f.Value.Kind)}
		}
		elem := &Value{Kind: Table, Span: hdr}
		f.Value.Items = append(f.Value.Items, elem)
		b.section, b.sectionPath = elem, append(path, f)
		b.grow(hdr)
		return nil
	}
	if f == nil {
		f = &Field{Key: names[last], KeySpan: spans[last], Span: hdr, Value: &Value{Kind: Table, Span: hdr}}
		parent.Fields = append(parent.Fields, f)
	} else if f.Value.Kind != Table || b.explicit[f.Value] {
		return &ParseError{Span: spans[last], Message: fmt.Sprintf("TOML error: table %q is defined twice", names[last])}
	}
	b.explicit[f.Value] = true
	b.section, b.sectionPath = f.Value, append(path, f)
	b.grow(hdr)
	return nil
}

// descend walks (creating implicit tables) through names from t. An
// array of tables stands for its last element, as TOML specifies.
func (b *tomlBuilder) descend(t *Value, names []string, spans []Span, at Span) (*Value, []*Field, *ParseError) {
	var path []*Field
	for i, name := range names {
		f := t.Field(name)
		if f == nil {
			f = &Field{Key: name, KeySpan: spans[i], Span: at, Value: &Value{Kind: Table, Span: at}}
			t.Fields = append(t.Fields, f)
		}
		path = append(path, f)
		switch {
		case f.Value.Kind == Table:
			t = f.Value
		case f.Value.Kind == Array && len(f.Value.Items) > 0 && f.Value.Items[len(f.Value.Items)-1].Kind == Table:
			t = f.Value.Items[len(f.Value.Items)-1]
		default:
			return nil, nil, &ParseError{Span: spans[i], Message: fmt.Sprintf("TOML error: %q is a %s, not a table", name, f.Value.Kind)}
		}
	}
	return t, path, nil
}

// grow extends the current section and the entries leading to it over s.
func (b *tomlBuilder) grow(s Span) {
	if b.section == b.root {
		return
	}
	extend(&b.section.Span, s)
	for _, f := range b.sectionPath {
		extend(&f.Span, s)
		extend(&f.Value.Span, s)
	}
}

// keyValue adds `key = value` to table t.
func (b *tomlBuilder) keyValue(t *Value, n *unstable.Node) *ParseError {
	names, spans := keyParts(n)
	if len(names) == 0 {
		return nil
	}
	entry := Span{int(n.Raw.Offset), int(n.Raw.Offset + n.Raw.Length)}
	last := len(names) - 1
	parent, _, err := b.descend(t, names[:last], spans[:last], entry)
	if err != nil {
		return err
	}
	if parent.Field(names[last]) != nil {
		return &ParseError{Span: spans[last], Message: fmt.Sprintf("TOML error: key %q is defined twice", names[last])}
	}
	vstart := b.skip(spans[last].End, " \t")
	if vstart < len(b.text) && b.text[vstart] == '=' {
		vstart = b.skip(vstart+1, " \t")
	}
	val, _ := b.value(n.Value(), vstart)
	parent.Fields = append(parent.Fields, &Field{Key: names[last], KeySpan: spans[last], Span: entry, Value: val})
	// Grow the tables this entry belongs to: t, the implicit tables of a
	// dotted key, and the section's entry.
	extend(&t.Span, entry)
	for cur, i := t, 0; i < last; i++ {
		f := cur.Field(names[i])
		extend(&f.Span, entry)
		extend(&f.Value.Span, entry)
		cur = f.Value
	}
	if t == b.section {
		b.grow(entry)
	}
	return nil
}

// value converts a value node that starts at byte start; it returns the
// value and the offset just past it.
func (b *tomlBuilder) value(n *unstable.Node, start int) (*Value, int) {
	switch n.Kind {
	case unstable.Array:
		v := &Value{Kind: Array}
		pos := start + 1
		it := n.Children()
		for it.Next() {
			pos = b.skipTrivia(pos)
			item, end := b.value(it.Node(), pos)
			v.Items = append(v.Items, item)
			pos = end
		}
		pos = b.skipTrivia(pos)
		if pos < len(b.text) && b.text[pos] == ']' {
			pos++
		}
		v.Span = Span{start, pos}
		return v, pos
	case unstable.InlineTable:
		v := &Value{Kind: Table}
		start = int(n.Raw.Offset)
		pos := start + 1
		it := n.Children()
		for it.Next() {
			kv := it.Node()
			if kv.Kind != unstable.KeyValue {
				continue
			}
			_ = b.keyValue(v, kv)
			pos = int(kv.Raw.Offset + kv.Raw.Length)
		}
		pos = b.skipTrivia(pos)
		if pos < len(b.text) && b.text[pos] == '}' {
			pos++
		}
		v.Span = Span{start, pos}
		return v, pos
	}
	s := Span{int(n.Raw.Offset), int(n.Raw.Offset + n.Raw.Length)}
	v := &Value{Span: s, Text: string(n.Data)}
	switch n.Kind {
	case unstable.String:
		v.Kind = String
	case unstable.Bool:
		v.Kind = Bool
	case unstable.Integer, unstable.Float:
		v.Kind = Number
	default:
		v.Kind = Date
	}
	return v, s.End
}

// skip advances past any of the bytes in set.
func (b *tomlBuilder) skip(pos int, set string) int {
	for pos < len(b.text) {
		c := b.text[pos]
		found := false
		for i := 0; i < len(set); i++ {
			if set[i] == c {
				found = true
				break
			}
		}
		if !found {
			return pos
		}
		pos++
	}
	return pos
}

// skipTrivia advances past whitespace, newlines, commas and comments
// between array elements.
func (b *tomlBuilder) skipTrivia(pos int) int {
	for pos < len(b.text) {
		switch b.text[pos] {
		case ' ', '\t', '\n', '\r', ',':
			pos++
		case '#':
			for pos < len(b.text) && b.text[pos] != '\n' {
				pos++
			}
		default:
			return pos
		}
	}
	return pos
}

// extend grows s to cover t.
func extend(s *Span, t Span) {
	if s.IsZero() {
		*s = t
		return
	}
	s.Start = min(s.Start, t.Start)
	s.End = max(s.End, t.End)
}
