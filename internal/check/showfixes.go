package check

import (
	"io"
	"sort"

	"github.com/pyworkers/pyworkers-lsp/internal/analysis/diag"
)

func countCodes(ds []diag.Diagnostic) map[string]int {
	out := map[string]int{}
	for _, d := range ds {
		out[d.Code]++
	}
	return out
}

// record notes the findings of path that fixing removed: per code, how
// many fewer there are after than before (a fix can also remove findings
// of other codes that depended on the same code).
func (fr *FixReport) record(path string, before, after map[string]int, fixed int) {
	if fixed == 0 {
		return
	}
	for code, n := range before {
		if gone := n - after[code]; gone > 0 {
			if fr.ByFile == nil {
				fr.ByFile = map[string]map[string]int{}
			}
			if fr.ByFile[path] == nil {
				fr.ByFile[path] = map[string]int{}
			}
			fr.ByFile[path][code] += gone
		}
	}
}

// WriteFixes prints what was fixed per file and rule, as ruff's
// --show-fixes does:
//
//	Fixed 2 problems:
//	- src/entry.py:
//	    1 × PW201 (to-py-import)
func (fr *FixReport) WriteFixes(w io.Writer, diff bool) error {
	bw := &errWriter{w: w}
	if len(fr.ByFile) == 0 {
		if !diff {
			bw.printf("No problems fixed.\n")
		}
		return bw.err
	}
	verb := "Fixed"
	if diff {
		verb = "Would fix"
	}
	bw.printf("%s %d problem%s:\n", verb, fr.Fixed, plural(fr.Fixed))
	paths := make([]string, 0, len(fr.ByFile))
	for p := range fr.ByFile {
		paths = append(paths, p)
	}
	sort.Strings(paths)
	for _, p := range paths {
		bw.printf("- %s:\n", p)
		codes := make([]string, 0, len(fr.ByFile[p]))
		for c := range fr.ByFile[p] {
			codes = append(codes, c)
		}
		sort.Strings(codes)
		for _, c := range codes {
			bw.printf("    %d × %s (%s)\n", fr.ByFile[p][c], c, ruleName(c))
		}
	}
	return bw.err
}
