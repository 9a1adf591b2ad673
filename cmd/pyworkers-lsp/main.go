// Command pyworkers-lsp is a language server and CI checker for Cloudflare
// Python Workers.
//
//	pyworkers-lsp [serve] [--stdio]     run the language server on stdio
//	pyworkers-lsp check PATH...         analyse files for CI
//	pyworkers-lsp explain CODE|SYMBOL   print a rule's or a symbol's doc
//	pyworkers-lsp rules                 list the rules
//	pyworkers-lsp version               print version information
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"syscall"

	"go.uber.org/zap"
	"go.uber.org/zap/zapcore"

	"github.com/pyworkers/pyworkers-lsp/internal/gcfloor"
	"github.com/pyworkers/pyworkers-lsp/internal/server"
)

// errUsage marks errors that exit with status 2 after printing usage help;
// errFlags marks flag errors whose usage the flag package already printed.
var (
	errUsage = errors.New("usage")
	errFlags = errors.New("usage")
)

func main() {
	// Editors start the server with stdin piped; a bare command on a
	// terminal is a person trying the tool, who would otherwise wait on a
	// silent server.
	if len(os.Args) == 1 && stdinIsTerminal() {
		fmt.Fprint(os.Stderr, bareUsage+usage)
		os.Exit(2)
	}
	os.Exit(run(os.Args[1:], os.Stdin, os.Stdout, os.Stderr))
}

// run executes a command line and returns the exit status: 0 success (no
// error or warning findings), 1 such findings or an unclean LSP exit, 2 usage or I/O errors.
func run(args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	cmd := "serve"
	if len(args) > 0 && (!isFlag(args[0]) || globalFlags[args[0]]) {
		cmd, args = args[0], args[1:]
	}
	var err error
	code := 0
	switch cmd {
	case "serve":
		code, err = serve(args, stdin, stdout, stderr)
	case "check":
		code, err = checkCmd(args, stdin, stdout, stderr)
	case "explain":
		err = explain(args, stdout)
	case "rules":
		err = listRules(args, stdout)
	case "version", "-version", "--version":
		printVersion(stdout)
	case "help", "-h", "-help", "--help":
		fmt.Fprint(stdout, usage)
	default:
		err = fmt.Errorf("%w: unknown command %q", errUsage, cmd)
	}
	if err != nil {
		fmt.Fprintf(stderr, "pyworkers-lsp: %v\n", err)
		if errors.Is(err, errUsage) {
			fmt.Fprint(stderr, "\n"+usage)
		}
		return 2
	}
	return code
}

func isFlag(s string) bool { return len(s) > 0 && s[0] == '-' }

// globalFlags are the flags that act as commands in first position; any
// other leading flag belongs to serve.
var globalFlags = map[string]bool{"-h": true, "-help": true, "--help": true, "-version": true, "--version": true}

const bareUsage = `pyworkers-lsp is a language server: editors start it and talk to it on stdin.
Run 'pyworkers-lsp check .' to analyse a project, or 'pyworkers-lsp serve' to
start the server on this terminal anyway.

`

const usage = `Usage:
  pyworkers-lsp [serve] [--stdio] [--log-level LEVEL] [--log-file FILE] [--cpuprofile FILE]
  pyworkers-lsp check [flags] [PATH...]
  pyworkers-lsp explain CODE|SYMBOL
  pyworkers-lsp rules [--format table|json]
  pyworkers-lsp version | --version
  pyworkers-lsp help | --help

Run 'pyworkers-lsp check -h' for the check flags.
`

// newFlagSet returns a flag set whose errors are returned, not fatal.
func newFlagSet(name string, stderr io.Writer) *flag.FlagSet {
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	fs.SetOutput(stderr)
	return fs
}

func parseFlags(fs *flag.FlagSet, args []string) error {
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return err
		}
		return fmt.Errorf("%w: %v", errFlags, err)
	}
	return nil
}

// newLogger logs to stderr (and a file, if given) — never to stdout,
// which carries JSON-RPC.
func newLogger(level, file string, stderr io.Writer) (*zap.Logger, func(), error) {
	var lvl zapcore.Level
	if err := lvl.UnmarshalText([]byte(level)); err != nil {
		return nil, nil, fmt.Errorf("%w: --log-level %q: want debug, info, warn or error", errUsage, level)
	}
	enc := zapcore.NewConsoleEncoder(zap.NewDevelopmentEncoderConfig())
	cores := []zapcore.Core{zapcore.NewCore(enc, zapcore.AddSync(stderr), lvl)}
	cleanup := func() {}
	if file != "" {
		f, err := os.OpenFile(file, os.O_CREATE|os.O_APPEND|os.O_WRONLY, 0o644)
		if err != nil {
			return nil, nil, fmt.Errorf("--log-file: %w", err)
		}
		cores = append(cores, zapcore.NewCore(zapcore.NewJSONEncoder(zap.NewProductionEncoderConfig()), zapcore.AddSync(f), lvl))
		cleanup = func() { _ = f.Close() }
	}
	return zap.New(zapcore.NewTee(cores...)), cleanup, nil
}

func serve(args []string, stdin io.Reader, stdout, stderr io.Writer) (int, error) {
	fs := newFlagSet("serve", stderr)
	fs.Bool("stdio", true, "communicate over stdin/stdout (the only transport)")
	level := fs.String("log-level", "info", "log level: debug, info, warn, error")
	logFile := fs.String("log-file", "", "also write logs to this file")
	cpuProfile := fs.String("cpuprofile", "", "write a CPU profile (pprof) of the session to this file")
	if err := parseFlags(fs, args); err != nil {
		return 2, err
	}
	stopProfile, err := startCPUProfile(*cpuProfile)
	if err != nil {
		return 2, err
	}
	defer stopProfile()
	log, cleanup, err := newLogger(*level, *logFile, stderr)
	if err != nil {
		return 2, err
	}
	defer cleanup()
	defer func() { _ = log.Sync() }()

	// The floor is for editing, from the first diagnostics on: while the
	// first module is opened, the collector running at a small heap keeps
	// the process in pages it has touched (first diagnostics of a
	// 20,000-line Worker, medians of three runs on a paravirtualized VM
	// where a fresh page cost 6–10 µs: 448 ms with the floor from the
	// start, 380 ms without). Until then the collector runs at up to 400%
	// with at most 64 MiB over the live heap (gcfloor.Opening): six
	// collections on the way to that module's live heap took their share
	// of two busy cores.
	endOpening := gcfloor.Opening(64<<20, 400)
	defer endOpening()
	startFloor, stopFloor := gcfloor.Later(serveHeapFloor)
	defer stopFloor()
	firstDiagnostics := func() {
		endOpening() // first: the floor's base is the process's GOGC
		startFloor()
	}

	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	// The resilient stream answers malformed input instead of closing.
	stream := server.NewStream(stdio{stdin, stdout}, log)
	srv := server.New(stream, server.Options{Logger: log, Version: moduleVersion(), FirstDiagnostics: firstDiagnostics})
	return srv.Run(ctx), nil
}

// serveHeapFloor is the heap goal the server keeps while its live heap is
// small (package gcfloor): with a 20,000-line module open, 64 MiB cut the
// collections while typing from one every 4 keystrokes to one every 20,
// the server's CPU per keystroke by 15% and the mean edit → publish
// latency by 12%.
const serveHeapFloor = 64 << 20

// stdio joins stdin and stdout into the stream's ReadWriteCloser.
type stdio struct {
	io.Reader
	io.Writer
}

func (stdio) Close() error { return nil }
