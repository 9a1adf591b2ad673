// Command lspload benchmarks language servers over stdio and prints a
// markdown report. The first -server is the baseline the others are
// compared with; every number comes from this run.
//
//	go run ./bench/lspload -server ours=/path/pyworkers-lsp \
//	    -server 'pyright=pyright-langserver --stdio' -server pylsp=pylsp \
//	    -check /path/pyworkers-lsp
//
// Sections (-sections, comma-separated): latency (200 one-character edits
// typed sequentially into generated 5,000- and 20,000-line Workers; time
// from didChange to the publishDiagnostics for that version, or for
// servers that send no version the next publish after the edit), cold
// (process start to the first publishDiagnostics of a 500-line file),
// stages (in-process medians of each stage of our edit path), memory
// (RSS of the baseline with 1,000 open 500-line files, then over a
// 10,000-edit soak), check (lines/s of `check` on a 200-file tree against
// a parse-only pass with the same grammar). Everything is bounded in time
// and count; a server that misses a bound is reported, not waited for.
package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"runtime"
	"runtime/debug"
	"strconv"
	"strings"
	"time"
)

type serverSpec struct {
	name string
	argv []string
}

type serverFlags []serverSpec

func (s *serverFlags) String() string { return fmt.Sprint(*s) }

func (s *serverFlags) Set(v string) error {
	name, cmd, ok := strings.Cut(v, "=")
	if !ok || name == "" || strings.TrimSpace(cmd) == "" {
		return errors.New("want NAME=COMMAND [ARGS...]")
	}
	*s = append(*s, serverSpec{name, strings.Fields(cmd)})
	return nil
}

type config struct {
	servers     serverFlags
	sections    map[string]bool
	sizes       []int
	edits       int
	budget      time.Duration
	coldSizes   []int
	coldRuns    int
	memDocs     int
	memLines    int
	soakEdits   int
	checkBin    string
	checkFiles  int
	checkLines  int
	checkRuns   int
	workdir     string
	serverLog   io.Writer
	stageEdits  int
	initTimeout time.Duration
	about       string
	// only keeps the scenarios and module shapes whose names contain it.
	onlyScenario, onlyShape string
}

func main() {
	var cfg config
	var sections, sizes, coldSizes string
	var verbose bool
	flag.Var(&cfg.servers, "server", "NAME=COMMAND: a server to benchmark (repeatable; the first is the baseline)")
	flag.StringVar(&sections, "sections", "scenarios,cold,stages,memory,check", "sections to run (also: latency, the string-typing run alone)")
	flag.StringVar(&sizes, "lines", "5000,20000", "file sizes for the latency section")
	flag.IntVar(&cfg.edits, "edits", 200, "edits per file size and server")
	flag.DurationVar(&cfg.budget, "budget", 90*time.Second, "time limit for the edits of one server on one file size")
	flag.StringVar(&coldSizes, "cold-lines", "500,5000,20000", "file sizes for the cold start (each as a flat module and a one-class Worker)")
	flag.IntVar(&cfg.coldRuns, "cold-runs", 5, "cold starts per server, module and size (the median is reported)")
	flag.IntVar(&cfg.memDocs, "mem-docs", 1000, "documents open for the memory section")
	flag.IntVar(&cfg.memLines, "mem-lines", 500, "lines per document for the memory section")
	flag.IntVar(&cfg.soakEdits, "soak", 10000, "edits in the memory soak")
	flag.StringVar(&cfg.checkBin, "check", "", "pyworkers-lsp binary for the check section (default: the baseline's command)")
	flag.IntVar(&cfg.checkFiles, "check-files", 200, "Worker files in the check tree")
	flag.IntVar(&cfg.checkLines, "check-file-lines", 1000, "lines per file in the check tree")
	flag.IntVar(&cfg.checkRuns, "check-runs", 3, "rounds of the check passes, taken in turns (the best of each is reported)")
	flag.IntVar(&cfg.stageEdits, "stage-edits", 200, "edits timed per size in the stages section")
	flag.DurationVar(&cfg.initTimeout, "init-timeout", 60*time.Second, "time limit for initialize")
	flag.StringVar(&cfg.workdir, "workdir", "", "directory for generated workspaces (default: a temporary one, removed)")
	flag.StringVar(&cfg.onlyScenario, "scenario", "", "run only the editing scenarios whose name contains this")
	flag.StringVar(&cfg.onlyShape, "shape", "", "run the editing scenarios only on module shapes whose name contains this (flat, Worker)")
	flag.BoolVar(&verbose, "v", false, "pass the servers' stderr through")
	flag.StringVar(&cfg.about, "about", "", "a line printed under the title (e.g. the servers' versions)")
	flag.Parse()
	if len(cfg.servers) == 0 {
		fmt.Fprintln(os.Stderr, "lspload: give at least one -server NAME=COMMAND")
		os.Exit(2)
	}
	cfg.sections = map[string]bool{}
	for _, s := range strings.Split(sections, ",") {
		cfg.sections[strings.TrimSpace(s)] = true
	}
	var err error
	if cfg.sizes, err = sizeList("-lines", sizes); err == nil {
		cfg.coldSizes, err = sizeList("-cold-lines", coldSizes)
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, "lspload:", err)
		os.Exit(2)
	}
	cfg.serverLog = io.Discard
	if verbose {
		cfg.serverLog = os.Stderr
	}
	if cfg.checkBin == "" {
		cfg.checkBin = cfg.servers[0].argv[0]
	}
	if cfg.workdir == "" {
		dir, err := os.MkdirTemp("", "lspload-")
		if err != nil {
			fmt.Fprintln(os.Stderr, "lspload:", err)
			os.Exit(1)
		}
		defer os.RemoveAll(dir)
		cfg.workdir = dir
	}
	if err := run(&cfg, os.Stdout); err != nil {
		fmt.Fprintln(os.Stderr, "lspload:", err)
		os.Exit(1)
	}
}

// clientGCPercent is the client's GOGC while it times servers.
const clientGCPercent = 800

// quietClient runs this process's collector at clientGCPercent until the
// returned function restores it (a GOGC set in the environment wins).
// The client copies the module on every edit and decodes every publish:
// at GOGC=100 it collected every few keystrokes, on the cores the server
// under test runs on, and its collections showed in the server's
// latency (2,930 keystrokes of new functions into a 5,000-line module,
// two runs each: p99 2.0–2.3 ms at GOGC=100, 1.7 ms at 800).
func quietClient() (restore func()) {
	if os.Getenv("GOGC") != "" {
		return func() {}
	}
	old := debug.SetGCPercent(clientGCPercent)
	return func() { debug.SetGCPercent(old) }
}

func run(cfg *config, out io.Writer) error {
	r := &report{out: out, baseP50: map[int]time.Duration{}}
	r.printf("# pyworkers-lsp benchmarks\n\n")
	if cfg.about != "" {
		r.printf("%s\n\n", cfg.about)
	}
	r.printf("Machine: %d CPUs (GOMAXPROCS %d), load average at start %s. Servers: %s.\n\n",
		runtime.NumCPU(), runtime.GOMAXPROCS(0), loadAverage(), serverList(cfg.servers))
	steps := []struct {
		name string
		run  func(*config, *report) error
		// client: the section times server processes this one drives
		// (quietClient while it runs).
		client bool
	}{
		{"scenarios", scenariosSection, true},
		{"latency", latencySection, true},
		{"cold", coldSection, true},
		{"stages", stagesSection, false},
		{"memory", memorySection, false},
		{"check", checkSection, false},
	}
	var failed []string
	for _, s := range steps {
		if !cfg.sections[s.name] {
			continue
		}
		progress("== %s", s.name)
		restore := func() {}
		if s.client {
			restore = quietClient()
		}
		err := s.run(cfg, r)
		restore()
		if err != nil {
			r.printf("**%s failed:** %v\n\n", s.name, err)
			failed = append(failed, s.name)
		}
	}
	r.printf("Load average at end: %s.\n", loadAverage())
	if len(failed) > 0 {
		return fmt.Errorf("sections failed: %s", strings.Join(failed, ", "))
	}
	return nil
}

func serverList(ss []serverSpec) string {
	var parts []string
	for _, s := range ss {
		parts = append(parts, fmt.Sprintf("%s (`%s`)", s.name, strings.Join(s.argv, " ")))
	}
	return strings.Join(parts, ", ")
}

// report writes markdown to out.
type report struct {
	out io.Writer
	// baseP50 is the baseline's p50 latency by file size, for the stages
	// section's transport column.
	baseP50 map[int]time.Duration
}

func (r *report) printf(format string, args ...any) { fmt.Fprintf(r.out, format, args...) }

// progress logs to stderr so the report on stdout stays clean.
func progress(format string, args ...any) {
	fmt.Fprintf(os.Stderr, "lspload: "+format+"\n", args...)
}

// loadAverage reads the 1, 5 and 15 minute load averages.
func loadAverage() string {
	data, err := os.ReadFile("/proc/loadavg")
	if err != nil {
		return "unknown"
	}
	f := strings.Fields(string(data))
	if len(f) < 3 {
		return "unknown"
	}
	return strings.Join(f[:3], " / ")
}

func ms(d time.Duration) string {
	switch {
	case d <= 0:
		return "–"
	case d < 10*time.Millisecond:
		return fmt.Sprintf("%.2f ms", float64(d)/1e6)
	case d < 10*time.Second:
		return fmt.Sprintf("%.0f ms", float64(d)/1e6)
	}
	return fmt.Sprintf("%.1f s", d.Seconds())
}

// ratio formats other/base as "12.3×".
func ratio(other, base time.Duration) string {
	if other <= 0 || base <= 0 {
		return "–"
	}
	return fmt.Sprintf("%.1f×", float64(other)/float64(base))
}

func mb(b int64) string { return fmt.Sprintf("%.1f MB", float64(b)/(1<<20)) }

// sizeList parses the comma-separated line counts given to flag name.
func sizeList(name, list string) ([]int, error) {
	var out []int
	for _, s := range strings.Split(list, ",") {
		n, err := strconv.Atoi(strings.TrimSpace(s))
		if err != nil || n <= 0 {
			return nil, fmt.Errorf("bad %s %q", name, s)
		}
		out = append(out, n)
	}
	return out, nil
}
