package config

import (
	"strings"
	"sync"
)

// Span is a byte range [Start, End) in a config file.
type Span struct {
	Start int
	End   int
}

// IsZero reports whether the span is unset.
func (s Span) IsZero() bool { return s.Start == 0 && s.End == 0 }

// Kind is the type of a config value.
type Kind int

const (
	String Kind = iota + 1
	Bool
	Number // integers and floats, kept as written
	Date   // TOML dates and times, kept as written
	Null   // JSON null
	Array
	Table // TOML table or JSON object
)

func (k Kind) String() string {
	switch k {
	case String:
		return "string"
	case Bool:
		return "boolean"
	case Number:
		return "number"
	case Date:
		return "date"
	case Null:
		return "null"
	case Array:
		return "array"
	case Table:
		return "table"
	}
	return "invalid"
}

// Value is a parsed TOML or JSON value that remembers where it was
// written. TOML and JSONC files share this tree so the wrangler reader
// does not care about the format.
type Value struct {
	Kind Kind
	// Span covers the value as written: a string with its quotes, an
	// array from `[` to `]`. A TOML table built from `[section]` headers
	// spans from its first header to the end of its last entry; the
	// document root spans the whole file.
	Span Span
	// Text is the decoded string, or the literal of a number, date or
	// boolean.
	Text   string
	Items  []*Value // Array elements
	Fields []*Field // Table entries in source order
}

// Field is one key of a table.
type Field struct {
	Key     string
	KeySpan Span // the key as written (the last part of a dotted key)
	// Span covers the whole entry: `key = value`, `"key": value`, or a
	// `[[array.table]]` element from its header to its last entry.
	Span  Span
	Value *Value
}

// Field returns the entry named key of a table, or nil.
func (v *Value) Field(key string) *Field {
	if v == nil || v.Kind != Table {
		return nil
	}
	for _, f := range v.Fields {
		if f.Key == key {
			return f
		}
	}
	return nil
}

// Get follows a path of keys through nested tables; nil when any step is
// missing or not a table.
func (v *Value) Get(path ...string) *Value {
	for _, key := range path {
		f := v.Field(key)
		if f == nil {
			return nil
		}
		v = f.Value
	}
	return v
}

// Str returns the string value, and whether v is a string.
func (v *Value) Str() (string, bool) {
	if v == nil || v.Kind != String {
		return "", false
	}
	return v.Text, true
}

// Boolean returns the boolean value, and whether v is a boolean.
func (v *Value) Boolean() (bool, bool) {
	if v == nil || v.Kind != Bool {
		return false, false
	}
	return v.Text == "true", true
}

// Strings returns the string elements of an array (others are skipped).
func (v *Value) Strings() []*Value {
	if v == nil || v.Kind != Array {
		return nil
	}
	out := make([]*Value, 0, len(v.Items))
	for _, it := range v.Items {
		if it.Kind == String {
			out = append(out, it)
		}
	}
	return out
}

// Format is the syntax of a config file.
type Format int

const (
	TOML Format = iota + 1
	JSONC
	JSON
)

func (f Format) String() string {
	switch f {
	case TOML:
		return "toml"
	case JSONC:
		return "jsonc"
	case JSON:
		return "json"
	}
	return "unknown"
}

// FormatOf guesses a file's format from its name.
func FormatOf(path string) Format {
	switch {
	case strings.HasSuffix(path, ".toml"):
		return TOML
	case strings.HasSuffix(path, ".jsonc"):
		return JSONC
	case strings.HasSuffix(path, ".json"):
		return JSON
	}
	return 0
}

// ParseError is a syntax error at a position in a file.
type ParseError struct {
	Span    Span
	Message string
}

func (e *ParseError) Error() string { return e.Message }

// File is one parsed config file.
type File struct {
	Path   string // absolute path
	Text   []byte
	Format Format
	// Root is the document (a Table); nil when Err is set.
	Root *Value
	// Err is the first syntax error, if any.
	Err *ParseError

	lines lineIndex

	// outside memoises mainOutside per main value: every config rule and
	// environment reads the Worker, and resolving main's symlinks stats
	// each folder of its path.
	outsideMu sync.Mutex
	outside   map[string]error
}

// ParseFile parses text in the given format. It never panics: a syntax
// error is recorded in File.Err with its position.
func ParseFile(path string, text []byte, format Format) *File {
	f := &File{Path: path, Text: text, Format: format}
	src := withoutBOM(text)
	err := checkNesting(src, format)
	switch {
	case err != nil:
	case format == TOML:
		f.Root, err = parseTOML(src)
	default:
		f.Root, err = parseJSON(src)
	}
	if err != nil {
		f.Root, f.Err = nil, err
	}
	return f
}

// withoutBOM returns text with a leading UTF-8 byte order mark blanked
// to spaces (which TOML and JSON skip), so spans stay offsets into text.
// Editors write the mark and wrangler reads past it; it is not a syntax
// error.
func withoutBOM(text []byte) []byte {
	if len(text) < 3 || text[0] != 0xEF || text[1] != 0xBB || text[2] != 0xBF {
		return text
	}
	src := make([]byte, len(text))
	copy(src, text)
	src[0], src[1], src[2] = ' ', ' ', ' '
	return src
}

// Hit is what sits at an offset of a config file.
type Hit struct {
	// Path is the chain of keys from the document root to the innermost
	// entry containing the offset (array elements add no key):
	// ["env", "production", "compatibility_flags"].
	Path []string
	// Field is that entry; OnKey is true when the offset is on its key.
	Field *Field
	OnKey bool
	// Value is the innermost value containing the offset (an array
	// element such as one compatibility flag), or nil on a key.
	Value *Value
}

// Locate finds the entry and value at a byte offset, for hovers,
// completion and go-to-definition in config files. ok is false when the
// offset is outside every entry or the file did not parse.
func (f *File) Locate(offset int) (Hit, bool) {
	if f == nil || f.Root == nil {
		return Hit{}, false
	}
	var h Hit
	found := false
	var walk func(v *Value, path []string)
	walk = func(v *Value, path []string) {
		for _, fl := range v.Fields {
			inKey := offset >= fl.KeySpan.Start && offset <= fl.KeySpan.End
			inValue := offset >= fl.Value.Span.Start && offset <= fl.Value.Span.End
			if !inKey && !inValue {
				continue
			}
			p := append(append([]string(nil), path...), fl.Key)
			h, found = Hit{Path: p, Field: fl, OnKey: inKey && !inValue}, true
			if inValue {
				h.Value = fl.Value
				descend(fl.Value, offset, p, &h, walk)
			}
			return
		}
	}
	walk(f.Root, nil)
	return h, found
}

// descend narrows a hit into the array elements and nested tables of v.
func descend(v *Value, offset int, path []string, h *Hit, walk func(*Value, []string)) {
	switch v.Kind {
	case Table:
		walk(v, path)
	case Array:
		for _, it := range v.Items {
			if offset >= it.Span.Start && offset <= it.Span.End {
				h.Value = it
				descend(it, offset, path, h, walk)
				return
			}
		}
	}
}
