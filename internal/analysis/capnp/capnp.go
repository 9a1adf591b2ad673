// Package capnp reads the Cap'n Proto text that workerd configurations
// are written in (config.capnp, *.wd-test): `using` and `import`
// statements, constants with struct, list, string, number, identifier,
// constant-reference, `embed` and `import` values, and the `%NAME`
// template placeholders that build rules substitute before workerd sees
// the file. Every value keeps its byte span so findings can point into
// the file.
//
// Schema declarations (`struct`, `enum`, `interface`, `annotation`) are
// skipped, not interpreted: a configuration only needs the values.
//
// The reader is meant for untrusted input: one pass over the text,
// nesting bounded by MaxDepth, errors recorded with their position and
// never panics.
package capnp

import (
	"fmt"
	"strconv"
	"strings"
)

// MaxDepth bounds the nesting of struct and list values. workerd's own
// configurations nest fewer than ten levels.
const MaxDepth = 64

// maxErrors bounds the errors kept for one file.
const maxErrors = 20

// Span is a byte range [Start, End) in the text.
type Span struct {
	Start int
	End   int
}

// Kind is the type of a value.
type Kind int

const (
	// Struct is `( field = value, ... )`; `()` is an empty struct (also
	// how a Void union member is set).
	Struct Kind = iota + 1
	// List is `[ value, ... ]`.
	List
	// String is a quoted string; Text holds it decoded.
	String
	// Number is an integer or float literal, Text as written.
	Number
	// Ident is a bare name: an enumerant, true/false/void/inf/nan, or a
	// qualified name (`Workerd.Foo.bar`); Text holds it.
	Ident
	// Ref is a reference to a constant of this file: `.name` (Text is
	// "name"; a dotted path such as `.a.b` keeps its dots).
	Ref
	// Embed is `embed "path"`: the content of a file. Text is the path.
	Embed
	// Import is `import "path"` optionally followed by `.name`; Text is
	// the path and Member the name path ("" for none).
	Import
	// Placeholder is a `%NAME` (or `%NAME%`) template placeholder; Text
	// is NAME.
	Placeholder
	// Data is a `0x"..."` data literal; Text holds the hex digits.
	Data
)

func (k Kind) String() string {
	switch k {
	case Struct:
		return "struct"
	case List:
		return "list"
	case String:
		return "string"
	case Number:
		return "number"
	case Ident:
		return "identifier"
	case Ref:
		return "constant reference"
	case Embed:
		return "embed"
	case Import:
		return "import"
	case Placeholder:
		return "placeholder"
	case Data:
		return "data"
	}
	return "invalid"
}

// Value is a parsed value and where it was written.
type Value struct {
	Kind Kind
	// Span covers the value as written: a string with its quotes, a
	// struct from `(` to `)`, `embed "x"` from `embed`.
	Span   Span
	Text   string
	Member string   // Import only
	Fields []*Field // Struct fields in source order
	Items  []*Value // List elements
}

// Field is one `name = value` of a struct.
type Field struct {
	Name     string
	NameSpan Span
	// Span covers `name = value`.
	Span  Span
	Value *Value
}

// Const is a top-level `const name :Type = value;`.
type Const struct {
	Name     string
	NameSpan Span
	// Type is the type as written without spaces ("Workerd.Config",
	// "List(Text)").
	Type     string
	TypeSpan Span
	Value    *Value
	// Span covers the declaration from `const` to `;`.
	Span Span
}

// Using is a top-level `using [Name =] target;`.
type Using struct {
	Name     string // "" for `using import "...";`
	NameSpan Span
	Value    *Value // usually an Import
	Span     Span
}

// Error is a syntax error at a position.
type Error struct {
	Span    Span
	Message string
}

func (e *Error) Error() string { return e.Message }

// File is a parsed Cap'n Proto text file.
type File struct {
	Text   []byte
	Usings []*Using
	Consts []*Const
	// Errors are the syntax errors found, in order (at most 20). The
	// statements around an error are still read.
	Errors []*Error
	// Placeholders counts the %NAME placeholders: a file with any is a
	// template that a build step fills in (and may copy elsewhere).
	Placeholders int
}

// Const returns the constant named name, or nil.
func (f *File) Const(name string) *Const {
	for _, c := range f.Consts {
		if c.Name == name {
			return c
		}
	}
	return nil
}

// Using returns the `using Name = ...` alias named name, or nil.
func (f *File) Using(name string) *Using {
	for _, u := range f.Usings {
		if u.Name == name {
			return u
		}
	}
	return nil
}

// Resolve follows constant references (`.name`) to the value they name,
// within this file. It returns v itself when v is not a reference, and
// nil for a reference to a missing constant or a cycle.
func (f *File) Resolve(v *Value) *Value {
	for range len(f.Consts) + 1 {
		if v == nil || v.Kind != Ref {
			return v
		}
		c := f.Const(v.Text)
		if c == nil {
			return nil
		}
		v = c.Value
	}
	return nil // a cycle of references
}

// Field returns the struct field named name, or nil.
func (v *Value) Field(name string) *Field {
	if v == nil || v.Kind != Struct {
		return nil
	}
	for _, f := range v.Fields {
		if f.Name == name {
			return f
		}
	}
	return nil
}

// Get returns the value of the struct field named name, or nil.
func (v *Value) Get(name string) *Value {
	if f := v.Field(name); f != nil {
		return f.Value
	}
	return nil
}

// Str returns the string value and whether v is a string.
func (v *Value) Str() (string, bool) {
	if v == nil || v.Kind != String {
		return "", false
	}
	return v.Text, true
}

// Parse reads Cap'n Proto text. It never fails: syntax errors are kept in
// File.Errors with their positions, and the statements around them are
// still read.
func Parse(text []byte) *File {
	p := &parser{lx: lexer{src: text}, file: &File{Text: text}}
	p.next()
	for p.tok.kind != tEOF {
		start := p.tok.span.Start
		if err := p.statement(); err != nil {
			p.fail(err)
			p.recover()
		}
		if p.tok.span.Start == start && p.tok.kind != tEOF {
			p.next() // never loop on one token
		}
	}
	return p.file
}

type parser struct {
	lx    lexer
	tok   token
	file  *File
	depth int
	// errDepth is the nesting depth where the last error happened, for
	// recovery.
	errDepth int
}

func (p *parser) next() { p.tok = p.lx.next() }

func (p *parser) fail(err *Error) {
	if len(p.file.Errors) < maxErrors {
		p.file.Errors = append(p.file.Errors, err)
	}
}

func (p *parser) errorf(span Span, format string, args ...any) *Error {
	p.errDepth = p.depth
	return &Error{Span: span, Message: fmt.Sprintf(format, args...)}
}

// recover skips to the end of the statement the error happened in: the
// next `;` outside the brackets open at the error, or a `const` or
// `using` that starts a line (an unclosed bracket must not swallow the
// rest of the file).
func (p *parser) recover() {
	depth := p.errDepth
	p.depth = 0
	for p.tok.kind != tEOF {
		switch p.tok.kind {
		case tIdent:
			if (p.tok.text == "const" || p.tok.text == "using") && p.startsLine(p.tok.span.Start) {
				return
			}
		case tPunct:
			switch p.tok.text {
			case "(", "[", "{":
				depth++
			case ")", "]", "}":
				depth = max(0, depth-1)
			case ";":
				if depth == 0 {
					p.next()
					return
				}
			}
		}
		p.next()
	}
}

// startsLine reports whether only spaces precede offset on its line.
func (p *parser) startsLine(offset int) bool {
	for i := offset - 1; i >= 0; i-- {
		switch p.lx.src[i] {
		case '\n':
			return true
		case ' ', '\t', '\r':
		default:
			return false
		}
	}
	return true
}

func (p *parser) isPunct(s string) bool { return p.tok.kind == tPunct && p.tok.text == s }

func (p *parser) isWord(s string) bool { return p.tok.kind == tIdent && p.tok.text == s }

func (p *parser) expect(s string) (Span, *Error) {
	if !p.isPunct(s) {
		return Span{}, p.errorf(p.tok.span, "expected %q, found %s", s, p.tok.describe())
	}
	sp := p.tok.span
	p.next()
	return sp, nil
}

// statement reads one top-level statement.
func (p *parser) statement() *Error {
	switch {
	case p.tok.kind == tError:
		return p.errorf(p.tok.span, "%s", p.tok.text)
	case p.isPunct(";"):
		p.next()
		return nil
	case p.isPunct("@"):
		return p.fileID()
	case p.isWord("using"):
		return p.using()
	case p.isWord("const"):
		return p.constant()
	case p.tok.kind == tIdent, p.isPunct("$"):
		return p.skipDeclaration()
	}
	return p.errorf(p.tok.span, "expected a declaration, found %s", p.tok.describe())
}

// fileID reads `@0x...;`.
func (p *parser) fileID() *Error {
	p.next()
	if p.tok.kind != tNumber {
		return p.errorf(p.tok.span, "expected a file ID after '@', found %s", p.tok.describe())
	}
	p.next()
	_, err := p.expect(";")
	return err
}

func (p *parser) using() *Error {
	start := p.tok.span.Start
	p.next()
	u := &Using{}
	if p.tok.kind == tIdent && p.tok.text != "import" {
		u.Name, u.NameSpan = p.tok.text, p.tok.span
		p.next()
		if _, err := p.expect("="); err != nil {
			return err
		}
	}
	v, err := p.value()
	if err != nil {
		return err
	}
	u.Value = v
	end, err := p.expect(";")
	if err != nil {
		return err
	}
	u.Span = Span{start, end.End}
	p.file.Usings = append(p.file.Usings, u)
	return nil
}

func (p *parser) constant() *Error {
	start := p.tok.span.Start
	p.next()
	if p.tok.kind != tIdent {
		return p.errorf(p.tok.span, "expected a constant name, found %s", p.tok.describe())
	}
	c := &Const{Name: p.tok.text, NameSpan: p.tok.span}
	p.next()
	if _, err := p.expect(":"); err != nil {
		return err
	}
	typ, span, err := p.typeExpr()
	if err != nil {
		return err
	}
	c.Type, c.TypeSpan = typ, span
	if _, err := p.expect("="); err != nil {
		return err
	}
	if c.Value, err = p.value(); err != nil {
		return err
	}
	end, err := p.expect(";")
	if err != nil {
		return err
	}
	c.Span = Span{start, end.End}
	p.file.Consts = append(p.file.Consts, c)
	return nil
}

// typeExpr reads a type: a dotted name with optional generic parameters
// in parentheses (`List(Text)`), returned without spaces.
func (p *parser) typeExpr() (string, Span, *Error) {
	if p.tok.kind != tIdent && !p.isPunct(".") {
		return "", Span{}, p.errorf(p.tok.span, "expected a type, found %s", p.tok.describe())
	}
	var b strings.Builder
	start, end := p.tok.span.Start, p.tok.span.End
	for p.tok.kind == tIdent || p.isPunct(".") {
		b.WriteString(p.tok.text)
		end = p.tok.span.End
		p.next()
	}
	if p.isPunct("(") {
		depth := 0
		for p.tok.kind != tEOF {
			switch {
			case p.isPunct("("):
				depth++
			case p.isPunct(")"):
				depth--
			case p.tok.kind == tError:
				return "", Span{}, p.errorf(p.tok.span, "%s", p.tok.text)
			case p.isPunct(";"), p.isPunct("="):
				return "", Span{}, p.errorf(p.tok.span, "unclosed '(' in type")
			}
			b.WriteString(p.tok.text)
			end = p.tok.span.End
			p.next()
			if depth == 0 {
				break
			}
		}
	}
	return b.String(), Span{start, end}, nil
}

// skipDeclaration passes over a schema declaration (`struct Foo {...}`,
// `annotation foo(...) :Text;`, …): up to its `;` or its closing brace.
func (p *parser) skipDeclaration() *Error {
	start, word := p.tok.span, p.tok.text
	depth := 0
	for p.tok.kind != tEOF {
		switch {
		case p.tok.kind == tError:
			return p.errorf(p.tok.span, "%s", p.tok.text)
		case p.isPunct("(") || p.isPunct("[") || p.isPunct("{"):
			depth++
		case p.isPunct(")") || p.isPunct("]"):
			depth = max(0, depth-1)
		case p.isPunct("}"):
			depth = max(0, depth-1)
			if depth == 0 {
				p.next()
				return nil
			}
		case p.isPunct(";") && depth == 0:
			p.next()
			return nil
		}
		p.next()
	}
	return &Error{Span: start, Message: fmt.Sprintf("declaration %q is not terminated", word)}
}

// value reads one value.
func (p *parser) value() (*Value, *Error) {
	t := p.tok
	switch t.kind {
	case tError:
		return nil, p.errorf(t.span, "%s", t.text)
	case tString:
		p.next()
		v := &Value{Kind: String, Span: t.span, Text: t.text}
		// Adjacent strings are one string (workerd's tests split inline
		// modules over lines this way).
		for p.tok.kind == tString {
			v.Text += p.tok.text
			v.Span.End = p.tok.span.End
			p.next()
		}
		return v, nil
	case tData:
		p.next()
		return &Value{Kind: Data, Span: t.span, Text: t.text}, nil
	case tNumber:
		p.next()
		return &Value{Kind: Number, Span: t.span, Text: t.text}, nil
	case tPlaceholder:
		p.next()
		p.file.Placeholders++
		return &Value{Kind: Placeholder, Span: t.span, Text: t.text}, nil
	case tIdent:
		switch t.text {
		case "embed":
			return p.embedOrImport(Embed)
		case "import":
			return p.embedOrImport(Import)
		}
		name, span := p.dotted()
		return &Value{Kind: Ident, Span: span, Text: name}, nil
	case tPunct:
		switch t.text {
		case "(":
			return p.structValue()
		case "[":
			return p.listValue()
		case ".":
			p.next()
			if p.tok.kind != tIdent {
				return nil, p.errorf(p.tok.span, "expected a constant name after '.', found %s", p.tok.describe())
			}
			name, span := p.dotted()
			return &Value{Kind: Ref, Span: Span{t.span.Start, span.End}, Text: name}, nil
		case "-":
			p.next()
			if p.tok.kind != tNumber && !p.isWord("inf") {
				return nil, p.errorf(p.tok.span, "expected a number after '-', found %s", p.tok.describe())
			}
			n := p.tok
			p.next()
			return &Value{Kind: Number, Span: Span{t.span.Start, n.span.End}, Text: "-" + n.text}, nil
		}
	}
	return nil, p.errorf(t.span, "expected a value, found %s", t.describe())
}

// dotted reads `a.b.c` starting at an identifier.
func (p *parser) dotted() (string, Span) {
	start, end := p.tok.span.Start, p.tok.span.End
	var b strings.Builder
	b.WriteString(p.tok.text)
	p.next()
	for p.isPunct(".") {
		dot := p.tok
		p.next()
		if p.tok.kind != tIdent {
			// A trailing dot is left for the caller to reject.
			p.tok = dot
			p.lx.pos = dot.span.End
			break
		}
		b.WriteByte('.')
		b.WriteString(p.tok.text)
		end = p.tok.span.End
		p.next()
	}
	return b.String(), Span{start, end}
}

func (p *parser) embedOrImport(kind Kind) (*Value, *Error) {
	start := p.tok.span.Start
	word := p.tok.text
	p.next()
	if p.tok.kind != tString {
		return nil, p.errorf(p.tok.span, "expected a file name after %q, found %s", word, p.tok.describe())
	}
	v := &Value{Kind: kind, Span: Span{start, p.tok.span.End}, Text: p.tok.text}
	p.next()
	if kind == Import && p.isPunct(".") {
		p.next()
		if p.tok.kind != tIdent {
			return nil, p.errorf(p.tok.span, "expected a name after '.', found %s", p.tok.describe())
		}
		name, span := p.dotted()
		v.Member, v.Span.End = name, span.End
	}
	return v, nil
}

func (p *parser) enter(span Span) *Error {
	if p.depth >= MaxDepth {
		return p.errorf(span, "values nested deeper than %d levels", MaxDepth)
	}
	p.depth++
	return nil
}

// structValue reads `( name = value, ... )`.
func (p *parser) structValue() (*Value, *Error) {
	open := p.tok.span
	if err := p.enter(open); err != nil {
		return nil, err
	}
	p.next()
	v := &Value{Kind: Struct}
	for !p.isPunct(")") {
		if p.tok.kind != tIdent {
			return nil, p.errorf(p.tok.span, "expected a field name or ')', found %s", p.tok.describe())
		}
		f := &Field{Name: p.tok.text, NameSpan: p.tok.span}
		p.next()
		if _, err := p.expect("="); err != nil {
			return nil, err
		}
		val, err := p.value()
		if err != nil {
			return nil, err
		}
		f.Value, f.Span = val, Span{f.NameSpan.Start, val.Span.End}
		v.Fields = append(v.Fields, f)
		if p.isPunct(",") {
			p.next()
		} else if !p.isPunct(")") {
			return nil, p.errorf(p.tok.span, "expected ',' or ')' after field %q, found %s", f.Name, p.tok.describe())
		}
	}
	v.Span = Span{open.Start, p.tok.span.End}
	p.next()
	p.depth--
	return v, nil
}

// listValue reads `[ value, ... ]`.
func (p *parser) listValue() (*Value, *Error) {
	open := p.tok.span
	if err := p.enter(open); err != nil {
		return nil, err
	}
	p.next()
	v := &Value{Kind: List}
	for !p.isPunct("]") {
		item, err := p.value()
		if err != nil {
			return nil, err
		}
		v.Items = append(v.Items, item)
		if p.isPunct(",") {
			p.next()
		} else if !p.isPunct("]") {
			return nil, p.errorf(p.tok.span, "expected ',' or ']' in list, found %s", p.tok.describe())
		}
	}
	v.Span = Span{open.Start, p.tok.span.End}
	p.next()
	p.depth--
	return v, nil
}

// Unquote decodes the body of a string literal (without its quotes)
// using Cap'n Proto's C-style escapes. It reports false for a malformed
// escape.
func Unquote(body string) (string, bool) {
	if !strings.Contains(body, `\`) {
		return body, true
	}
	var b strings.Builder
	for i := 0; i < len(body); i++ {
		c := body[i]
		if c != '\\' {
			b.WriteByte(c)
			continue
		}
		i++
		if i >= len(body) {
			return "", false
		}
		switch e := body[i]; e {
		case 'a':
			b.WriteByte('\a')
		case 'b':
			b.WriteByte('\b')
		case 'f':
			b.WriteByte('\f')
		case 'n':
			b.WriteByte('\n')
		case 'r':
			b.WriteByte('\r')
		case 't':
			b.WriteByte('\t')
		case 'v':
			b.WriteByte('\v')
		case '\\', '\'', '"', '?':
			b.WriteByte(e)
		case 'x':
			j := i + 1
			for j < len(body) && j < i+3 && isHex(body[j]) {
				j++
			}
			if j == i+1 {
				return "", false
			}
			n, _ := strconv.ParseUint(body[i+1:j], 16, 8)
			b.WriteByte(byte(n))
			i = j - 1
		case '0', '1', '2', '3', '4', '5', '6', '7':
			j := i
			for j < len(body) && j < i+3 && body[j] >= '0' && body[j] <= '7' {
				j++
			}
			n, _ := strconv.ParseUint(body[i:j], 8, 16)
			b.WriteByte(byte(n))
			i = j - 1
		default:
			return "", false
		}
	}
	return b.String(), true
}

func isHex(c byte) bool {
	return c >= '0' && c <= '9' || c >= 'a' && c <= 'f' || c >= 'A' && c <= 'F'
}
