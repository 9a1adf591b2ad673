package syntax

import (
	"sync"

	sitter "github.com/smacker/go-tree-sitter"
	"github.com/smacker/go-tree-sitter/python"
)

// grammar holds the Python grammar's symbol and field tables, read once.
type grammar struct {
	lang   *sitter.Language
	kinds  []string // symbol id → node type (aliases share a name)
	fields []string // field id → name
	field  map[string]uint16
	roles  []uint8 // symbol id → unit roles for pw_units
	// canon maps a symbol id to its Kind; kindIDs maps a type name to it.
	canon   []Kind
	kindIDs map[string]Kind
	errKind Kind // the Kind of ERROR nodes (symbol 0xFFFF)
}

// Unit roles of a symbol, the PW_* bits of pw_units.
const (
	roleClass     = 1
	roleDecorated = 2
	roleBlock     = 4
	roleRepeat    = 8 // a statement list's hidden repetition node (see Reusable)
)

// The grammar tables are read once and never change afterwards.
var (
	grammarOnce sync.Once
	py          grammar
)

// Python returns the tree-sitter Python language.
func Python() *sitter.Language {
	loadGrammar()
	return py.lang
}

func loadGrammar() {
	grammarOnce.Do(func() {
		lang := python.GetLanguage()
		n := int(lang.SymbolCount())
		g := grammar{lang: lang, kinds: make([]string, n), field: map[string]uint16{}}
		for i := 0; i < n; i++ {
			g.kinds[i] = lang.SymbolName(sitter.Symbol(i))
		}
		g.fields = []string{""}
		for i := 1; ; i++ {
			name := lang.FieldName(i)
			if name == "" {
				break
			}
			g.fields = append(g.fields, name)
			g.field[name] = uint16(i)
		}
		g.roles = make([]uint8, n)
		for i, k := range g.kinds {
			if k == "module_repeat1" { // module and block share repeat($._statement)
				g.roles[i] = roleRepeat
			}
			if lang.SymbolType(sitter.Symbol(i)) != sitter.SymbolTypeRegular {
				continue
			}
			switch k {
			case "class_definition":
				g.roles[i] = roleClass
			case "decorated_definition":
				g.roles[i] = roleDecorated
			case "block":
				g.roles[i] = roleBlock
			}
		}
		g.canon = make([]Kind, n)
		g.kindIDs = map[string]Kind{}
		for i, k := range g.kinds {
			id, ok := g.kindIDs[k]
			if !ok {
				id = Kind(len(g.kindIDs))
				g.kindIDs[k] = id
			}
			g.canon[i] = id
		}
		if _, ok := g.kindIDs["ERROR"]; !ok {
			g.kindIDs["ERROR"] = Kind(len(g.kindIDs))
		}
		g.errKind = g.kindIDs["ERROR"]
		py = g
	})
}

// Kind is a node type as a small integer, for indexing by type without
// comparing strings; all symbols sharing a name (aliases) share a Kind.
type Kind uint16

// KindOf returns the Kind of a node type name; ok is false for names the
// grammar does not have.
func KindOf(name string) (k Kind, ok bool) {
	loadGrammar()
	k, ok = py.kindIDs[name]
	return k, ok
}

// KindCount is the number of distinct Kinds: Kinds are 0 … KindCount()-1.
func KindCount() int {
	loadGrammar()
	return len(py.kindIDs)
}
