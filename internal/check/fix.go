package check

import (
	"errors"
	"fmt"
	"io"
	"path/filepath"

	"github.com/pyworkers/pyworkers-lsp/internal/analysis"
	"github.com/pyworkers/pyworkers-lsp/internal/analysis/config"
	"github.com/pyworkers/pyworkers-lsp/internal/analysis/diag"
	"github.com/pyworkers/pyworkers-lsp/internal/analysis/source"
	"github.com/pyworkers/pyworkers-lsp/internal/quickfix"
)

// FixOptions control `check --fix`.
type FixOptions struct {
	// Unsafe also applies fixes whose rule marks them unsafe.
	Unsafe bool
	// Diff, when set, receives a unified diff per file instead of the
	// files being written.
	Diff io.Writer
}

// FixReport is the outcome of Fix.
type FixReport struct {
	// Report holds the findings left after fixing (for Diff: the findings
	// that would be left).
	*Report
	// Fixed counts the fixes applied (or, with Diff, that would be).
	Fixed int
	// ByFile counts, per file and rule code, the findings the fixes
	// removed (for --show-fixes).
	ByFile map[string]map[string]int
}

// Summary is the line that closes the report: "Fixed 3 problems.", or
// for a diff "Would fix 3 problems.".
func (fr *FixReport) Summary(diff bool) string {
	verb := "Fixed"
	if diff {
		verb = "Would fix"
	}
	return fmt.Sprintf("%s %d problem%s.", verb, fr.Fixed, plural(fr.Fixed))
}

// ErrChangedOnDisk is returned for a file that changed between the check
// reading it and the fix writing it: the fix is not written.
var ErrChangedOnDisk = errors.New("changed on disk since it was read; not fixed")

// Fix checks opts.Paths like Run and applies the fixes of every finding:
// safe ones, and unsafe ones with fo.Unsafe. Wrangler configs are fixed
// before the Python files (a config fix can change their runtime). Each
// file is rewritten in place and only if it still holds what was read
// (see writeIfUnchanged).
func Fix(opts Options, fo FixOptions) (*FixReport, error) {
	out := &FixReport{}
	rep, err := Run(opts)
	if err != nil {
		return nil, err
	}
	projects := newProjects(opts.Runtime)
	configs, pythons := splitConfigs(rep.Files)
	var errs []error
	written := false
	for _, group := range [][]*File{configs, pythons} {
		for _, f := range group {
			before := countCodes(f.Diagnostics)
			n, wrote, err := fixFile(f, projects, opts, fo)
			out.record(f.Path, before, countCodes(f.Diagnostics), n)
			out.Fixed += n
			written = written || wrote
			if err != nil {
				errs = append(errs, err)
			}
		}
	}
	if written {
		// Report what the files hold now, with the configs as fixed.
		if rep, err = Run(opts); err != nil {
			return nil, err
		}
	}
	rep.Errors = append(rep.Errors, errs...)
	out.Report = rep
	return out, nil
}

// splitConfigs separates the wrangler configs from the Python files
// (other files have no fixes).
func splitConfigs(files []*File) (configs, pythons []*File) {
	for _, f := range files {
		switch {
		case isWrangler(f.Path):
			configs = append(configs, f)
		case filepath.Ext(f.Path) == ".py":
			pythons = append(pythons, f)
		}
	}
	return configs, pythons
}

func isWrangler(path string) bool {
	for _, name := range config.WranglerNames {
		if filepath.Base(path) == name {
			return true
		}
	}
	return false
}

// fixFile applies the fixes of one file and writes it (or its diff). It
// updates f to the fixed text and the findings left.
func fixFile(f *File, projects *projects, opts Options, fo FixOptions) (fixed int, wrote bool, err error) {
	defer func() {
		// A fixer bug must not stop the fixes of the other files.
		if r := recover(); r != nil {
			fixed, wrote, err = 0, false, fmt.Errorf("%s: fixing failed: %v", f.Path, r)
		}
	}()
	abs, err := filepath.Abs(f.Path)
	if err != nil {
		return 0, false, fmt.Errorf("%s: %w", f.Path, err)
	}
	if config.IsWorkerdConfig(abs) {
		return 0, false, nil // no fixes edit workerd configs
	}
	project, _ := projects.of(abs)
	variants := project.ForFile(abs)
	analyze := pythonAnalyzer(f.Path, variants, opts)
	if isWrangler(abs) {
		analyze = configAnalyzer(abs, project, opts)
	}
	if analyze == nil {
		return 0, false, nil
	}
	doc := quickfix.Document{Path: abs, Text: f.Text, Profile: variants[0].Profile, Lines: f.Lines}
	res := quickfix.FixAll(doc, f.Diagnostics, analyze, quickfix.FixAllOptions{Unsafe: fo.Unsafe})
	if res.Fixed == 0 {
		return 0, false, nil
	}
	res.Text = keepFormat(f.Text, res.Text)
	if fo.Diff != nil {
		if _, err := io.WriteString(fo.Diff, quickfix.Diff(f.Path, f.Text, res.Text)); err != nil {
			return 0, false, err
		}
	} else if err := writeFix(project.Workspace, abs, f.Text, res.Text); err != nil {
		return 0, false, fmt.Errorf("%s: %w", f.Path, err)
	}
	f.Text, f.Lines, f.Diagnostics = res.Text, source.NewLines(res.Text), res.Diagnostics
	return res.Fixed, fo.Diff == nil, nil
}

// pythonAnalyzer re-analyses a Python file's edited text; analysis
// errors count as no findings (the fix stops).
func pythonAnalyzer(path string, projects []*analysis.Project, opts Options) quickfix.Analyze {
	return func(text []byte) []diag.Diagnostic {
		diags, _, err := analyzeVariants(path, text, projects, opts)
		if err != nil {
			return nil
		}
		return diags
	}
}

// configAnalyzer re-checks the project's config with the wrangler file at
// path holding new text; nil when path is not the project's config.
func configAnalyzer(path string, project *analysis.Project, opts Options) quickfix.Analyze {
	ws := project.Workspace
	if ws == nil || ws.Wrangler == nil || ws.Wrangler.Path != path {
		return nil
	}
	return quickfix.ConfigAnalyzer(ws, project.Options.Merge(&opts.Analysis), opts.Runtime)
}
