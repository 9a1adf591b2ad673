package quickfix

import (
	"fmt"
	"strings"
	"testing"

	"github.com/pyworkers/pyworkers-lsp/internal/analysis/analysistest"
	"github.com/pyworkers/pyworkers-lsp/internal/analysis/diag"
	"github.com/pyworkers/pyworkers-lsp/internal/analysis/source"
)

// benchModule is a ~5,000-line module with one PW201 call per function.
func benchModule(b *testing.B) (Document, []diag.Diagnostic, Analyze) {
	var sb strings.Builder
	sb.WriteString("from pyodide.ffi import to_js, to_py\n")
	for i := 0; sb.Len() < 150_000; i++ {
		fmt.Fprintf(&sb, "\n\nasync def handler_%d(result, env):\n    rows = to_py(result.results)\n    data = {\"n\": %d, \"rows\": rows}\n    return to_js(data)\n", i, i)
	}
	text := []byte(sb.String())
	np, err := analysistest.ParseProfile("p", "date=2025-11-01")
	if err != nil {
		b.Fatal(err)
	}
	analyze := func(t []byte) []diag.Diagnostic { return analysistest.Analyze(b, "/w/bench.py", t, np).Diagnostics }
	return Document{Path: "/w/bench.py", Text: text, Profile: np.Profile}, analyze(text), analyze
}

// BenchmarkFixesOfOne is a code action request for one diagnostic: the
// server passes the document's tree, so nothing is parsed.
func BenchmarkFixesOfOne(b *testing.B) {
	doc, diags, _ := benchModule(b)
	parsed := source.Open("file:///w/bench.py", 1, doc.Text, true)
	defer parsed.Close()
	doc.Tree = parsed.Tree()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		FixesOf(doc, diags[len(diags)/2:len(diags)/2+1])
	}
}

// BenchmarkFixAll is fix-all over every finding of the module.
func BenchmarkFixAll(b *testing.B) {
	doc, diags, analyze := benchModule(b)
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if res := FixAll(doc, diags, analyze, FixAllOptions{}); res.Fixed == 0 {
			b.Fatal("nothing fixed")
		}
	}
}
