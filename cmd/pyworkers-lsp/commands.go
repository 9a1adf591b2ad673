package main

import (
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"runtime/debug"
	"strings"
	"text/tabwriter"

	"github.com/pyworkers/pyworkers-lsp/internal/analysis"
	"github.com/pyworkers/pyworkers-lsp/internal/analysis/docs"
	"github.com/pyworkers/pyworkers-lsp/internal/analysis/profile"
	"github.com/pyworkers/pyworkers-lsp/internal/analysis/rules"
	"github.com/pyworkers/pyworkers-lsp/internal/check"
)

func checkCmd(args []string, stdin io.Reader, stdout, stderr io.Writer) (int, error) {
	fs := newFlagSet("check", stderr)
	format := fs.String("format", "text", "output format: "+strings.Join(check.Formats, ", "))
	fs.StringVar(format, "output-format", "text", "same as --format (ruff's name)")
	all := fs.Bool("all", false, "analyse every Python file, also those outside any Worker (no wrangler config above them)")
	sel := fs.String("select", "", "comma-separated rule codes or prefixes to enable")
	ignore := fs.String("ignore", "", "comma-separated rule codes or prefixes to disable")
	runtime := fs.String("runtime", "", "override the runtime: 0.26, 0.28 or 314")
	jobs := fs.Int("jobs", 0, "files analysed in parallel (default: all cores)")
	fix := fs.Bool("fix", false, "apply the safe fixes to the files")
	unsafeFixes := fs.Bool("unsafe-fixes", false, "with --fix or --diff, apply the unsafe fixes too")
	diff := fs.Bool("diff", false, "print the fixes as a unified diff instead of writing them (exit 1 if there are any)")
	cpuProfile := fs.String("cpuprofile", "", "write a CPU profile (pprof) of the run to this file")
	skipDirs := fs.String("skip-dirs", strings.Join(check.DefaultSkipDirs, ","), "comma-separated directory names a walk does not enter (hidden directories and virtual environments are always skipped)")
	explainProfile := fs.Bool("explain-profile", false, "print the runtime profile each PATH resolves to, and where each value came from")
	co := checkOutputFlags(fs)
	fs.Usage = func() {
		fmt.Fprintf(stderr, "Usage: pyworkers-lsp check [flags] [PATH...]   (default PATH: .; - reads standard input)\n\nExit status: 0 no error or warning, 1 an error or warning finding (information notes do not fail), 2 usage or I/O error.\n\nFlags (anywhere on the command line; -- ends them):\n")
		fs.PrintDefaults()
	}
	paths, err := parseInterspersed(fs, args)
	if err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return 0, nil
		}
		return 2, err
	}
	*format = formatName(*format)
	*fix = *fix && !co.noFix
	if !validFormat(*format) {
		return 2, fmt.Errorf("%w: unknown --format %q (want %s)", errUsage, *format, strings.Join(check.Formats, ", "))
	}
	if err := co.validate(); err != nil {
		return 2, err
	}
	useStdin := co.stdinMode(paths)
	if len(paths) == 0 && !useStdin {
		paths = []string{"."}
	}
	if *explainProfile {
		if useStdin {
			paths = []string{co.stdinPath()}
		}
		return 0, explainProfiles(paths, *runtime, stdout)
	}
	if *unsafeFixes && !*fix && !*diff {
		return 2, fmt.Errorf("%w: --unsafe-fixes needs --fix or --diff", errUsage)
	}
	opts := check.Options{
		Paths: paths, All: *all, Jobs: *jobs, Runtime: *runtime, ForceExclude: co.forceExclude, Absolute: co.absolute,
		Analysis: analysis.Options{Select: splitList(*sel), Ignore: splitList(*ignore)},
		SkipDirs: append([]string{}, splitList(*skipDirs)...),
	}
	out, closeOut, err := co.output(stdout)
	if err != nil {
		return 2, err
	}
	defer closeOut()
	wo := check.WriteOptions{Version: moduleVersion(), Color: co.color(out), Unsafe: *unsafeFixes, Quiet: co.quiet, Statistics: co.statistics}
	batchGC()
	stopProfile, err := startCPUProfile(*cpuProfile)
	if err != nil {
		return 2, err
	}
	defer stopProfile()
	if useStdin {
		if *fix || *diff {
			return 2, fmt.Errorf("%w: --fix and --diff need files, not standard input", errUsage)
		}
		return co.runStdin(opts, stdin, out, stderr, *format, wo)
	}
	if *fix || *diff {
		return co.exit(fixCmd(opts, check.FixOptions{Unsafe: *unsafeFixes}, *diff, *format, out, stderr, wo, co))
	}
	rep, err := check.Run(opts)
	if err != nil {
		return 2, err
	}
	return co.report(rep, *format, wo, out, stderr)
}

// batchGC lets the heap grow to 5× the live data between collections
// (GOGC=400) unless GOGC is set. A check allocates per file and keeps only
// findings, so its live heap is small and the default GOGC=100 spends about
// a tenth of the run collecting garbage that is freed file after file.
func batchGC() {
	if os.Getenv("GOGC") == "" {
		debug.SetGCPercent(400)
	}
}

// fixCmd is `check --fix` and `check --diff`: fix (or print the diffs),
// then report what is left, as ruff does: "Fixed N problems." follows a
// text report (it goes to stderr with a machine-readable format, and
// with --diff as "Would fix N problems."); --show-fixes lists them.
func fixCmd(opts check.Options, fo check.FixOptions, diff bool, format string, stdout, stderr io.Writer, wo check.WriteOptions, co *checkOutput) (int, error) {
	if diff {
		fo.Diff = stdout
	}
	fr, err := check.Fix(opts, fo)
	if err != nil {
		return 2, err
	}
	summary := stdout
	if !diff {
		if err := check.WriteWith(stdout, fr.Report, format, wo); err != nil {
			return 2, err
		}
		if format != "text" {
			summary = stderr
		}
	} else {
		summary = stderr
	}
	switch {
	case co.showFixes:
		if err := fr.WriteFixes(summary, diff); err != nil {
			return 2, err
		}
	case !co.quiet:
		fmt.Fprintln(summary, fr.Summary(diff))
	}
	for _, e := range fr.Errors {
		fmt.Fprintf(stderr, "pyworkers-lsp: %v\n", e)
	}
	switch {
	case len(fr.Errors) > 0:
		return 2, nil
	case diff && fr.Fixed > 0, !diff && fr.Failing() > 0:
		return 1, nil
	case !diff && fr.Fixed > 0 && co.exitNonZeroOnFix:
		return 1, nil
	}
	return 0, nil
}

func validFormat(f string) bool {
	for _, known := range check.Formats {
		if f == known {
			return true
		}
	}
	return false
}

func splitList(s string) []string {
	var out []string
	for _, part := range strings.Split(s, ",") {
		if part = strings.TrimSpace(part); part != "" {
			out = append(out, part)
		}
	}
	return out
}

func explain(args []string, stdout io.Writer) error {
	if len(args) != 1 {
		return fmt.Errorf("%w: explain takes one rule code (PW202) or symbol (pyodide.ffi.to_js)", errUsage)
	}
	if r := rules.ByCode(args[0]); r != nil {
		fmt.Fprintf(stdout, "# %s %s\n\n%s\n\nSeverity: %s. Applies: %s. Fix: %s.\n\n%s\n", r.Code, r.Name, r.Summary, r.Severity, r.Runtimes, r.FixSafety(), r.Doc)
		return nil
	}
	if e, ok := docs.Lookup(args[0], nil); ok {
		fmt.Fprintf(stdout, "# %s\n\n%s", e.Key, e.Markdown)
		return nil
	}
	return fmt.Errorf("no rule or documented symbol named %q (see 'pyworkers-lsp rules')", args[0])
}

func listRules(args []string, stdout io.Writer) error {
	fs := newFlagSet("rules", io.Discard)
	format := fs.String("format", "table", "table or json")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	switch *format {
	case "json":
		type fixJSON struct {
			Kind          string `json:"kind"`
			Title         string `json:"title"`
			Applicability string `json:"applicability"`
		}
		type ruleJSON struct {
			Code     string `json:"code"`
			Name     string `json:"name"`
			Summary  string `json:"summary"`
			Severity string `json:"severity"`
			Runtimes string `json:"runtimes"`
			Fix      string `json:"fix"`
			URL      string `json:"url"`
			// Fixes lists the rule's declared fixes: what each does and
			// its applicability (ruff's safe / unsafe / display-only).
			Fixes []fixJSON `json:"fixes"`
		}
		var out []ruleJSON
		for _, r := range rules.All() {
			fixes := []fixJSON{}
			for _, f := range r.Fixes {
				fixes = append(fixes, fixJSON{f.Kind.String(), f.Title, f.Safety.String()})
			}
			out = append(out, ruleJSON{r.Code, r.Name, r.Summary, r.Severity.String(), r.Runtimes, r.FixSafety().String(), rules.DocURL(rules.DefaultDocBase, r.Code), fixes})
		}
		enc := json.NewEncoder(stdout)
		enc.SetIndent("", "  ")
		return enc.Encode(out)
	case "table":
		tw := tabwriter.NewWriter(stdout, 0, 4, 2, ' ', 0)
		fmt.Fprintln(tw, "CODE\tNAME\tSEVERITY\tFIX\tAPPLIES\tSUMMARY")
		for _, r := range rules.All() {
			fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\t%s\n", r.Code, r.Name, r.Severity, r.FixSafety(), r.Runtimes, r.Summary)
		}
		return tw.Flush()
	}
	return fmt.Errorf("%w: unknown --format %q (want table or json)", errUsage, *format)
}

// explainProfiles prints the resolved profile of each path.
func explainProfiles(paths []string, runtime string, stdout io.Writer) error {
	for i, path := range paths {
		if _, err := os.Stat(path); err != nil {
			return fmt.Errorf("%s: %w", path, errors.Unwrap(err))
		}
		base, err := analysis.LoadProject(path, "", nil, runtime)
		if err != nil {
			return fmt.Errorf("%s: %w", path, err)
		}
		root := path
		if st, err := os.Stat(path); err == nil && !st.IsDir() {
			root = filepath.Dir(path)
		}
		show := func(file string) string { return check.DisplayPath(file, root, false) }
		abs, _ := filepath.Abs(path)
		// A file embedded by workerd Workers has one profile per Worker.
		for j, p := range base.ForFile(abs) {
			if i > 0 || j > 0 {
				fmt.Fprintln(stdout)
			}
			of := path
			if p.Worker != nil {
				of += " in " + p.Worker.Label()
			}
			fmt.Fprintf(stdout, "Runtime profile of %s\n\n%s", of, profile.ExplainPaths(p.Profile, show))
			for _, n := range p.Notes {
				fmt.Fprintf(stdout, "note: %s\n", n.Message)
			}
		}
	}
	return nil
}
