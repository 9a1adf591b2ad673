package check

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"encoding/xml"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"

	"github.com/pyworkers/pyworkers-lsp/internal/analysis/diag"
	"github.com/pyworkers/pyworkers-lsp/internal/analysis/source"
)

// JUnit XML, the test-report format Jenkins, GitLab, Azure Pipelines and
// CircleCI read: one testsuite per file, one failed testcase per finding.
type junitSuites struct {
	XMLName  xml.Name     `xml:"testsuites"`
	Name     string       `xml:"name,attr"`
	Tests    int          `xml:"tests,attr"`
	Failures int          `xml:"failures,attr"`
	Errors   int          `xml:"errors,attr"`
	Suites   []junitSuite `xml:"testsuite"`
}

type junitSuite struct {
	Name     string      `xml:"name,attr"`
	Tests    int         `xml:"tests,attr"`
	Failures int         `xml:"failures,attr"`
	Errors   int         `xml:"errors,attr"`
	Cases    []junitCase `xml:"testcase"`
}

type junitCase struct {
	Name      string        `xml:"name,attr"`
	ClassName string        `xml:"classname,attr"`
	Line      int           `xml:"line,attr,omitempty"`
	Column    int           `xml:"column,attr,omitempty"`
	Failure   *junitFailure `xml:"failure,omitempty"`
	Error     *junitFailure `xml:"error,omitempty"`
}

type junitFailure struct {
	Message string `xml:"message,attr"`
	Type    string `xml:"type,attr,omitempty"`
	Text    string `xml:",chardata"`
}

// writeJUnit prints the report as JUnit XML. A run without findings is
// one passing testcase, so CI shows that the check ran; unreadable files
// are errors.
func writeJUnit(w io.Writer, rep *Report) error {
	out := junitSuites{Name: "pyworkers-lsp"}
	for _, f := range rep.Files {
		if len(f.Diagnostics) == 0 {
			continue
		}
		suite := junitSuite{Name: filepath.ToSlash(f.Path)}
		for _, d := range f.Diagnostics {
			line, col := f.Lines.Position(d.Start, source.UTF32)
			suite.Cases = append(suite.Cases, junitCase{
				Name: "pyworkers." + d.Code, ClassName: suite.Name, Line: line + 1, Column: col + 1,
				Failure: &junitFailure{Message: d.Message, Type: d.Severity.String(),
					Text: fmt.Sprintf("line %d, col %d, %s %s", line+1, col+1, d.Code, d.Message)},
			})
		}
		suite.Tests, suite.Failures = len(suite.Cases), len(suite.Cases)
		out.Suites = append(out.Suites, suite)
	}
	if len(rep.Errors) > 0 {
		suite := junitSuite{Name: "errors"}
		for _, e := range rep.Errors {
			suite.Cases = append(suite.Cases, junitCase{Name: "pyworkers.read", ClassName: "errors", Error: &junitFailure{Message: e.Error()}})
		}
		suite.Tests, suite.Errors = len(suite.Cases), len(suite.Cases)
		out.Suites = append(out.Suites, suite)
	}
	if len(out.Suites) == 0 {
		out.Suites = []junitSuite{{Name: "pyworkers-lsp", Tests: 1, Cases: []junitCase{{Name: "pyworkers.check", ClassName: "pyworkers-lsp"}}}}
	}
	for _, s := range out.Suites {
		out.Tests += s.Tests
		out.Failures += s.Failures
		out.Errors += s.Errors
	}
	if _, err := io.WriteString(w, xml.Header); err != nil {
		return err
	}
	enc := xml.NewEncoder(w)
	enc.Indent("", "  ")
	if err := enc.Encode(out); err != nil {
		return err
	}
	_, err := io.WriteString(w, "\n")
	return err
}

// gitlabIssue is one entry of a GitLab Code Quality report.
type gitlabIssue struct {
	Description string         `json:"description"`
	CheckName   string         `json:"check_name"`
	Fingerprint string         `json:"fingerprint"`
	Severity    string         `json:"severity"`
	Location    gitlabLocation `json:"location"`
}

type gitlabLocation struct {
	Path  string `json:"path"`
	Lines struct {
		Begin int `json:"begin"`
		End   int `json:"end"`
	} `json:"lines"`
}

// writeGitLab prints a GitLab Code Quality report (a JSON array). Paths
// are relative to $CI_PROJECT_DIR when set, as GitLab needs them
// relative to the repository. Fingerprints hash path, code, message and
// the occurrence number, not the line, so a finding keeps its identity
// when code above it moves.
func writeGitLab(w io.Writer, rep *Report) error {
	root := os.Getenv("CI_PROJECT_DIR")
	out := []gitlabIssue{}
	seen := map[string]int{}
	each(rep, func(f *File, d diag.Diagnostic) {
		path := gitlabPath(f.Path, root)
		sl, _ := f.Lines.Position(d.Start, source.UTF32)
		el, _ := f.Lines.Position(d.End, source.UTF32)
		key := path + "\x00" + d.Code + "\x00" + d.Message
		seen[key]++
		sum := sha256.Sum256([]byte(fmt.Sprintf("%s\x00%d", key, seen[key])))
		issue := gitlabIssue{Description: d.Code + " " + d.Message, CheckName: d.Code, Fingerprint: hex.EncodeToString(sum[:16]), Severity: gitlabSeverity(d.Severity)}
		issue.Location.Path = path
		issue.Location.Lines.Begin, issue.Location.Lines.End = sl+1, el+1
		out = append(out, issue)
	})
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(out)
}

func gitlabPath(path, root string) string {
	if root != "" {
		if abs, err := filepath.Abs(path); err == nil {
			if rel, err := filepath.Rel(root, abs); err == nil && !strings.HasPrefix(rel, "..") {
				path = rel
			}
		}
	}
	return filepath.ToSlash(path)
}

// gitlabSeverity maps severities to GitLab's scale (info, minor, major,
// critical, blocker).
func gitlabSeverity(s diag.Severity) string {
	switch s {
	case diag.Error:
		return "major"
	case diag.Warning:
		return "minor"
	}
	return "info"
}
