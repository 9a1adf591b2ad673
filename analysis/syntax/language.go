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
}

// Unit roles of a symbol, the PW_* bits of pw_units.
const (
	roleClass     = 1
	roleDecorated = 2
	roleBlock     = 4
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
		py = g
	})
}
