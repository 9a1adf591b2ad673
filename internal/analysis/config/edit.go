package config

import (
	"bytes"
	"strconv"
)

// Edit replaces the bytes [Start, End) of a config file with NewText.
type Edit struct {
	Start   int
	End     int
	NewText string
}

// Apply returns text with the edit applied.
func (e Edit) Apply(text []byte) []byte {
	out := make([]byte, 0, len(text)+len(e.NewText))
	out = append(out, text[:e.Start]...)
	out = append(out, e.NewText...)
	return append(out, text[e.End:]...)
}

// The edits below compute the fixes of the config rules from a parsed
// wrangler file and the data of the finding (flag, env, binding, kind).
// Each returns false when the file no longer has the shape the finding
// described (it changed since, or has a syntax error).

// AddFlagEdit adds flag to the compatibility_flags in effect for env (the
// environment's own list, else the inherited top-level one), creating the
// key when there is none.
func AddFlagEdit(f *File, env, flag string) (Edit, bool) {
	if f == nil || f.Root == nil {
		return Edit{}, false
	}
	w := ReadWorker(f, env)
	if w.HasFlag(flag) {
		return Edit{}, false
	}
	quoted := strconv.Quote(flag)
	if fl := w.FlagsField; fl != nil {
		arr := fl.Value
		if arr.Kind != Array {
			return Edit{}, false
		}
		if len(arr.Items) == 0 {
			return Edit{Start: arr.Span.Start + 1, End: arr.Span.End - 1, NewText: quoted}, true
		}
		last := arr.Items[len(arr.Items)-1].Span.End
		return Edit{Start: last, End: last, NewText: ", " + quoted}, true
	}
	// No list anywhere: add one to the environment's table, after the
	// entry that best introduces it.
	t := w.Table
	var after *Field
	for _, key := range []string{"compatibility_date", "main", "name"} {
		if fl := t.Field(key); fl != nil {
			after = fl
			break
		}
	}
	if f.Format == TOML {
		line := "compatibility_flags = [" + quoted + "]\n"
		switch {
		case after != nil:
			return insertLine(f.Text, nextLineStart(f.Text, after.Span.End), line), true
		case t == f.Root:
			return Edit{Start: 0, End: 0, NewText: line}, true
		default: // an [env.NAME] section without entries
			return insertLine(f.Text, nextLineStart(f.Text, t.Span.Start), line), true
		}
	}
	member := `"compatibility_flags": [` + quoted + `]`
	if after != nil {
		return Edit{Start: after.Span.End, End: after.Span.End, NewText: ",\n" + indentOf(f.Text, after.Span.Start) + member}, true
	}
	return insertMember(f.Text, t, member)
}

// SetRemoteEdit sets `remote` of a binding: it rewrites an existing value
// or adds the key to the binding's table.
func SetRemoteEdit(f *File, env, kind, name string, remote bool) (Edit, bool) {
	b, ok := findBinding(f, env, kind, name)
	if !ok {
		return Edit{}, false
	}
	value := strconv.FormatBool(remote)
	if !b.RemoteSpan.IsZero() {
		return Edit{Start: b.RemoteSpan.Start, End: b.RemoteSpan.End, NewText: value}, true
	}
	t := b.DeclValue
	if t == nil || len(t.Fields) == 0 {
		return Edit{}, false
	}
	last := t.Fields[len(t.Fields)-1].Span.End
	switch {
	case f.Format != TOML:
		return Edit{Start: last, End: last, NewText: `, "remote": ` + value}, true
	case f.Text[t.Span.Start] == '{': // inline table
		return Edit{Start: last, End: last, NewText: ", remote = " + value}, true
	default: // [[section]]
		return insertLine(f.Text, nextLineStart(f.Text, last), "remote = "+value+"\n"), true
	}
}

// RemoveRemoteEdit deletes the `remote` entry of a binding, with its
// separator (a comma, or the whole line in a TOML section).
func RemoveRemoteEdit(f *File, env, kind, name string) (Edit, bool) {
	b, ok := findBinding(f, env, kind, name)
	if !ok || b.RemoteEntry.IsZero() {
		return Edit{}, false
	}
	text := f.Text
	start, end := b.RemoteEntry.Start, b.RemoteEntry.End
	if f.Format == TOML && text[b.Decl.Start] != '{' {
		ls := bytes.LastIndexByte(text[:start], '\n') + 1
		return Edit{Start: ls, End: nextLineStart(text, end), NewText: ""}, true
	}
	// Inline table or JSON object: take the comma before the entry, or
	// else the one after it.
	before := start
	for before > 0 && isSpace(text[before-1]) {
		before--
	}
	if before > 0 && text[before-1] == ',' {
		return Edit{Start: before - 1, End: end, NewText: ""}, true
	}
	after := end
	for after < len(text) && isSpace(text[after]) {
		after++
	}
	if after < len(text) && text[after] == ',' {
		after++
		for after < len(text) && isSpace(text[after]) {
			after++
		}
		return Edit{Start: start, End: after, NewText: ""}, true
	}
	return Edit{Start: start, End: end, NewText: ""}, true
}

// ReplaceFlagEdit replaces the flag named from in env's compatibility_flags
// with to.
func ReplaceFlagEdit(f *File, env, from, to string) (Edit, bool) {
	if f == nil || f.Root == nil {
		return Edit{}, false
	}
	for _, fl := range ReadWorker(f, env).CompatFlags {
		if fl.Value == from {
			return Edit{Start: fl.Span.Start, End: fl.Span.End, NewText: strconv.Quote(to)}, true
		}
	}
	return Edit{}, false
}

func findBinding(f *File, env, kind, name string) (Binding, bool) {
	if f == nil || f.Root == nil {
		return Binding{}, false
	}
	for _, b := range ReadWorker(f, env).Bindings {
		if b.Name == name && b.Kind == kind {
			return b, true
		}
	}
	return Binding{}, false
}

// insertMember adds a member to a JSON object that has no member to
// follow: right after its `{`.
func insertMember(text []byte, t *Value, member string) (Edit, bool) {
	if t.Kind != Table || t.Span.End <= t.Span.Start {
		return Edit{}, false
	}
	sep := ""
	if len(t.Fields) > 0 {
		sep = ","
	}
	pos := t.Span.Start + 1
	return Edit{Start: pos, End: pos, NewText: "\n  " + member + sep}, true
}

// nextLineStart returns the offset just past the line break that ends the line
// containing pos (or the end of the text).
func nextLineStart(text []byte, pos int) int {
	if i := bytes.IndexByte(text[pos:], '\n'); i >= 0 {
		return pos + i + 1
	}
	return len(text)
}

// insertLine inserts a line at a line start; at the end of a text without
// a final newline it adds the missing one first.
func insertLine(text []byte, pos int, line string) Edit {
	if pos == len(text) && pos > 0 && text[pos-1] != '\n' {
		line = "\n" + line
	}
	return Edit{Start: pos, End: pos, NewText: line}
}

// indentOf returns the leading whitespace of the line containing pos.
func indentOf(text []byte, pos int) string {
	ls := bytes.LastIndexByte(text[:pos], '\n') + 1
	i := ls
	for i < len(text) && (text[i] == ' ' || text[i] == '\t') {
		i++
	}
	return string(text[ls:i])
}

func isSpace(c byte) bool { return c == ' ' || c == '\t' || c == '\n' || c == '\r' }
