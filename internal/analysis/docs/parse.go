package docs

import (
	"bufio"
	"errors"
	"fmt"
	"io/fs"
	"maps"
	"path"
	"regexp"
	"slices"
	"sort"
	"strings"

	"github.com/pyworkers/pyworkers-lsp/internal/analysis/profile"
)

// entry is one parsed documentation entry, not yet specialised.
type entry struct {
	key       string
	aliases   []string
	title     string
	signature string
	// available is nil when the symbol exists on every runtime.
	available *cond
	instead   string // what to use where unavailable (markdown)
	body      []segment
	file      string
	line      int
}

// segment is a run of body lines, kept or dropped as a whole.
type segment struct {
	text string
	// when is nil for unconditional text.
	when *cond
	// otherwise marks the <!-- else --> half: kept when `when` fails.
	otherwise bool
}

// cond is a condition on the profile: every term must hold.
type cond struct {
	src string // as written, for error messages
	// runtimes lists the generations the condition admits; nil admits all.
	runtimes []profile.Generation
	sdk      string // "", "wrapped", "raw", "external", "builtin"
	flag     string // "" for none
	flagOn   bool   // false for "flag: !name"
}

// generations lists the runtime lines, oldest first.
var generations = []profile.Generation{profile.Pyodide026, profile.Pyodide028, profile.Pyodide314}

var sdkStates = map[string]bool{"wrapped": true, "raw": true, "external": true, "builtin": true}

// parseCond reads `runtime: 0.26, 314; sdk: raw; flag: !name`.
func parseCond(s string) (*cond, error) {
	c := &cond{src: s}
	for _, term := range strings.Split(s, ";") {
		name, value, ok := strings.Cut(term, ":")
		name, value = strings.TrimSpace(name), strings.TrimSpace(value)
		if !ok || value == "" {
			return nil, fmt.Errorf("condition term %q: want name: value", strings.TrimSpace(term))
		}
		switch name {
		case "runtime":
			if c.runtimes != nil {
				return nil, fmt.Errorf("condition %q: runtime given twice", s)
			}
			for _, v := range strings.Split(value, ",") {
				v = strings.TrimSpace(v)
				base, plus := strings.CutSuffix(v, "+")
				rt, err := profile.ParseRuntime(base)
				if err != nil {
					return nil, fmt.Errorf("condition %q: %w", s, err)
				}
				for _, g := range generations {
					if g == rt.Generation || (plus && g > rt.Generation) {
						c.runtimes = append(c.runtimes, g)
					}
				}
			}
		case "sdk":
			if c.sdk != "" || !sdkStates[value] {
				return nil, fmt.Errorf("condition %q: sdk is one of wrapped, raw, external, builtin, given once", s)
			}
			c.sdk = value
		case "flag":
			if c.flag != "" {
				return nil, fmt.Errorf("condition %q: flag given twice", s)
			}
			c.flag, c.flagOn = strings.TrimPrefix(value, "!"), !strings.HasPrefix(value, "!")
			if _, known := profile.LookupFlag(c.flag); !known {
				return nil, fmt.Errorf("condition %q: unknown compatibility flag %q", s, c.flag)
			}
		default:
			return nil, fmt.Errorf("condition %q: unknown term %q (want runtime, sdk or flag)", s, name)
		}
	}
	return c, nil
}

// holds reports whether the profile satisfies every term.
func (c *cond) holds(p *profile.Profile) bool {
	if c.runtimes != nil && !containsGen(c.runtimes, p.Runtime.Generation) {
		return false
	}
	switch c.sdk {
	case "wrapped":
		if !p.SDKWrapsBindings {
			return false
		}
	case "raw":
		if p.SDKWrapsBindings {
			return false
		}
	case "external":
		if !p.ExternalSDK {
			return false
		}
	case "builtin":
		if p.ExternalSDK {
			return false
		}
	}
	return c.flag == "" || p.Has(c.flag) == c.flagOn
}

func containsGen(gs []profile.Generation, g profile.Generation) bool {
	for _, x := range gs {
		if x == g {
			return true
		}
	}
	return false
}

// label describes the condition in words ("on Pyodide 0.28, 314, with
// raw JS bindings"), for renderings that are not specialised. It is
// shown in italics, so it holds no code spans.
func (c *cond) label() string {
	var parts []string
	if c.runtimes != nil {
		var names []string
		for _, g := range c.runtimes {
			names = append(names, shortRuntime(g))
		}
		parts = append(parts, "on Pyodide "+strings.Join(names, ", "))
	}
	switch c.sdk {
	case "wrapped":
		parts = append(parts, "with workers-runtime-sdk ≥ 1.3 (env wrapped)")
	case "raw":
		parts = append(parts, "with raw JS bindings (built-in SDK, SDK < 1.3, or js imports)")
	case "external":
		parts = append(parts, "with the vendored workers-runtime-sdk")
	case "builtin":
		parts = append(parts, "with the runtime's built-in workers module")
	}
	if c.flag != "" {
		if c.flagOn {
			parts = append(parts, "with "+c.flag+" in effect")
		} else {
			parts = append(parts, "without "+c.flag)
		}
	}
	return strings.Join(parts, ", ")
}

func shortRuntime(g profile.Generation) string {
	rt := profile.RuntimeOf(g)
	if g == profile.Pyodide314 {
		return "314"
	}
	return rt.Pyodide[:strings.LastIndex(rt.Pyodide, ".")]
}

// index holds every entry of the embedded content, by lookup key.
type index struct {
	symbols    map[string]*entry // keys and aliases
	kinds      map[string]*entry // binding kinds and aliases
	symbolKeys []string          // sorted
	kindKeys   []string          // sorted
}

// bindingFile reports whether a content file holds binding kinds rather
// than Python symbols.
func bindingFile(name string) bool { return strings.HasPrefix(path.Base(name), "bindings") }

// parseFS reads every content/*.md file of fsys.
func parseFS(fsys fs.FS) (*index, error) {
	names, err := fs.Glob(fsys, "content/*.md")
	if err != nil {
		return nil, fmt.Errorf("listing docs content: %w", err)
	}
	if len(names) == 0 {
		return nil, errors.New("no docs content found")
	}
	sort.Strings(names)
	idx := &index{symbols: map[string]*entry{}, kinds: map[string]*entry{}}
	var errs []error
	for _, name := range names {
		data, err := fs.ReadFile(fsys, name)
		if err != nil {
			errs = append(errs, fmt.Errorf("reading %s: %w", name, err))
			continue
		}
		entries, err := parseFile(name, string(data))
		if err != nil {
			errs = append(errs, err)
			continue
		}
		table := idx.symbols
		if bindingFile(name) {
			table = idx.kinds
		}
		for _, e := range entries {
			for _, k := range append([]string{e.key}, e.aliases...) {
				if prev, dup := table[k]; dup {
					errs = append(errs, fmt.Errorf("%s:%d: duplicate key %q (first at %s:%d)", e.file, e.line, k, prev.file, prev.line))
					continue
				}
				table[k] = e
			}
		}
	}
	if len(errs) > 0 {
		return nil, errors.Join(errs...)
	}
	idx.symbolKeys = slices.Sorted(maps.Keys(idx.symbols))
	idx.kindKeys = slices.Sorted(maps.Keys(idx.kinds))
	return idx, nil
}

var (
	keyPattern    = regexp.MustCompile(`^[A-Za-z_][A-Za-z0-9_]*(\.[A-Za-z_][A-Za-z0-9_]*)*(\.\*)?$`)
	markerPattern = regexp.MustCompile(`^<!--\s*(.*?)\s*-->$`)
)

// parseFile splits one content file into entries. See doc.go for the format.
func parseFile(name, text string) ([]*entry, error) {
	var (
		entries []*entry
		errs    []error
		cur     *entry
		inHead  bool
		inFence bool
		open    *segment // the conditional section being read
		buf     strings.Builder
		lineNo  int
	)
	fail := func(format string, args ...any) {
		errs = append(errs, fmt.Errorf("%s:%d: %s", name, lineNo, fmt.Sprintf(format, args...)))
	}
	flush := func(next segment) {
		if cur != nil && buf.Len() > 0 {
			seg := segment{text: buf.String()}
			if open != nil {
				seg.when, seg.otherwise = open.when, open.otherwise
			}
			cur.body = append(cur.body, seg)
		}
		buf.Reset()
		if next.when != nil {
			open = &next
		} else {
			open = nil
		}
	}
	finish := func() {
		if cur == nil {
			return
		}
		if inFence {
			fail("entry %q: unterminated code fence", cur.key)
		}
		if open != nil {
			fail("entry %q: unterminated section <!-- %s -->", cur.key, open.when.src)
		}
		flush(segment{})
		if cur.available != nil && cur.instead == "" {
			errs = append(errs, fmt.Errorf("%s:%d: entry %q: available: needs an instead: line", name, cur.line, cur.key))
		}
		if strings.TrimSpace(joinBody(cur.body)) == "" {
			errs = append(errs, fmt.Errorf("%s:%d: entry %q has no body", name, cur.line, cur.key))
		}
		entries = append(entries, cur)
		cur, inFence, open = nil, false, nil
	}

	sc := bufio.NewScanner(strings.NewReader(text))
	sc.Buffer(make([]byte, 0, 64*1024), 1<<20)
	for sc.Scan() {
		lineNo++
		line := strings.TrimRight(sc.Text(), " \t\r")
		trimmed := strings.TrimSpace(line)

		if !inFence && strings.HasPrefix(line, "# ") {
			finish()
			key := strings.TrimSpace(line[2:])
			if !keyPattern.MatchString(key) {
				fail("bad entry key %q", key)
			}
			cur = &entry{key: key, title: key, file: name, line: lineNo}
			inHead = true
			continue
		}
		if cur == nil {
			if trimmed != "" {
				fail("text before the first entry (entries start with a `# key` line)")
			}
			continue
		}
		if inHead {
			if trimmed == "" {
				inHead = false
				continue
			}
			field, value, ok := strings.Cut(line, ":")
			value = strings.TrimSpace(value)
			if !ok || value == "" {
				fail("entry %q: header line %q is not `field: value` (end the header with a blank line)", cur.key, line)
				continue
			}
			switch field {
			case "title":
				cur.title = value
			case "signature":
				cur.signature = value
			case "also":
				for _, a := range strings.Split(value, ",") {
					a = strings.TrimSpace(a)
					if !keyPattern.MatchString(a) {
						fail("entry %q: bad alias %q", cur.key, a)
					}
					cur.aliases = append(cur.aliases, a)
				}
			case "available":
				c, err := parseCond(value)
				if err != nil {
					fail("entry %q: %v", cur.key, err)
				}
				cur.available = c
			case "instead":
				cur.instead = value
			default:
				fail("entry %q: unknown header field %q", cur.key, field)
			}
			continue
		}
		if strings.HasPrefix(trimmed, "```") {
			inFence = !inFence
		}
		if !inFence && strings.Contains(line, "<!--") {
			m := markerPattern.FindStringSubmatch(trimmed)
			if m == nil {
				fail("entry %q: a marker must be a whole line: %q", cur.key, trimmed)
				continue
			}
			switch m[1] {
			case "end":
				if open == nil {
					fail("entry %q: <!-- end --> without an open section", cur.key)
					continue
				}
				flush(segment{})
			case "else":
				if open == nil || open.otherwise {
					fail("entry %q: <!-- else --> without an open section", cur.key)
					continue
				}
				flush(segment{when: open.when, otherwise: true})
			default:
				if open != nil {
					fail("entry %q: section <!-- %s --> opened inside <!-- %s --> (sections do not nest)", cur.key, m[1], open.when.src)
					continue
				}
				c, err := parseCond(m[1])
				if err != nil {
					fail("entry %q: %v", cur.key, err)
					continue
				}
				flush(segment{when: c})
			}
			continue
		}
		buf.WriteString(line)
		buf.WriteByte('\n')
	}
	if err := sc.Err(); err != nil {
		return nil, fmt.Errorf("%s: %w", name, err)
	}
	finish()
	if len(errs) > 0 {
		return nil, errors.Join(errs...)
	}
	return entries, nil
}

func joinBody(segs []segment) string {
	var b strings.Builder
	for _, s := range segs {
		b.WriteString(s.text)
	}
	return b.String()
}
