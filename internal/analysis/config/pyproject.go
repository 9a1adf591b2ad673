package config

import (
	"fmt"
	"regexp"
	"strings"

	"github.com/pyworkers/pyworkers-lsp/internal/analysis/packages"
)

// Pyproject is a parsed pyproject.toml.
type Pyproject struct {
	File *File
	// Name is [project] name.
	Name         string
	Dependencies []Requirement
	// DevDependencies are the requirements of [dependency-groups] (PEP
	// 735) and uv's [tool.uv] dev-dependencies: tools such as pywrangler
	// (workers-py), not deployed with the Worker.
	DevDependencies []Requirement
	// Optional are the extras of [project.optional-dependencies], by
	// normalised extra name.
	Optional map[string][]Requirement
	// HasPywranglerConfig is true when a [tool.pywrangler] table exists:
	// the project is built with pywrangler.
	HasPywranglerConfig bool
	// Settings is [tool.pyworkers-lsp]; nil when the section is absent.
	Settings *Settings
	Problems []Problem
}

// Requirement is one PEP 508 dependency string.
type Requirement struct {
	Name string // PEP 503 normalised distribution name
	// Extras are the requested extras, normalised ("standard").
	Extras []string
	// Specifier is the version specifier as written ("==6.0.2",
	// ">=2,<3"), "" for none or a URL requirement.
	Specifier string
	// Version is the exact version of an `==` pin, "" otherwise.
	Version string
	// Marker is the environment marker after `;`, "" for none.
	Marker string
	Raw    string // the requirement as written
	Span   Span   // the string value, quotes included
	// Group is the dependency group the requirement belongs to ("" for
	// [project] dependencies).
	Group string
}

// Settings is the [tool.pyworkers-lsp] section.
type Settings struct {
	Span   Span // the section
	Select []StringValue
	Ignore []StringValue
	// Severity maps a code to a level ("error", "warning", "info",
	// "hint"); the StringValue is the level.
	Severity map[string]StringValue
	// PerFileIgnores maps a path glob to codes.
	PerFileIgnores map[string][]StringValue
	Exclude        []StringValue
	// Runtime overrides the resolved runtime ("0.26", "0.28", "314").
	Runtime *StringValue
	// Env selects the wrangler environment ([env.NAME]).
	Env     *StringValue
	DocsURL *StringValue
	// Problems holds unknown keys and values of the wrong type.
	Problems []Problem
}

// SettingsKeys are the keys [tool.pyworkers-lsp] accepts.
var SettingsKeys = []string{"select", "ignore", "severity", "per-file-ignores", "exclude", "runtime", "env", "docs-url"}

// ParsePyproject reads a pyproject.toml.
func ParsePyproject(path string, text []byte) *Pyproject {
	pp := &Pyproject{File: ParseFile(path, text, TOML)}
	root := pp.File.Root
	if root == nil {
		return pp
	}
	pp.Name, _ = root.Get("project", "name").Str()
	if deps := root.Get("project", "dependencies"); deps != nil {
		if deps.Kind != Array {
			pp.Problems = append(pp.Problems, Problem{Span: deps.Span, Message: "[project] dependencies must be an array of strings"})
		}
		pp.Dependencies = appendRequirements(pp.Dependencies, deps)
	}
	if groups := root.Get("dependency-groups"); groups != nil {
		for _, g := range groups.Fields {
			pp.DevDependencies = appendGroup(pp.DevDependencies, g.Value, g.Key)
		}
	}
	pp.DevDependencies = appendGroup(pp.DevDependencies, root.Get("tool", "uv", "dev-dependencies"), "dev")
	if opt := root.Get("project", "optional-dependencies"); opt != nil {
		pp.Optional = map[string][]Requirement{}
		for _, g := range opt.Fields {
			pp.Optional[normalizeExtra(g.Key)] = appendRequirements(nil, g.Value)
		}
	}
	pp.HasPywranglerConfig = root.Get("tool", "pywrangler") != nil
	if f := root.Get("tool").Field("pyworkers-lsp"); f != nil {
		pp.Settings = readSettings(f)
	}
	return pp
}

// appendGroup appends the requirements of a dependency group.
func appendGroup(out []Requirement, list *Value, group string) []Requirement {
	n := len(out)
	out = appendRequirements(out, list)
	for i := n; i < len(out); i++ {
		out[i].Group = group
	}
	return out
}

// appendRequirements appends the requirement strings of an array (other
// entries, such as a group's {include-group = …}, are skipped).
func appendRequirements(out []Requirement, list *Value) []Requirement {
	if list == nil {
		return out
	}
	for _, d := range list.Strings() {
		if r, ok := ParseRequirement(d.Text); ok {
			r.Span = d.Span
			out = append(out, r)
		}
	}
	return out
}

var requirementName = regexp.MustCompile(`^\s*([A-Za-z0-9][A-Za-z0-9._-]*)`)

// ParseRequirement reads a PEP 508 string such as
// "pyyaml[extra]==6.0.2; python_version>='3.12'": its name, extras,
// version specifier and marker. URL and path requirements keep their
// name and have no specifier.
func ParseRequirement(s string) (Requirement, bool) {
	m := requirementName.FindStringSubmatch(s)
	if m == nil {
		return Requirement{}, false
	}
	r := Requirement{Name: packages.Normalize(m[1]), Raw: s}
	rest := s[len(m[0]):]
	if i := strings.IndexByte(rest, ';'); i >= 0 {
		r.Marker = strings.TrimSpace(rest[i+1:])
		rest = rest[:i]
	}
	rest = strings.TrimSpace(rest)
	if strings.HasPrefix(rest, "[") {
		if i := strings.IndexByte(rest, ']'); i >= 0 {
			for _, x := range strings.Split(rest[1:i], ",") {
				if x = strings.TrimSpace(x); x != "" {
					r.Extras = append(r.Extras, normalizeExtra(x))
				}
			}
			rest = strings.TrimSpace(rest[i+1:])
		}
	}
	if strings.HasPrefix(rest, "@") {
		return r, true // a URL requirement: no version
	}
	rest = strings.TrimSpace(strings.TrimSuffix(strings.TrimPrefix(rest, "("), ")"))
	r.Specifier = strings.Join(strings.Fields(rest), "")
	if v, ok := strings.CutPrefix(r.Specifier, "=="); ok && !strings.ContainsAny(v, ",*") {
		r.Version = v
	}
	return r, true
}

func readSettings(section *Field) *Settings {
	s := &Settings{Span: section.Span, Severity: map[string]StringValue{}, PerFileIgnores: map[string][]StringValue{}}
	t := section.Value
	if t.Kind != Table {
		s.Problems = append(s.Problems, Problem{Span: t.Span, Message: "[tool.pyworkers-lsp] must be a table"})
		return s
	}
	for _, f := range t.Fields {
		switch f.Key {
		case "select":
			s.Select = s.stringList(f)
		case "ignore":
			s.Ignore = s.stringList(f)
		case "exclude":
			s.Exclude = s.stringList(f)
		case "runtime":
			s.Runtime = s.str(f)
		case "env":
			s.Env = s.str(f)
		case "docs-url":
			if s.DocsURL = s.str(f); s.DocsURL != nil {
				if _, ok := WebURL(s.DocsURL.Value); !ok {
					s.Problems = append(s.Problems, Problem{Span: s.DocsURL.Span, Message: "docs-url must be an http or https URL; the default rules reference is linked instead"})
				}
			}
		case "severity":
			if !s.isTable(f) {
				continue
			}
			for _, e := range f.Value.Fields {
				if v := s.str(e); v != nil {
					s.Severity[strings.ToUpper(e.Key)] = *v
				}
			}
		case "per-file-ignores":
			if !s.isTable(f) {
				continue
			}
			for _, e := range f.Value.Fields {
				s.PerFileIgnores[e.Key] = s.stringList(e)
			}
		default:
			s.Problems = append(s.Problems, Problem{Span: f.KeySpan, Message: fmt.Sprintf("unknown setting %q in [tool.pyworkers-lsp] (known: %s)", f.Key, strings.Join(SettingsKeys, ", "))})
		}
	}
	return s
}

func (s *Settings) str(f *Field) *StringValue {
	if v, ok := f.Value.Str(); ok {
		return &StringValue{Value: v, Span: f.Value.Span, Entry: f.Span}
	}
	s.Problems = append(s.Problems, Problem{Span: f.Value.Span, Message: fmt.Sprintf("%s must be a string, not a %s", f.Key, f.Value.Kind)})
	return nil
}

func (s *Settings) isTable(f *Field) bool {
	if f.Value.Kind == Table {
		return true
	}
	s.Problems = append(s.Problems, Problem{Span: f.Value.Span, Message: fmt.Sprintf("%s must be a table, not a %s", f.Key, f.Value.Kind)})
	return false
}

func (s *Settings) stringList(f *Field) []StringValue {
	if f.Value.Kind == String { // a lone code is accepted as a list of one
		return []StringValue{{Value: f.Value.Text, Span: f.Value.Span, Entry: f.Span}}
	}
	if f.Value.Kind != Array {
		s.Problems = append(s.Problems, Problem{Span: f.Value.Span, Message: fmt.Sprintf("%s must be an array of strings, not a %s", f.Key, f.Value.Kind)})
		return nil
	}
	var out []StringValue
	for _, it := range f.Value.Items {
		if it.Kind != String {
			s.Problems = append(s.Problems, Problem{Span: it.Span, Message: fmt.Sprintf("%s entries must be strings", f.Key)})
			continue
		}
		out = append(out, StringValue{Value: it.Text, Span: it.Span, Entry: it.Span})
	}
	return out
}
