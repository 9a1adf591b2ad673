package analysis

import (
	"bytes"
	"fmt"

	"github.com/pyworkers/pyworkers-lsp/internal/analysis/diag"
	"github.com/pyworkers/pyworkers-lsp/internal/analysis/rules"
	"github.com/pyworkers/pyworkers-lsp/internal/analysis/syntax"
)

// tooDeep is the PW003 finding of a unit the analysis declines: it covers
// the unit's first line.
func tooDeep(text []byte, u syntax.Unit) diag.Diagnostic {
	end := u.End
	if i := bytes.IndexAny(text[u.Start:u.End], "\r\n"); i >= 0 {
		end = u.Start + i
	}
	r := rules.ByCode("PW003")
	return diag.Diagnostic{
		Start: u.Start, End: max(end, u.Start+1),
		Code: r.Code, Severity: r.Severity,
		Message: fmt.Sprintf("this statement nests deeper than %d levels: it is not analysed", syntax.MaxDepth),
	}
}
