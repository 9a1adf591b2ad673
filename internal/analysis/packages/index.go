package packages

import (
	_ "embed"
	"fmt"
	"sort"
	"strings"
	"sync"

	json "github.com/segmentio/encoding/json"

	"github.com/pyworkers/pyworkers-lsp/internal/analysis/profile"
)

//go:embed pyodide_index.json
var indexJSON []byte

// Package is one entry of a Pyodide release's package index.
type Package struct {
	Name    string   // PEP 503 normalised distribution name
	Version string   // the version Pyodide ships
	Imports []string // top-level import names ("yaml", "_yaml")
	// Native is true for compiled builds (platform wheels, shared
	// libraries); false for pure-Python wheels.
	Native bool
	// Type is Pyodide's package_type: "package", "cpython_module"
	// (an unvendored stdlib module) or "shared_library".
	Type string
}

// Release is the package index of one Pyodide release.
type Release struct {
	Version string // "0.28.3"
	Python  string // "3.13.2"
	// The maps are built on the first lookup: a run reads one release.
	packages []Package
	once     sync.Once
	byName   map[string]Package
	byMod    map[string]Package
}

func (r *Release) index() {
	r.once.Do(func() {
		r.byName = make(map[string]Package, len(r.packages))
		r.byMod = make(map[string]Package, len(r.packages))
		for _, pk := range r.packages {
			r.byName[pk.Name] = pk
			for _, m := range pk.Imports {
				r.byMod[m] = pk
			}
		}
	})
}

// Lookup finds a distribution by name (any spelling PEP 503 normalises
// to the same name: "PyYAML", "pyyaml").
func (r *Release) Lookup(dist string) (Package, bool) {
	if r == nil {
		return Package{}, false
	}
	r.index()
	p, ok := r.byName[Normalize(dist)]
	return p, ok
}

// ByImport finds the package providing a top-level module: "yaml" →
// pyyaml. Dotted names are looked up by their first part.
func (r *Release) ByImport(module string) (Package, bool) {
	if r == nil {
		return Package{}, false
	}
	module, _, _ = strings.Cut(module, ".")
	r.index()
	p, ok := r.byMod[module]
	return p, ok
}

// Packages lists the release's packages sorted by name.
func (r *Release) Packages() []Package {
	r.index()
	out := make([]Package, 0, len(r.byName))
	for _, p := range r.byName {
		out = append(out, p)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Name < out[j].Name })
	return out
}

// Versions lists the releases the embedded data covers, oldest first.
func Versions() []string {
	rs := releases()
	out := make([]string, len(rs))
	for i, r := range rs {
		out[i] = r.Version
	}
	return out
}

// Index returns the package index of a Pyodide release. An exact version
// wins; otherwise the newest release of the same line ("314.0.0" →
// 314.0.7, "0.28" → 0.28.3). ok is false when no release of that line is
// embedded.
func Index(version string) (*Release, bool) {
	rs := releases()
	for _, r := range rs {
		if r.Version == version {
			return r, true
		}
	}
	line := releaseLine(version)
	for i := len(rs) - 1; i >= 0; i-- {
		if releaseLine(rs[i].Version) == line {
			return rs[i], true
		}
	}
	return nil, false
}

// ForProfile returns the index a Worker's packages are resolved against.
func ForProfile(p *profile.Profile) *Release {
	r, ok := Index(p.Runtime.PackageIndex)
	if !ok {
		rs := releases()
		return rs[len(rs)-1]
	}
	return r
}

// releaseLine is "0.28" for 0.28.x and "314" for 314.x.
func releaseLine(v string) string {
	parts := strings.SplitN(v, ".", 3)
	if parts[0] != "0" || len(parts) < 2 {
		return parts[0]
	}
	return parts[0] + "." + parts[1]
}

var (
	loadOnce sync.Once
	loaded   []*Release
)

// releases parses the embedded data once; the result is read-only.
func releases() []*Release {
	loadOnce.Do(func() {
		rs, err := parseIndex(indexJSON)
		if err != nil {
			panic(fmt.Sprintf("packages: embedded index: %v", err)) // a build defect
		}
		loaded = rs
	})
	return loaded
}

func parseIndex(data []byte) ([]*Release, error) {
	var doc struct {
		Indexes []struct {
			Version  string `json:"version"`
			Python   string `json:"python"`
			Packages []struct {
				Name    string   `json:"name"`
				Version string   `json:"version"`
				Imports []string `json:"imports"`
				Native  bool     `json:"native"`
				Type    string   `json:"type"`
			} `json:"packages"`
		} `json:"indexes"`
	}
	if err := json.Unmarshal(data, &doc); err != nil {
		return nil, err
	}
	var out []*Release
	for _, ix := range doc.Indexes {
		r := &Release{Version: ix.Version, Python: ix.Python, packages: make([]Package, 0, len(ix.Packages))}
		for _, p := range ix.Packages {
			r.packages = append(r.packages, Package{Name: Normalize(p.Name), Version: p.Version, Imports: p.Imports, Native: p.Native, Type: p.Type})
		}
		out = append(out, r)
	}
	return out, nil
}

// Normalize is PEP 503 name normalisation: lower case, each run of -, _
// and . one -. (A regexp costed every process that reads the index
// half its parse.)
func Normalize(name string) string {
	name = strings.ToLower(strings.TrimSpace(name))
	if !strings.ContainsAny(name, "_.") && !strings.Contains(name, "--") {
		return name
	}
	b := make([]byte, 0, len(name))
	for i := 0; i < len(name); i++ {
		c := name[i]
		if c == '-' || c == '_' || c == '.' {
			if len(b) > 0 && b[len(b)-1] == '-' && (name[i-1] == '-' || name[i-1] == '_' || name[i-1] == '.') {
				continue
			}
			c = '-'
		}
		b = append(b, c)
	}
	return string(b)
}
