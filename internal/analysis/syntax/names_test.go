package syntax

import (
	"os"
	"testing"

	sitter "github.com/smacker/go-tree-sitter"

	"github.com/pyworkers/pyworkers-lsp/internal/analysis/syntax/internal/namegen"
)

// TestGeneratedNamesExist fails when the linked grammar renames or drops a
// node type or field the constants name: code comparing with a vanished
// name would silently never match.
func TestGeneratedNamesExist(t *testing.T) {
	lang := Python()
	named := map[string]bool{}
	for i := 0; i < int(lang.SymbolCount()); i++ {
		if lang.SymbolType(sitter.Symbol(i)) == sitter.SymbolTypeRegular {
			named[lang.SymbolName(sitter.Symbol(i))] = true
		}
	}
	if len(generatedTypes) < 100 || len(generatedFields) < 20 {
		t.Fatalf("%d types, %d fields generated", len(generatedTypes), len(generatedFields))
	}
	for _, typ := range generatedTypes {
		if _, ok := KindOf(typ); !ok || !named[typ] {
			t.Errorf("node type %q is not a named node of the grammar", typ)
		}
	}
	for _, f := range generatedFields {
		if _, ok := py.field[f]; !ok {
			t.Errorf("field %q is not a field of the grammar", f)
		}
	}
}

// TestGeneratedNamesCurrent fails when names.go is not what go generate
// writes for the linked grammar (a node type or field was added).
func TestGeneratedNamesCurrent(t *testing.T) {
	want, err := namegen.Source()
	if err != nil {
		t.Fatal(err)
	}
	got, err := os.ReadFile("names.go")
	if err != nil {
		t.Fatal(err)
	}
	if string(got) != string(want) {
		t.Error("names.go is stale: run go generate ./internal/analysis/syntax")
	}
}
