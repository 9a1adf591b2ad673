package workergen

import (
	"bytes"
	"context"
	"testing"

	sitter "github.com/smacker/go-tree-sitter"

	"github.com/pyworkers/pyworkers-lsp/internal/analysis/syntax"
	"github.com/pyworkers/pyworkers-lsp/internal/check"
)

func TestModuleSizeAndSyntax(t *testing.T) {
	for _, lines := range []int{500, 5000, 20000} {
		src := Module(lines)
		got := bytes.Count(src, []byte("\n"))
		if got < lines || got > lines+20 {
			t.Errorf("Module(%d) has %d lines", lines, got)
		}
		p := sitter.NewParser()
		p.SetLanguage(syntax.Python())
		tree, err := p.ParseCtx(context.Background(), nil, src)
		if err != nil {
			t.Fatal(err)
		}
		if tree.RootNode().HasError() {
			t.Errorf("Module(%d) has syntax errors", lines)
		}
		tree.Close()
		p.Close()
	}
}

// TestWriteTree checks the generated Workers with the real checker: the
// code is correct for its profile but for the intended PW210 findings.
func TestWriteTree(t *testing.T) {
	dir := t.TempDir()
	files, err := WriteTree(dir, 2, 400)
	if err != nil {
		t.Fatal(err)
	}
	if len(files) != 2 {
		t.Fatalf("files = %v", files)
	}
	rep, err := check.Run(check.Options{Paths: []string{dir}})
	if err != nil {
		t.Fatal(err)
	}
	if len(rep.Errors) > 0 {
		t.Fatalf("check errors: %v", rep.Errors)
	}
	counts := map[string]int{}
	for _, f := range rep.Files {
		for _, d := range f.Diagnostics {
			counts[d.Code]++
		}
	}
	if len(counts) != 1 || counts["PW210"] == 0 {
		t.Errorf("findings by code = %v, want only PW210", counts)
	}
}
