package check

import (
	"encoding/json"
	"fmt"
	"io"
	"path/filepath"
	"strings"

	"github.com/pyworkers/pyworkers-lsp/internal/analysis/diag"
	"github.com/pyworkers/pyworkers-lsp/internal/analysis/rules"
	"github.com/pyworkers/pyworkers-lsp/internal/analysis/source"
)

// Formats lists the output formats.
var Formats = []string{"text", "json", "sarif", "github", "junit", "gitlab"}

// WriteOptions are the command-line choices that shape a report.
type WriteOptions struct {
	// Version is the tool version SARIF names.
	Version string
	// Color marks up the text format with ANSI colours.
	Color bool
	// Unsafe counts unsafe fixes as fixable (`--unsafe-fixes`).
	Unsafe bool
	// Quiet prints the findings and nothing else: no summary, no hint,
	// no "All checks passed!".
	Quiet bool
	// Statistics prints one line per rule with its count instead of the
	// findings (text and JSON).
	Statistics bool
}

// Write prints the report in format.
func Write(w io.Writer, rep *Report, format, version string) error {
	return WriteWith(w, rep, format, WriteOptions{Version: version})
}

// WriteWith prints the report in format as wo asks.
func WriteWith(w io.Writer, rep *Report, format string, wo WriteOptions) error {
	if wo.Statistics && (format == "text" || format == "" || format == "json") {
		return writeStatistics(w, rep, format, wo)
	}
	switch format {
	case "text", "":
		return writeText(w, rep, wo)
	case "json":
		return writeJSON(w, rep)
	case "sarif":
		return writeSARIF(w, rep, wo.Version)
	case "github":
		return writeGitHub(w, rep)
	case "junit":
		return writeJUnit(w, rep)
	case "gitlab":
		return writeGitLab(w, rep)
	}
	return fmt.Errorf("unknown format %q (want %s)", format, strings.Join(Formats, ", "))
}

// each visits every finding in file order.
func each(rep *Report, f func(*File, diag.Diagnostic)) {
	for _, file := range rep.Files {
		for _, d := range file.Diagnostics {
			f(file, d)
		}
	}
}

// writeText prints `file:line:col: CODE [*] message` with 1-based line
// and character (code point) columns, as ruff does; `[*]` marks findings
// `--fix` fixes. A summary with the number of fixable findings follows,
// or "All checks passed!".
func writeText(w io.Writer, rep *Report, wo WriteOptions) error {
	p := painter(wo.Color)
	bw := &errWriter{w: w}
	for _, f := range rep.Files {
		for _, d := range f.Diagnostics {
			line, col := f.Lines.Position(d.Start, source.UTF32)
			marker := ""
			if fixable(d, wo.Unsafe) {
				marker = p(cyan, "[*]") + " "
			}
			bw.printf("%s%s%d%s%d%s %s %s%s%s\n", p(bold, f.Path), p(cyan, ":"), line+1, p(cyan, ":"), col+1, p(cyan, ":"), p(boldRed, d.Code), marker, d.Message, because(f, d))
		}
	}
	if wo.Quiet {
		return bw.err
	}
	n := rep.Findings()
	if n == 0 {
		if len(rep.Errors) == 0 {
			bw.printf("%s\n", p(green, "All checks passed!"))
		}
		return bw.err
	}
	bw.printf("Found %d problem%s in %d file%s.\n", n, plural(n), filesWithFindings(rep), plural(filesWithFindings(rep)))
	if hint := fixHint(fixCounts(rep, wo.Unsafe)); hint != "" {
		bw.printf("%s\n", hint)
	}
	return bw.err
}

// fixHint is ruff's closing line: "[*] 2 fixable with the `--fix` option."
// with the unsafe fixes `--unsafe-fixes` would add.
func fixHint(fixable, hidden int) string {
	unsafe := ""
	if hidden > 0 {
		unsafe = fmt.Sprintf("%d hidden fix%s can be enabled with the `--unsafe-fixes` option", hidden, pluralES(hidden))
	}
	switch {
	case fixable > 0 && hidden > 0:
		return fmt.Sprintf("[*] %d fixable with the `--fix` option (%s).", fixable, unsafe)
	case fixable > 0:
		return fmt.Sprintf("[*] %d fixable with the `--fix` option.", fixable)
	case hidden > 0:
		return fmt.Sprintf("No fixes available (%s).", unsafe)
	}
	return ""
}

func pluralES(n int) string {
	if n == 1 {
		return ""
	}
	return "es"
}

// because renders a finding's first related place: " (because title may
// be None: data.get("title") at line 22)".
func because(f *File, d diag.Diagnostic) string {
	if len(d.Related) == 0 || f.Lines == nil {
		return ""
	}
	r := d.Related[0]
	line, _ := f.Lines.Position(r.Start, source.UTF32)
	return fmt.Sprintf(" (because %s at line %d)", r.Message, line+1)
}

func plural(n int) string {
	if n == 1 {
		return ""
	}
	return "s"
}

func filesWithFindings(rep *Report) int {
	n := 0
	for _, f := range rep.Files {
		if len(f.Diagnostics) > 0 {
			n++
		}
	}
	return n
}

type jsonPosition struct {
	Line      int `json:"line"`
	Character int `json:"character"`
}

type jsonRange struct {
	Start jsonPosition `json:"start"`
	End   jsonPosition `json:"end"`
}

type jsonDiagnostic struct {
	File     string            `json:"file"`
	Code     string            `json:"code"`
	Severity string            `json:"severity"`
	Message  string            `json:"message"`
	Range    jsonRange         `json:"range"`
	Data     map[string]string `json:"data,omitempty"`
	// Location and EndLocation are 1-based rows and character columns,
	// as ruff's JSON has them; Range is the 0-based LSP range.
	Location    jsonLocation `json:"location"`
	EndLocation jsonLocation `json:"end_location"`
	URL         string       `json:"url,omitempty"`
	Fix         *jsonFix     `json:"fix"`
	// Related are the places that explain the finding (where a None or
	// a dict came from), as the editor's relatedInformation shows them.
	Related []jsonRelated `json:"related,omitempty"`
}

// lspRange converts a finding to a 0-based range in UTF-16 columns, as LSP
// and SARIF count them.
func lspRange(f *File, d diag.Diagnostic) jsonRange {
	sl, sc := f.Lines.Position(d.Start, source.UTF16)
	el, ec := f.Lines.Position(d.End, source.UTF16)
	return jsonRange{Start: jsonPosition{sl, sc}, End: jsonPosition{el, ec}}
}

func writeJSON(w io.Writer, rep *Report) error {
	out := struct {
		Diagnostics []jsonDiagnostic `json:"diagnostics"`
		Summary     map[string]any   `json:"summary"`
	}{Diagnostics: []jsonDiagnostic{}}
	bySeverity := map[string]int{}
	fixes := allFixes(rep)
	for _, f := range rep.Files {
		for i, d := range f.Diagnostics {
			start, end := locations(f, d.Start, d.End)
			out.Diagnostics = append(out.Diagnostics, jsonDiagnostic{
				File: f.Path, Code: d.Code, Severity: d.Severity.String(), Message: d.Message, Range: lspRange(f, d), Data: d.Data,
				Location: start, EndLocation: end, URL: ruleURL(rep, d.Code), Fix: toJSONFix(f, fixes[f][i]),
				Related: relatedJSON(f, d),
			})
			bySeverity[d.Severity.String()]++
		}
	}
	errs := []string{}
	for _, e := range rep.Errors {
		errs = append(errs, e.Error())
	}
	out.Summary = map[string]any{
		"files":       len(rep.Files),
		"findings":    rep.Findings(),
		"by_severity": bySeverity,
		"errors":      errs,
	}
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(out)
}

// writeGitHub prints workflow commands that GitHub Actions shows as
// annotations on the pull request.
func writeGitHub(w io.Writer, rep *Report) error {
	var err error
	each(rep, func(f *File, d diag.Diagnostic) {
		sl, sc := f.Lines.Position(d.Start, source.UTF32)
		el, ec := f.Lines.Position(d.End, source.UTF32)
		level := "error"
		switch d.Severity {
		case diag.Warning:
			level = "warning"
		case diag.Information, diag.Hint:
			level = "notice"
		}
		if err == nil {
			_, err = fmt.Fprintf(w, "::%s file=%s,line=%d,col=%d,endLine=%d,endColumn=%d,title=%s::%s\n",
				level, ghProperty(filepath.ToSlash(f.Path)), sl+1, sc+1, el+1, ec+1, ghProperty(d.Code+" "+ruleName(d.Code)), ghData(d.Message))
		}
	})
	return err
}

func ruleName(code string) string {
	if r := rules.ByCode(code); r != nil {
		return r.Name
	}
	return ""
}

func ghData(s string) string {
	return strings.NewReplacer("%", "%25", "\r", "%0D", "\n", "%0A").Replace(s)
}

func ghProperty(s string) string {
	return strings.NewReplacer("%", "%25", "\r", "%0D", "\n", "%0A", ":", "%3A", ",", "%2C").Replace(s)
}
