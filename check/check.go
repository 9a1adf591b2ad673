// Package check runs the analysis over files on disk for CI: it walks the
// given paths, analyses every Worker's Python and config files on all
// cores, and reports findings in text, JSON, SARIF or GitHub form.
package check

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
	"sort"
	"strings"
	"sync"
	"unicode/utf8"

	"github.com/pyworkers/pyworkers-lsp/analysis"
	"github.com/pyworkers/pyworkers-lsp/analysis/diag"
	"github.com/pyworkers/pyworkers-lsp/analysis/profile"
	"github.com/pyworkers/pyworkers-lsp/analysis/source"
)

// Options control a check run.
type Options struct {
	Paths []string
	// All analyses every Python file, not only those of a Worker.
	All bool
	// Jobs is the number of files analysed at once (0: all cores).
	Jobs int
	// Analysis options (select/ignore/severity) from the command line;
	// they override the project's [tool.pyworkers-lsp] settings.
	Analysis analysis.Options
	// Runtime overrides every profile's runtime ("0.26", "0.28", "314").
	Runtime string
}

// File is one analysed file and its findings.
type File struct {
	Path        string // as given or found (relative to the working directory when possible)
	Text        []byte
	Lines       *source.Lines
	Diagnostics []diag.Diagnostic
}

// Report is the outcome of a run.
type Report struct {
	Files []*File
	// Errors are files that could not be read or analysed (exit code 2).
	Errors []error
}

// Findings counts the findings of all files.
func (r *Report) Findings() int {
	n := 0
	for _, f := range r.Files {
		n += len(f.Diagnostics)
	}
	return n
}

// Run analyses the files under opts.Paths.
func Run(opts Options) (*Report, error) {
	if len(opts.Paths) == 0 {
		return nil, errors.New("no paths given")
	}
	rep := &Report{}
	var files []string
	for _, p := range opts.Paths {
		found, errs := collect(p)
		if len(found) == 0 && len(errs) > 0 {
			rep.Errors = append(rep.Errors, errs...)
			continue
		}
		rep.Errors = append(rep.Errors, errs...)
		files = append(files, found...)
	}
	files = dedupe(files)

	jobs := opts.Jobs
	if jobs <= 0 {
		jobs = runtime.GOMAXPROCS(0)
	}
	results := make([]*File, len(files))
	errs := make([]error, len(files))
	var wg sync.WaitGroup
	next := make(chan int)
	for w := 0; w < jobs; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range next {
				results[i], errs[i] = analyzeFile(files[i], opts)
			}
		}()
	}
	for i := range files {
		next <- i
	}
	close(next)
	wg.Wait()
	for i := range files {
		if errs[i] != nil {
			rep.Errors = append(rep.Errors, errs[i])
		} else if results[i] != nil {
			rep.Files = append(rep.Files, results[i])
		}
	}
	return rep, nil
}

// collect lists the Python files at or under path.
func collect(path string) ([]string, []error) {
	info, err := os.Stat(path)
	if err != nil {
		return nil, []error{fmt.Errorf("%s: %w", path, unwrapPathError(err))}
	}
	if !info.IsDir() {
		return []string{path}, nil
	}
	var files []string
	var errs []error
	walkErr := filepath.WalkDir(path, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			errs = append(errs, fmt.Errorf("%s: %w", p, unwrapPathError(err)))
			if d != nil && d.IsDir() {
				return fs.SkipDir
			}
			return nil
		}
		if d.IsDir() {
			name := d.Name()
			if p != path && (strings.HasPrefix(name, ".") || name == "node_modules" || name == "__pycache__" || name == "python_modules" || name == ".venv") {
				return fs.SkipDir
			}
			return nil
		}
		if strings.HasSuffix(p, ".py") {
			files = append(files, p)
		}
		return nil
	})
	if walkErr != nil {
		errs = append(errs, walkErr)
	}
	return files, errs
}

func unwrapPathError(err error) error {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return pe.Err
	}
	return err
}

func dedupe(files []string) []string {
	sort.Strings(files)
	out := files[:0]
	for i, f := range files {
		if i == 0 || f != files[i-1] {
			out = append(out, f)
		}
	}
	return out
}

// analyzeFile reads and analyses one Python file.
func analyzeFile(path string, opts Options) (*File, error) {
	text, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, unwrapPathError(err))
	}
	if isBinary(text) {
		return nil, fmt.Errorf("%s: not a text file", path)
	}
	abs, _ := filepath.Abs(path)
	prof := profile.Default()
	if opts.Runtime != "" {
		rt, err := profile.ParseRuntime(opts.Runtime)
		if err != nil {
			return nil, err
		}
		prof.Runtime = rt
	}
	doc := source.Open("file://"+filepath.ToSlash(abs), 0, text, true)
	defer doc.Close()
	snap := doc.Snapshot()
	defer snap.Close()
	res := analysis.Analyze(analysis.Input{Snapshot: snap, Profile: prof, Options: &opts.Analysis, Path: abs, IsMain: prof.Main == abs}, nil)
	if len(res.Errors) > 0 {
		return nil, fmt.Errorf("%s: %w", path, errors.Join(res.Errors...))
	}
	return &File{Path: path, Text: text, Lines: snap.Lines, Diagnostics: res.Diagnostics}, nil
}

// isBinary reports whether text looks like a binary file: NUL bytes in
// its first 8 KiB, or mostly invalid UTF-8.
func isBinary(text []byte) bool {
	head := text
	if len(head) > 8192 {
		head = head[:8192]
	}
	for _, b := range head {
		if b == 0 {
			return true
		}
	}
	return !utf8.Valid(head) && invalidShare(head) > 0.3
}

func invalidShare(b []byte) float64 {
	bad, n := 0, 0
	for len(b) > 0 {
		r, size := utf8.DecodeRune(b)
		if r == utf8.RuneError && size == 1 {
			bad++
		}
		n++
		b = b[size:]
	}
	if n == 0 {
		return 0
	}
	return float64(bad) / float64(n)
}
