package check

import (
	"encoding/json"
	"fmt"
	"io"
	"path/filepath"
	"strings"

	"github.com/pyworkers/pyworkers-lsp/analysis/diag"
	"github.com/pyworkers/pyworkers-lsp/analysis/rules"
	"github.com/pyworkers/pyworkers-lsp/analysis/source"
)

// Formats lists the output formats.
var Formats = []string{"text", "json", "sarif", "github"}

// Write prints the report in format.
func Write(w io.Writer, rep *Report, format, version string) error {
	switch format {
	case "text", "":
		return writeText(w, rep)
	case "json":
		return writeJSON(w, rep)
	case "sarif":
		return writeSARIF(w, rep, version)
	case "github":
		return writeGitHub(w, rep)
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

// writeText prints `file:line:col: CODE message` with 1-based line and
// character (code point) columns, as ruff does.
func writeText(w io.Writer, rep *Report) error {
	var err error
	each(rep, func(f *File, d diag.Diagnostic) {
		line, col := f.Lines.Position(d.Start, source.UTF32)
		if err == nil {
			_, err = fmt.Fprintf(w, "%s:%d:%d: %s %s%s\n", f.Path, line+1, col+1, d.Code, d.Message, because(f, d))
		}
	})
	if err != nil {
		return err
	}
	if n := rep.Findings(); n > 0 {
		_, err = fmt.Fprintf(w, "Found %d problem%s in %d file%s.\n", n, plural(n), filesWithFindings(rep), plural(filesWithFindings(rep)))
	}
	return err
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
	each(rep, func(f *File, d diag.Diagnostic) {
		out.Diagnostics = append(out.Diagnostics, jsonDiagnostic{
			File: f.Path, Code: d.Code, Severity: d.Severity.String(), Message: d.Message, Range: lspRange(f, d), Data: d.Data,
		})
		bySeverity[d.Severity.String()]++
	})
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
