package semantic

import (
	"hash/maphash"
	"slices"
	"strings"
)

// FactKind says which part of the module summary a unit's analysis read.
type FactKind uint8

const (
	// FactName is what a module-level name resolves to: whether the module
	// binds it, how, and the import it names (through star imports too).
	FactName FactKind = iota
	// FactImportedAs is the set of module-level names importing a
	// qualified name.
	FactImportedAs
	// FactStars is the list of star-imported modules.
	FactStars
	// FactFunction is the value summary of a module-level (or imported)
	// function: its FuncFacts and whether it may return None through the
	// functions it returns.
	FactFunction
	// FactConst is whether a module-level name is a dict constant.
	FactConst
	// FactClass is what a class's members define and assign on self
	// under one name ("Class.attr"): a name the class gains changes only
	// the facts of the units that read self.<that name>.
	FactClass
	// FactMethod is the summary of one method ("Class.method").
	FactMethod
)

// Fact is one thing a unit's analysis read from the module summary. A
// unit's findings depend on the module only through the facts it read,
// so they stay valid while those facts keep their values (the early
// cutoff of salsa and gopls): a new function at the end of the module
// changes no fact an existing unit read.
type Fact struct {
	Kind FactKind
	Key  string
}

// Reads collects the facts read during one unit's analysis. A nil *Reads
// records nothing (lookups outside analysis).
type Reads struct {
	facts []Fact
}

// Reset empties r for the next unit, keeping its memory.
func (r *Reads) Reset() { r.facts = r.facts[:0] }

// Facts returns the facts read since the last Reset, possibly repeated.
func (r *Reads) Facts() []Fact { return r.facts }

// addThen records a read and returns true (for use inside conditions).
func (r *Reads) addThen(kind FactKind, key string) bool {
	r.add(kind, key)
	return true
}

func (r *Reads) add(kind FactKind, key string) {
	if r != nil {
		r.facts = append(r.facts, Fact{kind, key})
	}
}

// Value hashes what m says about f now. Positions are left out: an edit
// above a binding moves it without changing what units read from it.
func (m *Module) Value(f Fact) uint64 {
	var h maphash.Hash
	h.SetSeed(keySeed)
	h.WriteByte(byte(f.Kind))
	switch f.Kind {
	case FactName:
		if b, ok := m.Names[f.Key]; ok {
			h.WriteByte(1)
			h.WriteByte(byte(b.Kind))
			h.WriteString(b.Qualified)
		} else {
			h.WriteByte(0)
			h.WriteString(m.Global(f.Key))
		}
	case FactImportedAs:
		names := slices.Clone(m.ImportedAs(f.Key))
		slices.Sort(names)
		h.WriteString(strings.Join(names, ","))
	case FactStars:
		h.WriteString(strings.Join(m.StarImports, ","))
	case FactFunction:
		m.hashFunction(&h, f.Key)
	case FactConst:
		if m.DictConsts[f.Key] {
			h.WriteByte(1)
		}
	case FactClass:
		class, attr, _ := strings.Cut(f.Key, ".")
		if k := m.Class(class); k != nil {
			hashClassAttr(&h, k.Facts, attr)
		}
	case FactMethod:
		m.hashMethod(&h, f.Key)
	}
	return h.Sum64()
}

// ImportedAs is Module.ImportedAs, recorded as a read of the analysis.
func (r *Resolver) ImportedAs(q string) []string {
	r.Reads.add(FactImportedAs, q)
	return r.Module.ImportedAs(q)
}

// StarImports is Module.StarImports, recorded as a read of the analysis.
func (r *Resolver) StarImports() []string {
	r.Reads.add(FactStars, "")
	return r.Module.StarImports
}

// BoundHere reports whether the module binds name itself (not through a
// star import), recorded as a read of the analysis.
func (r *Resolver) BoundHere(name string) bool {
	r.Reads.add(FactName, name)
	_, ok := r.Module.Names[name]
	return ok
}

// ClassValue hashes what unit analysis may read of a class summary: its
// name, resolved bases and entrypoint kind (not its position). nil is a
// valid argument (a unit outside any class).
func ClassValue(k *Class) uint64 {
	if k == nil {
		return 0
	}
	var h maphash.Hash
	h.SetSeed(keySeed)
	h.WriteString(k.Name)
	for _, b := range k.Bases {
		h.WriteByte(0)
		h.WriteString(b)
	}
	h.WriteByte(byte(k.Entrypoint))
	return h.Sum64() | 1
}
