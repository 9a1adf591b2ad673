package check

import (
	"encoding/json"
	"fmt"
	"io"
	"sort"
)

// statistic is one rule's count in a report.
type statistic struct {
	Code    string `json:"code"`
	Name    string `json:"name"`
	Count   int    `json:"count"`
	Fixable bool   `json:"fixable"`
}

// statistics counts the findings per rule, most frequent first; a rule
// is fixable when `--fix` fixes every one of its findings.
func statistics(rep *Report, unsafe bool) []statistic {
	byCode := map[string]*statistic{}
	for _, f := range rep.Files {
		for _, d := range f.Diagnostics {
			st := byCode[d.Code]
			if st == nil {
				st = &statistic{Code: d.Code, Name: ruleName(d.Code), Fixable: true}
				byCode[d.Code] = st
			}
			st.Count++
			st.Fixable = st.Fixable && fixable(d, unsafe)
		}
	}
	out := make([]statistic, 0, len(byCode))
	for _, st := range byCode {
		out = append(out, *st)
	}
	sort.Slice(out, func(i, j int) bool {
		if out[i].Count != out[j].Count {
			return out[i].Count > out[j].Count
		}
		return out[i].Code < out[j].Code
	})
	return out
}

// writeStatistics prints `count  code  [*] name` per rule (ruff's
// --statistics), or the same as a JSON array.
func writeStatistics(w io.Writer, rep *Report, format string, wo WriteOptions) error {
	stats := statistics(rep, wo.Unsafe)
	if format == "json" {
		enc := json.NewEncoder(w)
		enc.SetIndent("", "  ")
		return enc.Encode(stats)
	}
	width := 1
	for _, st := range stats {
		if n := len(fmt.Sprint(st.Count)); n > width {
			width = n
		}
	}
	bw := &errWriter{w: w}
	p := painter(wo.Color)
	for _, st := range stats {
		marker := "[ ]"
		if st.Fixable {
			marker = "[*]"
		}
		bw.printf("%*d\t%s\t%s %s\n", width, st.Count, p(boldRed, st.Code), marker, st.Name)
	}
	if len(stats) == 0 && !wo.Quiet && len(rep.Errors) == 0 {
		bw.printf("All checks passed!\n")
	}
	return bw.err
}
