package config

import (
	"fmt"
	"strings"

	"github.com/pyworkers/pyworkers-lsp/internal/analysis/packages"
)

// PEP 508 environment markers ("sys_platform == 'win32' and
// python_version < '3.13'"), evaluated for the interpreter a Worker runs
// on. No Go module on the module proxy implements PEP 508 markers, so
// this is a small evaluator of its grammar, with PEP 751's
// `'name' in extras` / `'name' in dependency_groups` forms.
//
// Evaluation is three-valued: a variable the environment does not know
// (platform_release, or a misspelt name) makes its comparison Unknown,
// and Unknown propagates through and/or as in Kleene logic. Callers treat
// an Unknown edge as "may not be deployed" and report nothing through it.

// Truth is the value of a marker: True, False or Unknown.
type Truth int8

const (
	False Truth = iota
	True
	Unknown
)

func (t Truth) String() string {
	switch t {
	case True:
		return "true"
	case False:
		return "false"
	}
	return "unknown"
}

func truthOf(b bool) Truth {
	if b {
		return True
	}
	return False
}

func and(a, b Truth) Truth {
	switch {
	case a == False || b == False:
		return False
	case a == True && b == True:
		return True
	}
	return Unknown
}

func or(a, b Truth) Truth {
	switch {
	case a == True || b == True:
		return True
	case a == False && b == False:
		return False
	}
	return Unknown
}

// MarkerEnv is the environment markers are evaluated in. Vars holds the
// PEP 508 variables ("sys_platform" → "emscripten"); a variable missing
// from it is unknown. Extras are the extras being installed (normalised
// names; `extra == 'x'`), Groups the dependency groups (`'dev' in
// dependency_groups`).
type MarkerEnv struct {
	Vars   map[string]string
	Extras map[string]bool
	Groups map[string]bool
}

// versionVars are compared as PEP 440 versions when both sides parse.
var versionVars = map[string]bool{"python_version": true, "python_full_version": true, "implementation_version": true}

// legacyVars are the pre-PEP 508 spellings still found in old metadata.
var legacyVars = map[string]string{
	"os.name": "os_name", "sys.platform": "sys_platform", "platform.version": "platform_version",
	"platform.machine": "platform_machine", "platform.python_implementation": "platform_python_implementation",
	"python_implementation": "platform_python_implementation",
}

// Marker is a parsed marker expression.
type Marker struct {
	root markerNode
	text string
}

func (m *Marker) String() string { return m.text }

// ParseMarker parses a PEP 508 marker; the error says what was expected
// where.
func ParseMarker(s string) (*Marker, error) {
	p := &markerParser{toks: lexMarker(s)}
	n, err := p.or()
	if err != nil {
		return nil, err
	}
	if p.pos < len(p.toks) {
		return nil, fmt.Errorf("marker %q: unexpected %q", s, p.toks[p.pos].text)
	}
	return &Marker{root: n, text: s}, nil
}

// Eval evaluates the marker in env. A nil marker is True.
func (m *Marker) Eval(env *MarkerEnv) Truth {
	if m == nil {
		return True
	}
	return m.root.eval(env)
}

// EvalMarker parses and evaluates a marker; "" is True, and a marker
// that cannot be parsed is Unknown.
func EvalMarker(s string, env *MarkerEnv) Truth {
	if strings.TrimSpace(s) == "" {
		return True
	}
	m, err := ParseMarker(s)
	if err != nil {
		return Unknown
	}
	return m.Eval(env)
}

type markerNode interface{ eval(*MarkerEnv) Truth }

type andNode struct{ l, r markerNode }
type orNode struct{ l, r markerNode }
type cmpNode struct {
	op          string
	left, right operand
}

// operand is a variable name or a quoted string.
type operand struct {
	name  string // variable, "" for a literal
	value string
}

func (n andNode) eval(e *MarkerEnv) Truth { return and(n.l.eval(e), n.r.eval(e)) }
func (n orNode) eval(e *MarkerEnv) Truth  { return or(n.l.eval(e), n.r.eval(e)) }

func (n cmpNode) eval(e *MarkerEnv) Truth {
	// Set-valued variables (PEP 751): 'x' in extras.
	if set, ok := setVar(n.right.name, e); ok && (n.op == "in" || n.op == "not in") && n.left.name == "" {
		in := set[normalizeExtra(n.left.value)]
		return truthOf(in == (n.op == "in"))
	}
	// `extra == 'x'`: true when extra x is installed.
	if n.left.name == "extra" || n.right.name == "extra" {
		lit := n.right.value
		if n.right.name == "extra" {
			lit = n.left.value
		}
		in := e.Extras[normalizeExtra(lit)]
		switch n.op {
		case "==", "===":
			return truthOf(in)
		case "!=":
			return truthOf(!in)
		}
		return Unknown
	}
	l, lok := n.left.resolve(e)
	r, rok := n.right.resolve(e)
	if !lok || !rok {
		return Unknown
	}
	switch n.op {
	case "in":
		return truthOf(strings.Contains(r, l))
	case "not in":
		return truthOf(!strings.Contains(r, l))
	}
	if versionVars[n.left.name] || versionVars[n.right.name] {
		// Compare as versions: `python_version < '3.13'`, or the
		// reversed `'3.12' <= python_version`.
		subject, op, bound := l, n.op, r
		if n.left.name == "" {
			subject, op, bound = r, flip(n.op), l
		}
		if specs, ok := packages.ParseSpecifiers(op + bound); ok {
			if m, ok := packages.Matches(subject, specs); ok {
				return truthOf(m)
			}
		}
	}
	switch n.op {
	case "==", "===":
		return truthOf(l == r)
	case "!=":
		return truthOf(l != r)
	case "<":
		return truthOf(l < r)
	case "<=":
		return truthOf(l <= r)
	case ">":
		return truthOf(l > r)
	case ">=":
		return truthOf(l >= r)
	}
	return Unknown // ~= on a non-version
}

func flip(op string) string {
	switch op {
	case "<":
		return ">"
	case "<=":
		return ">="
	case ">":
		return "<"
	case ">=":
		return "<="
	}
	return op
}

func setVar(name string, e *MarkerEnv) (map[string]bool, bool) {
	switch name {
	case "extras":
		return e.Extras, true
	case "dependency_groups":
		return e.Groups, true
	}
	return nil, false
}

func (o operand) resolve(e *MarkerEnv) (string, bool) {
	if o.name == "" {
		return o.value, true
	}
	v, ok := e.Vars[o.name]
	return v, ok
}

// normalizeExtra is PEP 685 extra-name normalisation (as PEP 503).
func normalizeExtra(s string) string {
	var b strings.Builder
	dash := false
	for _, c := range strings.ToLower(strings.TrimSpace(s)) {
		if c == '-' || c == '_' || c == '.' {
			dash = true
			continue
		}
		if dash && b.Len() > 0 {
			b.WriteByte('-')
		}
		dash = false
		b.WriteRune(c)
	}
	return b.String()
}

type markerToken struct {
	kind byte // 'v' variable, 's' string, 'o' operator, '(' , ')', 'a' and, 'r' or
	text string
}

func lexMarker(s string) []markerToken {
	var toks []markerToken
	for i := 0; i < len(s); {
		c := s[i]
		switch {
		case c == ' ' || c == '\t' || c == '\n' || c == '\r':
			i++
		case c == '(' || c == ')':
			toks = append(toks, markerToken{c, string(c)})
			i++
		case c == '\'' || c == '"':
			j := strings.IndexByte(s[i+1:], c)
			if j < 0 {
				toks = append(toks, markerToken{'?', s[i:]})
				return toks
			}
			toks = append(toks, markerToken{'s', s[i+1 : i+1+j]})
			i += j + 2
		case strings.ContainsRune("<>=!~", rune(c)):
			j := i
			for j < len(s) && strings.ContainsRune("<>=!~", rune(s[j])) {
				j++
			}
			toks = append(toks, markerToken{'o', s[i:j]})
			i = j
		default:
			j := i
			for j < len(s) && (isWordByte(s[j])) {
				j++
			}
			if j == i {
				toks = append(toks, markerToken{'?', s[i : i+1]})
				i++
				continue
			}
			w := s[i:j]
			i = j
			switch w {
			case "and":
				toks = append(toks, markerToken{'a', w})
			case "or":
				toks = append(toks, markerToken{'r', w})
			case "in":
				toks = append(toks, markerToken{'o', w})
			case "not":
				toks = append(toks, markerToken{'n', w})
			default:
				toks = append(toks, markerToken{'v', w})
			}
		}
	}
	return toks
}

func isWordByte(c byte) bool {
	return c == '_' || c == '.' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9'
}

type markerParser struct {
	toks []markerToken
	pos  int
}

func (p *markerParser) peek() markerToken {
	if p.pos < len(p.toks) {
		return p.toks[p.pos]
	}
	return markerToken{}
}

func (p *markerParser) or() (markerNode, error) {
	l, err := p.and()
	if err != nil {
		return nil, err
	}
	for p.peek().kind == 'r' {
		p.pos++
		r, err := p.and()
		if err != nil {
			return nil, err
		}
		l = orNode{l, r}
	}
	return l, nil
}

func (p *markerParser) and() (markerNode, error) {
	l, err := p.atom()
	if err != nil {
		return nil, err
	}
	for p.peek().kind == 'a' {
		p.pos++
		r, err := p.atom()
		if err != nil {
			return nil, err
		}
		l = andNode{l, r}
	}
	return l, nil
}

func (p *markerParser) atom() (markerNode, error) {
	if p.peek().kind == '(' {
		p.pos++
		n, err := p.or()
		if err != nil {
			return nil, err
		}
		if p.peek().kind != ')' {
			return nil, fmt.Errorf("marker: expected ')'")
		}
		p.pos++
		return n, nil
	}
	left, err := p.operand()
	if err != nil {
		return nil, err
	}
	op := p.peek()
	switch {
	case op.kind == 'o' && op.text != "in":
		if !validOp(op.text) {
			return nil, fmt.Errorf("marker: unknown operator %q", op.text)
		}
		p.pos++
	case op.kind == 'o': // in
		p.pos++
	case op.kind == 'n':
		p.pos++
		if t := p.peek(); t.kind != 'o' || t.text != "in" {
			return nil, fmt.Errorf("marker: expected 'in' after 'not'")
		}
		p.pos++
		op.text = "not in"
	default:
		return nil, fmt.Errorf("marker: expected an operator, got %q", op.text)
	}
	right, err := p.operand()
	if err != nil {
		return nil, err
	}
	return cmpNode{op: op.text, left: left, right: right}, nil
}

func validOp(op string) bool {
	switch op {
	case "<", "<=", "==", "!=", ">=", ">", "~=", "===":
		return true
	}
	return false
}

func (p *markerParser) operand() (operand, error) {
	t := p.peek()
	switch t.kind {
	case 's':
		p.pos++
		return operand{value: t.text}, nil
	case 'v':
		p.pos++
		name := t.text
		if canon, ok := legacyVars[name]; ok {
			name = canon
		}
		return operand{name: name}, nil
	}
	return operand{}, fmt.Errorf("marker: expected a variable or a quoted string, got %q", t.text)
}

// PyodideMarkerEnv is the marker environment of a Worker's interpreter:
// CPython compiled for Emscripten. The values are those of the
// interpreter pywrangler resolves dependencies with
// (`cpython-<full>-emscripten-wasm32-musl`, workers-py
// packages/cli/src/pywrangler/utils.py get_uv_pyodide_interp_name, commit
// b00837d41fd4d6e8f475a2fe380ee6543344de23). platform_release and
// platform_version are left unknown.
func PyodideMarkerEnv(pythonFull string, extras []string) *MarkerEnv {
	short := pythonFull
	if parts := strings.SplitN(pythonFull, ".", 3); len(parts) == 3 {
		short = parts[0] + "." + parts[1]
	}
	env := &MarkerEnv{
		Vars: map[string]string{
			"os_name":                        "posix",
			"sys_platform":                   "emscripten",
			"platform_machine":               "wasm32",
			"platform_system":                "Emscripten",
			"platform_python_implementation": "CPython",
			"implementation_name":            "cpython",
			"implementation_version":         pythonFull,
			"python_version":                 short,
			"python_full_version":            pythonFull,
		},
		Extras: map[string]bool{},
		Groups: map[string]bool{},
	}
	for _, x := range extras {
		env.Extras[normalizeExtra(x)] = true
	}
	return env
}
