package syntax

import (
	"bytes"
	"fmt"
	"math/rand"
	"os"
	"path/filepath"
	"testing"

	"github.com/pyworkers/pyworkers-lsp/internal/workergen"
)

// sameUnits compares two unit listings of one tree: spans, kinds,
// headers, broken marks and the flattened syntax of every unit (which
// reads the TSNode the listing built).
func sameUnits(t *testing.T, text []byte, got, want []Unit) {
	t.Helper()
	if fmt.Sprint(unitSpans(got)) != fmt.Sprint(unitSpans(want)) {
		t.Fatalf("units differ:\nfast   %v\ncursor %v", unitSpans(got), unitSpans(want))
	}
	for i := range got {
		a, b := got[i].Flatten(text), want[i].Flatten(text)
		if fmt.Sprint(a.nodes) != fmt.Sprint(b.nodes) {
			t.Fatalf("unit %d (%s): flattened nodes differ", i, unitSpans(got[i:i+1]))
		}
	}
}

// TestUnitsFastWalk: listing units by walking the subtrees directly
// gives the cursor's listing, on generated modules (where the fast walk
// must be taken, not declined), the rule fixtures and randomly broken
// texts.
func TestUnitsFastWalk(t *testing.T) {
	p := newParser()
	defer p.Close()
	for _, gen := range []func(int) []byte{workergen.FlatModule, workergen.Module} {
		text := gen(3000)
		tree := reparseWith(t, p, nil, text)
		root := tree.RootNode()
		if !childrenFast(root) {
			t.Fatal("the fast walk declined a generated module's top level")
		}
		if bytes.Contains(text, []byte("\nclass Default(")) {
			declined := true
			for i := 0; i < int(root.NamedChildCount()); i++ {
				cls := root.NamedChild(i)
				if cls.Type() == TypeClassDefinition && cls.ChildByFieldName("name").Content(text) == "Default" {
					declined = !childrenFast(cls.ChildByFieldName("body"))
				}
			}
			if declined {
				t.Fatal("the fast walk declined the Worker class body (or found no class Default)")
			}
		}
		sameUnits(t, text, AppendUnits(nil, tree), appendUnitsCursor(nil, root))
		tree.Close()
	}
	files, _ := filepath.Glob("../../../testdata/rules/*/*.py")
	if len(files) < 20 {
		t.Fatalf("found %d rule fixtures", len(files))
	}
	r := rand.New(rand.NewSource(3))
	junk := []string{"(", ")", "\"", "'''", ":", "\n", "    ", "class X:\n", "@d\n", "def f(\n", "\\\n", "#", "]", "\t"}
	for _, f := range files {
		text, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		for k := 0; k < 4; k++ {
			tree := reparseWith(t, p, nil, text)
			sameUnits(t, text, AppendUnits(nil, tree), appendUnitsCursor(nil, tree.RootNode()))
			tree.Close()
			at := r.Intn(len(text) + 1)
			text = append(append(append([]byte{}, text[:at]...), junk[r.Intn(len(junk))]...), text[at:]...)
		}
	}
}

// BenchmarkUnitsWalk lists the units of 20,000-line modules, walking the
// subtrees (fast) and with a tree cursor (the walk it replaced).
func BenchmarkUnitsWalk(b *testing.B) {
	p := newParser()
	defer p.Close()
	for _, c := range []struct {
		name string
		gen  func(int) []byte
	}{{"flat", workergen.FlatModule}, {"worker", workergen.Module}} {
		tree := reparseWith(b, p, nil, c.gen(20000))
		root := tree.RootNode()
		var buf []Unit
		b.Run(c.name+"/fast", func(b *testing.B) {
			for b.Loop() {
				buf = AppendUnits(buf[:0], tree)
			}
		})
		b.Run(c.name+"/cursor", func(b *testing.B) {
			for b.Loop() {
				buf = appendUnitsCursor(buf[:0], root)
			}
		})
		tree.Close()
	}
}
