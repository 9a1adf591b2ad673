package main

import (
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"

	"github.com/pyworkers/pyworkers-lsp/internal/analysis/config"
	"github.com/pyworkers/pyworkers-lsp/internal/check"
)

// checkOutput holds the flags of `check` that shape its output and exit
// status, named as ruff names them.
type checkOutput struct {
	stdinFilename string
	outputFile    string
	statistics    bool
	exitZero      bool
	quiet         bool
	colorMode     string
	showFixes     bool
	forceExclude  bool
	absolute      bool
	// silent prints nothing at all: the exit status is the answer.
	silent bool
	// exitNonZeroOnFix: with --fix, exit 1 when a fix was applied even if
	// nothing is left to report (a hook that changed files fails).
	exitNonZeroOnFix bool
	noFix            bool
	// fromStdin is set while checking standard input: an editor reading
	// the output wants no note for a file it skips.
	fromStdin bool
}

func checkOutputFlags(fs *flag.FlagSet) *checkOutput {
	co := &checkOutput{}
	fs.StringVar(&co.stdinFilename, "stdin-filename", "", "read the file from standard input and report it under this `path` (its Worker and options apply)")
	fs.StringVar(&co.outputFile, "output-file", "", "write the report to this file instead of standard output")
	fs.StringVar(&co.outputFile, "o", "", "same as --output-file")
	fs.BoolVar(&co.statistics, "statistics", false, "print the number of findings per rule instead of the findings")
	fs.BoolVar(&co.exitZero, "exit-zero", false, "exit 0 even when there are findings (errors still exit 2)")
	fs.BoolVar(&co.exitZero, "e", false, "same as --exit-zero")
	fs.BoolVar(&co.exitNonZeroOnFix, "exit-non-zero-on-fix", false, "with --fix, exit 1 when a fix was applied, even if no finding is left")
	fs.BoolVar(&co.noFix, "no-fix", false, "do not apply fixes (overrides --fix, as in a shared configuration)")
	fs.BoolVar(&co.silent, "silent", false, "print nothing; the exit status tells (errors still go to standard error)")
	fs.BoolVar(&co.silent, "s", false, "same as --silent")
	fs.BoolVar(&co.quiet, "quiet", false, "print the findings and nothing else")
	fs.BoolVar(&co.quiet, "q", false, "same as --quiet")
	fs.StringVar(&co.colorMode, "color", "auto", "colour the text output: auto (on a terminal, unless NO_COLOR is set), always or never")
	fs.BoolVar(&co.showFixes, "show-fixes", false, "with --fix or --diff, list the fixes per file and rule")
	fs.BoolVar(&co.forceExclude, "force-exclude", false, "apply exclude to paths named on the command line too (for pre-commit hooks)")
	fs.BoolVar(&co.absolute, "absolute", false, "print absolute file paths (default: relative to the path given, as written)")
	return co
}

// formatName maps ruff's output format names that mean one of ours:
// ruff's "concise" is one line per finding, our text format.
func formatName(f string) string {
	if f == "concise" {
		return "text"
	}
	return f
}

func (co *checkOutput) validate() error {
	if co.exitZero && co.exitNonZeroOnFix {
		return fmt.Errorf("%w: --exit-zero and --exit-non-zero-on-fix contradict each other", errUsage)
	}
	switch co.colorMode {
	case "auto", "always", "never":
		return nil
	}
	return fmt.Errorf("%w: unknown --color %q (want auto, always or never)", errUsage, co.colorMode)
}

// stdinMode: a lone "-" path, or --stdin-filename without paths, reads
// the file from standard input (as ruff does).
func (co *checkOutput) stdinMode(paths []string) bool {
	return (len(paths) == 1 && paths[0] == "-") || (len(paths) == 0 && co.stdinFilename != "")
}

func (co *checkOutput) stdinPath() string {
	if co.stdinFilename != "" {
		return co.stdinFilename
	}
	return "."
}

// output opens --output-file (or returns stdout) and its closer.
func (co *checkOutput) output(stdout io.Writer) (io.Writer, func(), error) {
	if co.silent {
		return io.Discard, func() {}, nil
	}
	if co.outputFile == "" {
		return stdout, func() {}, nil
	}
	if dir := filepath.Dir(co.outputFile); dir != "" {
		if err := os.MkdirAll(dir, 0o755); err != nil {
			return nil, nil, fmt.Errorf("--output-file: %w", err)
		}
	}
	f, err := os.Create(co.outputFile)
	if err != nil {
		return nil, nil, fmt.Errorf("--output-file: %w", err)
	}
	return f, func() { _ = f.Close() }, nil
}

// color decides whether the text output is coloured: always, never, or
// (auto) when w is a terminal and NO_COLOR is unset (https://no-color.org;
// FORCE_COLOR turns it on as for ruff).
func (co *checkOutput) color(w io.Writer) bool {
	switch co.colorMode {
	case "always":
		return true
	case "never":
		return false
	}
	if os.Getenv("NO_COLOR") != "" {
		return false
	}
	if os.Getenv("FORCE_COLOR") != "" {
		return true
	}
	return isTerminal(w)
}

// isTerminal reports whether w is a character device (a terminal).
func isTerminal(w io.Writer) bool {
	f, ok := w.(*os.File)
	if !ok {
		return false
	}
	info, err := f.Stat()
	return err == nil && info.Mode()&os.ModeCharDevice != 0 && os.Getenv("TERM") != "dumb"
}

// runStdin checks standard input as --stdin-filename.
func (co *checkOutput) runStdin(opts check.Options, stdin io.Reader, out, stderr io.Writer, format string, wo check.WriteOptions) (int, error) {
	// Read one byte past the limit: a larger input is one error, as a
	// file over the limit is, not a run that silently finds nothing.
	text, err := io.ReadAll(io.LimitReader(stdin, config.MaxPythonSize+1))
	if err != nil {
		return 2, fmt.Errorf("reading standard input: %w", err)
	}
	if len(text) > config.MaxPythonSize {
		return 2, fmt.Errorf("standard input is larger than %d bytes, the limit for a Python file", config.MaxPythonSize)
	}
	rep, err := check.RunStdin(opts, co.stdinFilename, text)
	if err != nil {
		return 2, err
	}
	co.fromStdin = true
	return co.report(rep, format, wo, out, stderr)
}

// report writes rep and returns the exit status.
func (co *checkOutput) report(rep *check.Report, format string, wo check.WriteOptions, out, stderr io.Writer) (int, error) {
	if err := check.WriteWith(out, rep, format, wo); err != nil {
		return 2, err
	}
	for _, e := range rep.Errors {
		fmt.Fprintf(stderr, "pyworkers-lsp: %v\n", e)
	}
	if len(rep.Files) == 0 && len(rep.Errors) == 0 && !co.quiet && !co.silent && !co.fromStdin {
		// Every path named was excluded (--force-exclude) or lies outside
		// every Worker: say so, as ruff does, rather than pass silently.
		fmt.Fprintln(stderr, "warning: no Worker files to check under the given path(s): excluded, or outside every Worker (--all checks those)")
	}
	switch {
	case len(rep.Errors) > 0:
		return 2, nil
	case rep.Failing() > 0 && !co.exitZero:
		return 1, nil
	}
	return 0, nil
}

// exit applies --exit-zero to a status: findings (1) become 0.
func (co *checkOutput) exit(code int, err error) (int, error) {
	if code == 1 && co.exitZero {
		code = 0
	}
	return code, err
}

// parseInterspersed parses flags that may appear anywhere among the
// positional arguments (`check src --format json`), as ruff and most
// CLIs accept; everything after "--" is positional.
func parseInterspersed(fs *flag.FlagSet, args []string) ([]string, error) {
	var rest []string
	for i, a := range args {
		if a == "--" {
			args, rest = args[:i], args[i+1:]
			break
		}
	}
	var positional []string
	for {
		if err := parseFlags(fs, args); err != nil {
			return nil, err
		}
		left := fs.Args()
		if len(left) == 0 {
			break
		}
		// The first argument the flag package stopped at is positional
		// (it does not start with "-", or is "-" itself).
		positional = append(positional, left[0])
		args = left[1:]
	}
	return append(positional, rest...), nil
}
