package lookup

import (
	"bytes"
	"github.com/pyworkers/pyworkers-lsp/internal/analysis/syntax"
)

// Slot is where a completion goes: the partially typed word [Start, End)
// that a chosen item replaces.
type Slot struct {
	Start, End int
	// Quoted is set in config files when the word sits inside a string
	// already (the item is inserted without quotes).
	Quoted bool
	// Listed holds the other flags already in a compatibility_flags array.
	Listed []string
}

// EnvAttributeAt reports whether offset follows `env.` or `self.env.`
// (or `workers.env.`) in code, possibly with part of a name typed: then
// binding names complete there. The text may not parse: completion runs
// while the user types.
func EnvAttributeAt(f *File, offset int) (Slot, bool) {
	text := f.Text
	if offset < 0 || offset > len(text) {
		return Slot{}, false
	}
	start := offset
	for start > 0 && isIdentByte(text[start-1]) {
		start--
	}
	if start == 0 || text[start-1] != '.' {
		return Slot{}, false
	}
	dot := start - 1
	chainStart := dot
	for chainStart > 0 && (isIdentByte(text[chainStart-1]) || text[chainStart-1] == '.') {
		chainStart--
	}
	switch chain := string(text[chainStart:dot]); chain {
	case "env", "self.env":
	default:
		if q := f.Module.QualifyDotted(chain); q != "workers.env" && q != "cloudflare.workers.env" {
			return Slot{}, false
		}
	}
	if !f.inCode(dot) {
		return Slot{}, false
	}
	end := offset
	for end < len(text) && isIdentByte(text[end]) {
		end++
	}
	return Slot{Start: start, End: end}, true
}

// inCode reports whether offset is code, not inside a string or comment.
func (f *File) inCode(offset int) bool {
	i := f.unitAt(offset)
	if i < 0 {
		return true // between units: whitespace or an unparsed tail
	}
	n := deepest(f.Units[i].Flatten(f.Text).Root(), offset)
	for ; !n.IsZero(); n = n.Parent() {
		switch n.Type() {
		case syntax.TypeComment, syntax.TypeStringContent, syntax.TypeStringStart, syntax.TypeStringEnd, syntax.TypeEscapeSequence:
			return false
		case syntax.TypeInterpolation:
			return true
		}
	}
	return true
}

// FlagsKey is the config key whose array lists compatibility flags.
const FlagsKey = "compatibility_flags"

// FlagAt reports whether offset is inside the compatibility_flags array
// of a wrangler config (TOML or JSONC), where flag names complete. It
// reads the text, not a parse: the file is usually incomplete while the
// user types a flag.
func FlagAt(text []byte, offset int) (Slot, bool) {
	if offset < 0 || offset > len(text) {
		return Slot{}, false
	}
	start := offset
	for start > 0 && isFlagByte(text[start-1]) {
		start--
	}
	quoted := start > 0 && (text[start-1] == '"' || text[start-1] == '\'')
	lineStart := bytes.LastIndexByte(text[:start], '\n') + 1
	if line := text[lineStart:start]; bytes.IndexByte(line, '#') >= 0 || bytes.Contains(line, []byte("//")) {
		return Slot{}, false // in a comment
	}
	key := bytes.LastIndex(text[:start], []byte(FlagsKey))
	if key < 0 {
		return Slot{}, false
	}
	// Between the key and the word: an optional closing quote, `=` or
	// `:`, then `[` and no `]`.
	rest := bytes.TrimLeft(text[key+len(FlagsKey):start], "\"' \t")
	if len(rest) == 0 || (rest[0] != '=' && rest[0] != ':') {
		return Slot{}, false
	}
	rest = bytes.TrimLeft(rest[1:], " \t\r\n")
	if len(rest) == 0 || rest[0] != '[' || bytes.IndexByte(rest, ']') >= 0 {
		return Slot{}, false
	}
	end := offset
	for end < len(text) && isFlagByte(text[end]) {
		end++
	}
	// The rest of the array: to its `]`, or to the end of the line while
	// it is not closed yet.
	after := text[end:]
	if i := bytes.IndexByte(after, ']'); i >= 0 {
		after = after[:i]
	} else if i := bytes.IndexByte(after, '\n'); i >= 0 {
		after = after[:i]
	}
	listed := append(quotedWords(rest[1:]), quotedWords(after)...)
	return Slot{Start: start, End: end, Quoted: quoted, Listed: listed}, true
}

// quotedWords returns the flag-like words in quotes in b.
func quotedWords(b []byte) []string {
	var out []string
	for i := 0; i < len(b); i++ {
		if b[i] != '"' && b[i] != '\'' {
			continue
		}
		j := i + 1
		for j < len(b) && isFlagByte(b[j]) {
			j++
		}
		if j < len(b) && b[j] == b[i] && j > i+1 {
			out = append(out, string(b[i+1:j]))
		}
		i = j
	}
	return out
}

func isFlagByte(c byte) bool {
	return c == '_' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9'
}
