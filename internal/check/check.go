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
	"slices"
	"sort"
	"strings"
	"sync"
	"unicode/utf8"

	"github.com/pyworkers/pyworkers-lsp/internal/analysis"
	"github.com/pyworkers/pyworkers-lsp/internal/analysis/config"
	"github.com/pyworkers/pyworkers-lsp/internal/analysis/diag"
	"github.com/pyworkers/pyworkers-lsp/internal/analysis/ide"
	"github.com/pyworkers/pyworkers-lsp/internal/analysis/rules"
	"github.com/pyworkers/pyworkers-lsp/internal/analysis/source"
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
	// SkipDirs names the directories a walk does not enter (nil:
	// DefaultSkipDirs; empty non-nil: only hidden ones and virtual
	// environments). A directory given as a path is always checked.
	SkipDirs []string
	// ForceExclude applies exclude to paths named explicitly too.
	ForceExclude bool
	// Absolute prints absolute file paths; otherwise every path is the
	// path given on the command line joined with the file's path
	// relative to it (a config file above it included).
	Absolute bool
}

// File is one analysed file and its findings.
type File struct {
	Path string // relative to the path given on the command line (see Options.Absolute)
	// Text and Lines are kept for files with findings only (positions
	// and fixes need them): a run over a large tree holds the text of
	// the files it reports, not of every file it read.
	Text        []byte
	Lines       *source.Lines
	Diagnostics []diag.Diagnostic
	// project is the Worker the file belongs to (for its fixes).
	project *analysis.Project
}

// Report is the outcome of a run.
type Report struct {
	Files []*File
	// Errors are files that could not be read or analysed (exit code 2).
	Errors []error
	// DocsURL is the base URL of the rule documentation: the Workers'
	// docs-url when they all set the same one, else the default.
	DocsURL string
}

// Findings counts the findings of all files.
func (r *Report) Findings() int {
	n := 0
	for _, f := range r.Files {
		n += len(f.Diagnostics)
	}
	return n
}

// Failing counts the findings that fail a run (exit status 1): errors
// and warnings. Information and hints — a template's placeholder ids, a
// rule a project lowered to "info" — are reported but, as pyright's and
// mypy's notes, do not fail CI.
func (r *Report) Failing() int {
	n := 0
	for _, f := range r.Files {
		for _, d := range f.Diagnostics {
			if d.Severity <= diag.Warning {
				n++
			}
		}
	}
	return n
}

// Run analyses the files under opts.Paths: for each Python file, the
// Worker it belongs to (the nearest wrangler config) gives its runtime
// profile and options; each Worker's config files are checked too.
func Run(opts Options) (*Report, error) {
	if len(opts.Paths) == 0 {
		return nil, errors.New("no paths given")
	}
	rep := &Report{}
	var targets []target
	for _, p := range opts.Paths {
		found, errs := collect(p, opts.skipDirs())
		rep.Errors = append(rep.Errors, errs...)
		explicit := len(found) == 1 && found[0] == p
		root := p
		if explicit {
			root = filepath.Dir(p)
		}
		for _, f := range found {
			targets = append(targets, target{path: f, explicit: explicit, root: root})
		}
	}
	targets = dedupe(targets)

	projects := newProjects(opts.Runtime)
	var files []target
	for _, t := range targets {
		proj, err := projects.of(t.path)
		if err != nil {
			rep.Errors = append(rep.Errors, err)
		}
		abs, _ := filepath.Abs(t.path)
		t.projects = proj.ForFile(abs)
		t.config = config.IsWorkerInput(t.path)
		if selected(t, proj, opts) || embedded(t, opts) {
			t.project = proj
			files = append(files, t)
		}
	}

	rep.DocsURL = docsURL(files)
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
				if !files[i].config {
					results[i], errs[i] = analyzeFile(files[i], opts)
				}
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
	rep.Files = append(rep.Files, checkConfigs(files, opts)...)
	rep.Files = append(rep.Files, cleanConfigs(files, rep.Files, opts)...)
	return rep, nil
}

// cleanConfigs lists the config files named on the command line that
// have no finding, so a run that checked only them reports them checked.
func cleanConfigs(files []target, reported []*File, opts Options) []*File {
	seen := map[string]bool{}
	for _, f := range reported {
		seen[f.Path] = true
	}
	var out []*File
	for _, t := range files {
		if shown := DisplayPath(t.path, t.root, opts.Absolute); t.config && !seen[shown] {
			seen[shown] = true
			out = append(out, &File{Path: shown})
		}
	}
	return out
}

// docsURL is the rule documentation base the analysed projects agree on.
func docsURL(files []target) string {
	base := ""
	for _, f := range files {
		d := rules.DefaultDocBase
		if f.project != nil {
			d = f.project.Options.Docs()
		}
		if base != "" && d != base {
			return rules.DefaultDocBase
		}
		base = d
	}
	if base == "" {
		return rules.DefaultDocBase
	}
	return base
}

// target is a Python file to analyse.
type target struct {
	path string
	// explicit files were named on the command line: always analysed.
	explicit bool
	// config files (wrangler.toml, config.capnp, pyproject.toml, a lock)
	// named on the command line are checked as their Worker's config,
	// never parsed as Python.
	config bool
	// root is the directory the file was found under, as given on the
	// command line: paths are shown relative to it.
	root    string
	project *analysis.Project
	// projects are the profiles the file is analysed under: one per
	// workerd Worker that embeds it, else project alone.
	projects []*analysis.Project
}

// projects loads each directory's project once.
type projects struct {
	runtime string
	byDir   map[string]*analysis.Project
}

func newProjects(runtime string) *projects {
	return &projects{runtime: runtime, byDir: map[string]*analysis.Project{}}
}

func (ps *projects) of(path string) (*analysis.Project, error) {
	dir := filepath.Dir(path)
	if p, ok := ps.byDir[dir]; ok {
		return p, nil
	}
	p, err := analysis.LoadProject(path, "", nil, ps.runtime)
	ps.byDir[dir] = p
	if err != nil {
		err = fmt.Errorf("%s: reading config: %w", path, err)
	}
	return p, err
}

// belongs reports whether a file found by walking a directory is part of
// its Worker: under the directory of `main` and not excluded. Files with
// no Worker config are analysed (under the default profile, with a note).
func belongs(path string, p *analysis.Project) bool {
	abs, err := filepath.Abs(path)
	if err != nil {
		return false
	}
	if p.Options.Excluded(abs) {
		return false
	}
	if p.Profile.Default || p.Profile.Main == "" {
		return true
	}
	rel, err := filepath.Rel(filepath.Dir(p.Profile.Main), abs)
	return err == nil && !strings.HasPrefix(rel, "..")
}

// collect lists the Python files at or under path, leaving out the
// directories skip names (see skipDir).
func collect(path string, skip []string) ([]string, []error) {
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
			if p != path && skipDir(p, d.Name(), skip) {
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

// dedupe sorts targets by path and merges duplicates (explicit wins).
func dedupe(ts []target) []target {
	sort.SliceStable(ts, func(i, j int) bool { return ts[i].path < ts[j].path })
	out := ts[:0]
	for _, t := range ts {
		if n := len(out); n > 0 && out[n-1].path == t.path {
			out[n-1].explicit = out[n-1].explicit || t.explicit
			continue
		}
		out = append(out, t)
	}
	return out
}

// analyzeFile reads and analyses one Python file under its project.
func analyzeFile(t target, opts Options) (*File, error) {
	text, err := readRegular(t.path)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", t.path, unwrapPathError(err))
	}
	if isBinary(text) {
		return nil, fmt.Errorf("%s: not a text file", t.path)
	}
	diags, lines, err := analyzeVariants(t.path, text, t.projects, opts)
	if err != nil {
		return nil, err
	}
	shown := DisplayPath(t.path, t.root, opts.Absolute)
	if len(diags) == 0 {
		return &File{Path: shown}, nil
	}
	return &File{Path: shown, Text: text, Lines: lines, Diagnostics: diags, project: t.project}, nil
}

// readRegular reads a Python file: a regular file (following symlinks)
// of at most config.MaxPythonSize bytes. A FIFO or device named *.py is
// refused without blocking; a larger file is one error naming the limit.
func readRegular(path string) ([]byte, error) {
	text, err := config.ReadRegular(path, config.MaxPythonSize)
	if errors.Is(err, fs.ErrNotExist) {
		if link, lerr := os.Readlink(path); lerr == nil {
			return nil, fmt.Errorf("broken symbolic link to %s", link)
		}
	}
	return text, err
}

// workerModules keeps the function summaries of modules other files
// import, read once per process (and again when a file changes).
var workerModules = analysis.NewModules()

// analyzeVariants analyses a Python file under each of its projects (the
// workerd Workers that embed it), as the server analyses an open file's
// snapshot: findings merged, one per distinct result, naming the Workers
// when not all of them agree. Also for fixes, which re-analyse edited
// text.
func analyzeVariants(path string, text []byte, projects []*analysis.Project, opts Options) ([]diag.Diagnostic, *source.Lines, error) {
	abs, _ := filepath.Abs(path)
	env := &ide.Env{Projects: projects, Options: projects[0].Options.Merge(&opts.Analysis), Modules: workerModules}
	a, lines, err := ide.AnalyzeFile(abs, text, env)
	if err == nil && len(a.Errors) > 0 {
		err = errors.Join(a.Errors...)
	}
	if err != nil {
		return nil, nil, fmt.Errorf("%s: %w", path, err)
	}
	return a.Diagnostics, lines, nil
}

// checkConfigs checks the config files of every Worker whose Python files
// were analysed, once each. A finding on a file several Workers share (a
// lock or pyproject.toml above them) is one fact: it is reported once, on
// that file, naming the Workers it affects.
func checkConfigs(files []target, opts Options) []*File {
	type key struct {
		path, code, message string
		start, end          int
	}
	type shared struct {
		d       diag.Diagnostic
		workers []string
	}
	found := map[key]*shared{}
	var order []key
	byPath := map[string]*File{}
	var out []*File
	seen := map[string]bool{}
	for _, t := range files {
		ws := t.project.Workspace
		if ws == nil || (ws.Wrangler == nil && len(ws.Workerd) == 0) {
			continue
		}
		// Workspaces of sibling directories can share their config
		// files: check each set of files once.
		set := strings.Join(ws.Files(), "\x00")
		if seen[set] {
			continue
		}
		seen[set] = true
		worker := workerLabel(ws, t.root, opts.Absolute)
		res := analysis.CheckConfig(ws, t.project.Profile, t.project.Options.Merge(&opts.Analysis))
		for _, path := range ws.Files() {
			for _, d := range res.Diagnostics[path] {
				k := key{path, d.Code, d.Message, d.Start, d.End}
				if sh, ok := found[k]; ok {
					if !slices.Contains(sh.workers, worker) {
						sh.workers = append(sh.workers, worker)
					}
					continue
				}
				found[k] = &shared{d: d, workers: []string{worker}}
				order = append(order, k)
				if byPath[path] == nil {
					text := ws.Text(path)
					f := &File{Path: DisplayPath(path, t.root, opts.Absolute), Text: text, Lines: source.NewLines(text), project: t.project}
					byPath[path] = f
					out = append(out, f)
				}
			}
		}
	}
	for _, k := range order {
		sh := found[k]
		d := sh.d
		if len(sh.workers) > 1 {
			d.Message += "; shared by the Workers " + strings.Join(sh.workers, ", ")
		}
		f := byPath[k.path]
		f.Diagnostics = append(f.Diagnostics, d)
	}
	for _, f := range out {
		diag.Sort(f.Diagnostics)
	}
	return out
}

// workerLabel names a Worker in a shared finding: its wrangler `name`,
// else its config's path as check shows paths.
func workerLabel(ws *config.Workspace, root string, absolute bool) string {
	if ws.Wrangler == nil { // workerd configs only: their findings name their Workers
		return DisplayPath(ws.Workerd[0].Path, root, absolute)
	}
	if n := config.ReadWorker(ws.Wrangler, "").Name; n != nil && n.Value != "" && !config.IsPlaceholder(n.Value) {
		return n.Value
	}
	return DisplayPath(ws.Wrangler.Path, root, absolute)
}

// DisplayPath shows path relative to root, the path given on the command
// line, joined to it as written ("repo/workers/a" + "../../uv.lock" is
// "repo/uv.lock"), so paths are never relative to an unrelated working
// directory; absolute asks for absolute paths.
func DisplayPath(path, root string, absolute bool) string {
	abs, err := filepath.Abs(path)
	if err != nil {
		return path
	}
	if absolute {
		return abs
	}
	absRoot, err := filepath.Abs(root)
	if err != nil {
		return path
	}
	rel, err := filepath.Rel(absRoot, abs)
	if err != nil {
		return abs
	}
	return filepath.Join(root, rel)
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
