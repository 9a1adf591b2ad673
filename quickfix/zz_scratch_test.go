package quickfix

import (
	"fmt"
	"os"
	"strings"
	"testing"

	"github.com/pyworkers/pyworkers-lsp/analysis/analysistest"
)

func TestZZDump(t *testing.T) {
	src := os.Getenv("SRC")
	if src == "" {
		t.Skip()
	}
	m := parseModule([]byte(src), nil)
	for _, tr := range m.trees {
		for i := 0; i < tr.Len(); i++ {
			n := tr.At(i)
			d := 0
			for p := n.Parent(); !p.IsZero(); p = p.Parent() {
				d++
			}
			fmt.Printf("%s%s [%s] %q\n", strings.Repeat("  ", d), n.Type(), n.FieldName(), n.Text())
		}
	}
}

func TestZZDiags(t *testing.T) {
	path := os.Getenv("FIX")
	if path == "" {
		t.Skip()
	}
	fx, err := analysistest.Load(path)
	if err != nil {
		t.Fatal(err)
	}
	for _, np := range fx.Profiles {
		for _, d := range analysistest.Analyze(t, path, fx.Text, np).Diagnostics {
			fmt.Println(np.Name, d.Code, d.Start, d.End, d.Message, d.Data)
		}
	}
}
