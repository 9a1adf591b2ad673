package main

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"
)

// The hostile suite runs the built binary against repositories and
// clients built to crash, hang or bloat it (testdata/hostile/README.md
// lists the cases). Large inputs are generated here, never committed.
// Every case asserts a CPU-time bound (user+system: stable on a loaded
// machine), a wall-clock bound three times that (the machine is shared)
// and a peak-RSS bound on the process. PYWORKERS_HOSTILE_BIN runs the suite against another binary
// (an older build, to compare); PYWORKERS_HOSTILE_REPORT=1 logs each
// case's measurements.

// hostileRSS bounds the peak resident set of every case.
const hostileRSS = 500 << 20

type hostileCase struct {
	name string
	// setup writes the case into dir and returns the arguments of the
	// binary (paths relative to dir are fine: it runs in dir).
	setup func(t *testing.T, dir string) []string
	bound time.Duration // CPU time; wall clock: 3×
	// check asserts on the outcome (exit code, output, files).
	check func(t *testing.T, dir string, r hostileRun)
}

type hostileRun struct {
	code           int
	stdout, stderr string
	wall, cpu      time.Duration
	rss            int64 // bytes
	killed         bool
}

// hostileBuild is the binary the hostile tests share (built once per run
// of the package's tests, removed by TestMain).
var hostileBuild struct {
	sync.Once
	dir, bin string
	err      error
}

func hostileBinary(t *testing.T) string {
	if bin := os.Getenv("PYWORKERS_HOSTILE_BIN"); bin != "" {
		return bin
	}
	hostileBuild.Do(func() {
		hostileBuild.dir, hostileBuild.err = os.MkdirTemp("", "pyworkers-hostile-")
		if hostileBuild.err != nil {
			return
		}
		hostileBuild.bin = filepath.Join(hostileBuild.dir, "pyworkers-lsp")
		if out, err := exec.Command("go", "build", "-o", hostileBuild.bin, ".").CombinedOutput(); err != nil {
			hostileBuild.err = fmt.Errorf("build: %v\n%s", err, out)
		}
	})
	if hostileBuild.err != nil {
		t.Fatal(hostileBuild.err)
	}
	return hostileBuild.bin
}

func TestMain(m *testing.M) {
	code := m.Run()
	if hostileBuild.dir != "" {
		os.RemoveAll(hostileBuild.dir)
	}
	os.Exit(code)
}

// runBounded runs bin in dir and kills it at twice the wall-clock bound
// (so a hang fails instead of stalling the suite).
func runBounded(bin, dir string, args []string, bound time.Duration) hostileRun {
	ctx, cancel := context.WithTimeout(context.Background(), 2*wallBound(bound))
	defer cancel()
	cmd := exec.CommandContext(ctx, bin, args...)
	cmd.Dir = dir
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	start := time.Now()
	var err error
	var peak int64 = -1
	if err = cmd.Start(); err == nil {
		done, polled := make(chan struct{}), make(chan int64, 1)
		go func() { polled <- pollPeakRSS(cmd.Process.Pid, done) }()
		err = cmd.Wait()
		close(done)
		peak = <-polled
	}
	r := hostileRun{wall: time.Since(start), stdout: stdout.String(), stderr: stderr.String(), killed: ctx.Err() != nil}
	if cmd.ProcessState != nil {
		r.code = cmd.ProcessState.ExitCode()
		r.cpu = cmd.ProcessState.UserTime() + cmd.ProcessState.SystemTime()
		if ru, ok := cmd.ProcessState.SysUsage().(*syscall.Rusage); ok {
			r.rss = ru.Maxrss << 10
		}
		// ru_maxrss of a child started with vfork counts the test
		// process's own peak (the memory it shared until exec): where
		// /proc is there, the child's high-water mark is read instead.
		if peak > 0 {
			r.rss = peak
		}
	} else if err != nil {
		r.code = -1
	}
	return r
}

func TestHostile(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the binary")
	}
	bin := hostileBinary(t)
	for _, c := range hostileCases() {
		t.Run(c.name, func(t *testing.T) {
			dir := t.TempDir()
			args := c.setup(t, dir)
			r := runBounded(bin, dir, args, c.bound)
			if os.Getenv("PYWORKERS_HOSTILE_REPORT") != "" {
				t.Logf("HOSTILE %-28s wall=%-8s cpu=%-8s rss=%4dMB exit=%d killed=%v", c.name, r.wall.Round(time.Millisecond), r.cpu.Round(time.Millisecond), r.rss>>20, r.code, r.killed)
			}
			if r.killed || r.wall > wallBound(c.bound) || r.cpu > c.bound {
				t.Fatalf("took %v wall, %v CPU (bounds %v, %v; killed=%v)", r.wall, r.cpu, wallBound(c.bound), c.bound, r.killed)
			}
			if r.rss > hostileRSS {
				t.Errorf("peak RSS %d MB (bound %d MB)", r.rss>>20, hostileRSS>>20)
			}
			if strings.Contains(r.stderr, "fatal error") || strings.Contains(r.stderr, "panic:") || strings.Contains(r.stderr, "goroutine ") {
				t.Fatalf("crashed:\n%s", truncateOut(r.stderr))
			}
			if c.check != nil {
				c.check(t, dir, r)
			}
		})
	}
}

// pollPeakRSS samples the process's resident high-water mark (VmHWM,
// of its own address space) every 5 ms until done; -1 without /proc.
// Growth in its last 5 ms may be missed.
func pollPeakRSS(pid int, done <-chan struct{}) int64 {
	status := fmt.Sprintf("/proc/%d/status", pid)
	peak := int64(-1)
	tick := time.NewTicker(5 * time.Millisecond)
	defer tick.Stop()
	for {
		if data, err := os.ReadFile(status); err == nil {
			if i := bytes.Index(data, []byte("VmHWM:")); i >= 0 {
				if f := strings.Fields(string(data[i+6:])); len(f) > 0 {
					var kb int64
					if _, err := fmt.Sscan(f[0], &kb); err == nil && kb<<10 > peak {
						peak = kb << 10
					}
				}
			}
		}
		select {
		case <-done:
			return peak
		case <-tick.C:
		}
	}
}

func wallBound(cpu time.Duration) time.Duration { return 3 * cpu }

func truncateOut(s string) string {
	if len(s) > 2000 {
		return s[:2000] + "…"
	}
	return s
}

func write(t *testing.T, path string, data []byte) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, data, 0o644); err != nil {
		t.Fatal(err)
	}
}

// worker writes a minimal Worker into dir with src/entry.py holding py.
func worker(t *testing.T, dir, py string) {
	write(t, filepath.Join(dir, "wrangler.toml"), []byte("name = \"w\"\nmain = \"src/entry.py\"\ncompatibility_date = \"2025-11-02\"\ncompatibility_flags = [\"python_workers\"]\n"))
	write(t, filepath.Join(dir, "src", "entry.py"), []byte(py))
}

const toPy = "from pyodide.ffi import to_py\n"

// onFetch is a module-level handler, which --unsafe-fixes turns into a
// method of class Default (the rewrite indents every line).
const onFetch = "from workers import Response\n\n\nasync def on_fetch(request, env):\n    x = 1\n    return Response(\"hi\")\n"

// wantExit asserts the exit code is one of codes and that output names
// want (in stdout or stderr).
func wantExit(want string, codes ...int) func(*testing.T, string, hostileRun) {
	return func(t *testing.T, _ string, r hostileRun) {
		t.Helper()
		ok := false
		for _, c := range codes {
			ok = ok || r.code == c
		}
		if !ok {
			t.Errorf("exit %d, want one of %v\nstdout: %s\nstderr: %s", r.code, codes, truncateOut(r.stdout), truncateOut(r.stderr))
		}
		if want != "" && !strings.Contains(r.stdout+r.stderr, want) {
			t.Errorf("output lacks %q\nstdout: %s\nstderr: %s", want, truncateOut(r.stdout), truncateOut(r.stderr))
		}
	}
}

func hostileCases() []hostileCase {
	check := func(args ...string) []string { return append([]string{"check"}, args...) }
	return []hostileCase{
		{
			name: "json-nested-arrays-2MB",
			setup: func(t *testing.T, dir string) []string {
				write(t, filepath.Join(dir, "wrangler.json"), append(append([]byte(`{"main":"src/entry.py","x":`), bytes.Repeat([]byte("["), 1<<20)...), bytes.Repeat([]byte("]"), 1<<20)...))
				write(t, filepath.Join(dir, "src", "entry.py"), []byte(toPy))
				return check(".")
			},
			bound: 5 * time.Second,
			check: wantExit("wrangler.json", 1, 2),
		},
		{
			name: "toml-nested-arrays-2MB",
			setup: func(t *testing.T, dir string) []string {
				worker(t, dir, toPy)
				write(t, filepath.Join(dir, "pyproject.toml"), append(append([]byte("[project]\nname = \"w\"\nx = "), bytes.Repeat([]byte("["), 1<<20)...), bytes.Repeat([]byte("]"), 1<<20)...))
				return check(".")
			},
			bound: 5 * time.Second,
			check: wantExit("pyproject.toml", 1, 2),
		},
		{
			name: "toml-nested-inline-tables",
			setup: func(t *testing.T, dir string) []string {
				worker(t, dir, toPy)
				write(t, filepath.Join(dir, "pyproject.toml"), []byte("[project]\nname = \"w\"\nx = "+strings.Repeat("{a=", 200000)+"1"+strings.Repeat("}", 200000)+"\n"))
				return check(".")
			},
			bound: 5 * time.Second,
			check: wantExit("pyproject.toml", 1, 2),
		},
		{
			name: "pyproject-fifo",
			setup: func(t *testing.T, dir string) []string {
				worker(t, dir, toPy)
				if err := syscall.Mkfifo(filepath.Join(dir, "pyproject.toml"), 0o644); err != nil {
					t.Skip("mkfifo:", err)
				}
				return check(".")
			},
			bound: 5 * time.Second,
			check: wantExit("pyproject.toml", 1, 2),
		},
		{
			name: "pyproject-symlink-dev-zero",
			setup: func(t *testing.T, dir string) []string {
				worker(t, dir, toPy)
				if err := os.Symlink("/dev/zero", filepath.Join(dir, "pyproject.toml")); err != nil {
					t.Fatal(err)
				}
				return check(".")
			},
			bound: 5 * time.Second,
			check: wantExit("pyproject.toml", 1, 2),
		},
		{
			name: "requirements-symlink-dev-zero",
			setup: func(t *testing.T, dir string) []string {
				worker(t, dir, toPy)
				if err := os.Symlink("/dev/zero", filepath.Join(dir, "requirements.txt")); err != nil {
					t.Fatal(err)
				}
				return check(".")
			},
			bound: 5 * time.Second,
			check: wantExit("requirements.txt", 1, 2),
		},
		{
			name: "wrangler-oversized-64MB",
			setup: func(t *testing.T, dir string) []string {
				worker(t, dir, toPy)
				f, err := os.OpenFile(filepath.Join(dir, "wrangler.toml"), os.O_APPEND|os.O_WRONLY, 0)
				if err != nil {
					t.Fatal(err)
				}
				// Sparse: 64 MB of comment-free zeros would be a syntax
				// error; what matters is that it is not read whole.
				if err := f.Truncate(64 << 20); err != nil {
					t.Fatal(err)
				}
				f.Close()
				return check(".")
			},
			bound: 5 * time.Second,
			check: wantExit("wrangler.toml", 1, 2),
		},
		{
			name: "python-oversized-12MB",
			setup: func(t *testing.T, dir string) []string {
				worker(t, dir, toPy)
				if err := os.Truncate(filepath.Join(dir, "src", "entry.py"), 12<<20); err != nil {
					t.Fatal(err)
				}
				return check(".")
			},
			bound: 5 * time.Second,
			check: wantExit("over the limit of 1.0 MiB", 2),
		},
		{
			name: "exclude-glob-16-doublestar",
			setup: func(t *testing.T, dir string) []string {
				deep := filepath.Join(dir, "src", "a", "b", "c", "d", "e", "f", "g", "h", "i", "j", "k", "l", "m", "n", "o", "p", "q", "r")
				worker(t, dir, toPy)
				write(t, filepath.Join(deep, "mod.py"), []byte(toPy))
				write(t, filepath.Join(dir, "pyproject.toml"), []byte("[project]\nname = \"w\"\n[tool.pyworkers-lsp]\nexclude = [\""+strings.Repeat("**/", 16)+"zz\"]\nper-file-ignores = { \""+strings.Repeat("**/", 16)+"zz\" = [\"PW201\"] }\n"))
				return check(".")
			},
			bound: 5 * time.Second,
			check: wantExit("PW201", 1),
		},
		{
			name: "wrangler-toml-3MB-many-values",
			setup: func(t *testing.T, dir string) []string {
				worker(t, dir, toPy)
				var b bytes.Buffer
				b.WriteString("name = \"w\"\nmain = \"src/entry.py\"\ncompatibility_date = \"2025-11-02\"\ncompatibility_flags = [\"python_workers\"]\n")
				for i := 0; b.Len() < 3<<20; i++ {
					fmt.Fprintf(&b, "[[kv_namespaces]]\nbinding = \"B%d\"\nid = \"0f2ac74b498b48028cb68387c421e279\"\n", i)
				}
				write(t, filepath.Join(dir, "wrangler.toml"), b.Bytes())
				return check(".")
			},
			bound: 10 * time.Second,
			check: wantExit("PW201", 1),
		},
		{
			name: "pyproject-2MB-dependencies",
			setup: func(t *testing.T, dir string) []string {
				worker(t, dir, toPy)
				var b bytes.Buffer
				b.WriteString("[project]\nname = \"w\"\ndependencies = [\n")
				for i := 0; b.Len() < 2<<20; i++ {
					fmt.Fprintf(&b, "  \"package-%d==1.0\",\n", i)
				}
				b.WriteString("]\n")
				write(t, filepath.Join(dir, "pyproject.toml"), b.Bytes())
				return check(".")
			},
			bound: 10 * time.Second,
			check: wantExit("", 1, 2),
		},
		{
			name: "requirements-4MB",
			setup: func(t *testing.T, dir string) []string {
				worker(t, dir, toPy)
				var b bytes.Buffer
				for i := 0; b.Len() < 4<<20; i++ {
					fmt.Fprintf(&b, "package-%d==1.0\n", i)
				}
				write(t, filepath.Join(dir, "requirements.txt"), b.Bytes())
				return check(".")
			},
			bound: 10 * time.Second,
			check: wantExit("", 1, 2),
		},
		{
			name: "2000-findings-one-line",
			setup: func(t *testing.T, dir string) []string {
				// One 0.95 MB line (with a non-ASCII character first, so
				// columns are not byte offsets; under the 1 MiB limit)
				// holding 2,000 findings.
				var b bytes.Buffer
				b.WriteString("é = 1; ")
				pad := strings.Repeat("a", 440)
				for i := 0; i < 2000; i++ {
					fmt.Fprintf(&b, "from pyodide.ffi import to_py; x = \"%s\"; ", pad)
				}
				b.WriteString("\n")
				worker(t, dir, b.String())
				return check("--format", "json", ".")
			},
			bound: 10 * time.Second,
			check: wantExit("PW201", 1),
		},
		{
			name: "80000-chained-calls",
			setup: func(t *testing.T, dir string) []string {
				worker(t, dir, toPy+"x = a"+strings.Repeat(".b()", 80000)+"\n")
				return check(".")
			},
			bound: 10 * time.Second,
			check: wantExit("PW201", 1),
		},
		{
			name: "comprehension-20000-deep",
			setup: func(t *testing.T, dir string) []string {
				worker(t, dir, toPy+"x = "+strings.Repeat("[", 20000)+"1"+strings.Repeat(" for a in b]", 20000)+"\n")
				return check(".")
			},
			bound: 10 * time.Second,
			check: wantExit("PW201", 1),
		},
		{
			name: "parens-nested-100000",
			setup: func(t *testing.T, dir string) []string {
				worker(t, dir, toPy+"x = "+strings.Repeat("(", 100000)+"1"+strings.Repeat(")", 100000)+"\n")
				return check(".")
			},
			bound: 10 * time.Second,
			check: wantExit("", 1),
		},
		{
			name: "wrangler-toml-bom",
			setup: func(t *testing.T, dir string) []string {
				write(t, filepath.Join(dir, "wrangler.toml"), []byte("\ufeffname = \"w\"\nmain = \"src/entry.py\"\ncompatibility_date = \"2025-11-02\"\ncompatibility_flags = [\"python_workers\"]\n"))
				write(t, filepath.Join(dir, "src", "entry.py"), []byte(toPy))
				return check(".")
			},
			bound: 5 * time.Second,
			check: func(t *testing.T, dir string, r hostileRun) {
				wantExit("PW201", 1)(t, dir, r)
				if strings.Contains(r.stdout, "wrangler.toml") {
					t.Errorf("a BOM is reported as a problem of wrangler.toml:\n%s", r.stdout)
				}
			},
		},
		{
			name: "wrangler-toml-bom-column",
			setup: func(t *testing.T, dir string) []string {
				// A finding on the BOM's line: its column is counted from
				// after the BOM (the BOM is not a character of the line).
				write(t, filepath.Join(dir, "wrangler.toml"), []byte("\ufeffcompatibility_date = \"not-a-date\"\nname = \"w\"\nmain = \"src/entry.py\"\ncompatibility_flags = [\"python_workers\"]\n"))
				write(t, filepath.Join(dir, "src", "entry.py"), []byte(toPy))
				return check("--select", "PW505", ".")
			},
			bound: 5 * time.Second,
			check: func(t *testing.T, dir string, r hostileRun) {
				wantExit("wrangler.toml:1:22: PW505", 1)(t, dir, r)
			},
		},
		{
			name: "venv-and-build-skipped",
			setup: func(t *testing.T, dir string) []string {
				// A clean entry module: the only findings would come from the
				// vendored and built copies, which check must skip.
				worker(t, dir, "from workers import WorkerEntrypoint, Response\n\n\nclass Default(WorkerEntrypoint):\n    async def fetch(self, request):\n        return Response(\"ok\")\n")
				for _, d := range []string{"venv/lib/python3.12/site-packages/m", "src/dist", "src/build", "src/__pypackages__/3.12/lib"} {
					write(t, filepath.Join(dir, d, "m.py"), []byte(toPy))
				}
				return check("--select", "PW201", ".")
			},
			bound: 5 * time.Second,
			check: wantExit("", 0),
		},
		{
			name: "fix-read-only-file",
			setup: func(t *testing.T, dir string) []string {
				worker(t, dir, onFetch)
				if err := os.Chmod(filepath.Join(dir, "src", "entry.py"), 0o444); err != nil {
					t.Fatal(err)
				}
				return check("--fix", "--unsafe-fixes", ".")
			},
			bound: 5 * time.Second,
			check: func(t *testing.T, dir string, r hostileRun) {
				wantExit("read-only", 2)(t, dir, r)
				path := filepath.Join(dir, "src", "entry.py")
				if got, _ := os.ReadFile(path); string(got) != onFetch {
					t.Errorf("read-only file rewritten:\n%s", got)
				}
				if st, _ := os.Stat(path); st.Mode().Perm() != 0o444 {
					t.Errorf("mode %v, want 0444", st.Mode())
				}
			},
		},
		{
			name: "fix-keeps-mode-owner-links",
			setup: func(t *testing.T, dir string) []string {
				worker(t, dir, onFetch)
				real := filepath.Join(dir, "shared", "handlers.py")
				write(t, real, []byte(onFetch))
				entry := filepath.Join(dir, "src", "entry.py")
				// entry.py: mode 2755 (and another owner when root can set
				// one), with a hard link beside the Worker.
				if os.Getuid() == 0 {
					if err := os.Chown(entry, 1234, 1234); err != nil { // before chmod: chown clears setgid
						t.Fatal(err)
					}
				}
				if err := os.Chmod(entry, 0o755|os.ModeSetgid); err != nil {
					t.Fatal(err)
				}
				if err := os.Link(entry, filepath.Join(dir, "entry-hardlink.py")); err != nil {
					t.Fatal(err)
				}
				// src/handlers.py: a symlink to a file outside src.
				if err := os.Symlink("../shared/handlers.py", filepath.Join(dir, "src", "handlers.py")); err != nil {
					t.Fatal(err)
				}
				return check("--fix", "--unsafe-fixes", "src/entry.py", "src/handlers.py")
			},
			bound: 5 * time.Second,
			check: func(t *testing.T, dir string, r hostileRun) {
				entry := filepath.Join(dir, "src", "entry.py")
				got, _ := os.ReadFile(entry)
				if !strings.Contains(string(got), "class Default(WorkerEntrypoint)") {
					t.Fatalf("entry.py not fixed (exit %d):\n%s\n%s", r.code, got, r.stderr)
				}
				st, _ := os.Stat(entry)
				if st.Mode()&(os.ModePerm|os.ModeSetgid) != 0o755|os.ModeSetgid {
					t.Errorf("mode %v, want 2755", st.Mode())
				}
				if sys, ok := st.Sys().(*syscall.Stat_t); ok && os.Getuid() == 0 && (sys.Uid != 1234 || sys.Gid != 1234) {
					t.Errorf("owner %d:%d, want 1234:1234", sys.Uid, sys.Gid)
				}
				if link, _ := os.ReadFile(filepath.Join(dir, "entry-hardlink.py")); string(link) != string(got) {
					t.Errorf("hard link split: the other name still holds\n%s", link)
				}
				if fi, err := os.Lstat(filepath.Join(dir, "src", "handlers.py")); err != nil || fi.Mode()&os.ModeSymlink == 0 {
					t.Errorf("symlink replaced: %v %v", fi.Mode(), err)
				}
				if target, _ := os.ReadFile(filepath.Join(dir, "shared", "handlers.py")); !strings.Contains(string(target), "class Default") {
					t.Errorf("symlink target not fixed:\n%s", target)
				}
			},
		},
		{
			name: "fix-lone-cr-and-bom",
			setup: func(t *testing.T, dir string) []string {
				worker(t, dir, "\ufeff"+strings.ReplaceAll(onFetch, "\n", "\r"))
				return check("--fix", "--unsafe-fixes", ".")
			},
			bound: 5 * time.Second,
			check: func(t *testing.T, dir string, r hostileRun) {
				got, _ := os.ReadFile(filepath.Join(dir, "src", "entry.py"))
				if !strings.Contains(string(got), "class Default") {
					t.Fatalf("not fixed (exit %d):\n%q\n%s", r.code, got, r.stderr)
				}
				if strings.Contains(string(got), "\n") {
					t.Errorf("line endings mixed:\n%q", got)
				}
				if !strings.HasPrefix(string(got), "\ufeff") || strings.Count(string(got), "\ufeff") != 1 {
					t.Errorf("BOM moved or lost:\n%q", got)
				}
			},
		},
		{
			name: "fix-form-feed-indentation",
			setup: func(t *testing.T, dir string) []string {
				worker(t, dir, strings.Replace(onFetch, "    x = 1", "\f    x = 1", 1))
				return check("--fix", "--unsafe-fixes", ".")
			},
			bound: 5 * time.Second,
			check: func(t *testing.T, dir string, r hostileRun) {
				got, _ := os.ReadFile(filepath.Join(dir, "src", "entry.py"))
				if !strings.Contains(string(got), "class Default") {
					t.Fatalf("not fixed (exit %d):\n%q\n%s", r.code, got, r.stderr)
				}
				// A form feed resets the indentation count: the method
				// body must be indented after it.
				if !strings.Contains(string(got), "\n\f        x = 1\n") {
					t.Errorf("form-feed line not indented after the form feed:\n%q", got)
				}
			},
		},
		{
			name: "main-dotdot-dev-zero",
			setup: func(t *testing.T, dir string) []string {
				up := strings.Repeat("../", strings.Count(dir, "/")+2)
				write(t, filepath.Join(dir, "wrangler.toml"), []byte("name = \"w\"\nmain = \""+up+"dev/zero\"\ncompatibility_date = \"2025-11-02\"\ncompatibility_flags = [\"python_workers\"]\n"))
				write(t, filepath.Join(dir, "src", "entry.py"), []byte(toPy))
				return check(".")
			},
			bound: 5 * time.Second,
			check: func(t *testing.T, dir string, r hostileRun) {
				wantExit("leads outside wrangler.toml's folder", 1)(t, dir, r)
				if !strings.Contains(r.stdout, "wrangler.toml:2:") || !strings.Contains(r.stdout, "PW505") {
					t.Errorf("no PW505 at wrangler.toml:2:\n%s", truncateOut(r.stdout))
				}
			},
		},
		{
			name: "main-symlink-outside",
			setup: func(t *testing.T, dir string) []string {
				outside := t.TempDir()
				write(t, filepath.Join(outside, "secret.py"), []byte(toPy))
				write(t, filepath.Join(dir, "wrangler.toml"), []byte("name = \"w\"\nmain = \"src/entry.py\"\ncompatibility_date = \"2025-11-02\"\ncompatibility_flags = [\"python_workers\"]\n"))
				if err := os.MkdirAll(filepath.Join(dir, "src"), 0o755); err != nil {
					t.Fatal(err)
				}
				if err := os.Symlink(filepath.Join(outside, "secret.py"), filepath.Join(dir, "src", "entry.py")); err != nil {
					t.Fatal(err)
				}
				return check("wrangler.toml")
			},
			bound: 5 * time.Second,
			check: wantExit("leads outside wrangler.toml's folder", 1),
		},
		{
			name: "fix-symlink-outside-project",
			setup: func(t *testing.T, dir string) []string {
				worker(t, dir, toPy)
				outside := t.TempDir()
				write(t, filepath.Join(outside, "handlers.py"), []byte(onFetch))
				if err := os.Symlink(filepath.Join(outside, "handlers.py"), filepath.Join(dir, "src", "handlers.py")); err != nil {
					t.Fatal(err)
				}
				t.Cleanup(func() {
					if got, _ := os.ReadFile(filepath.Join(outside, "handlers.py")); string(got) != onFetch {
						t.Errorf("file outside the project rewritten through a symlink:\n%s", got)
					}
				})
				return check("--fix", "--unsafe-fixes", "src/handlers.py")
			},
			bound: 5 * time.Second,
			check: wantExit("outside the project", 2),
		},
		{
			name: "lone-cr-469KB",
			setup: func(t *testing.T, dir string) []string {
				worker(t, dir, strings.ReplaceAll(hostileModule(469<<10), "\n", "\r"))
				return check("--select", "PW201", "--format", "json", ".")
			},
			bound: 5 * time.Second,
			check: func(t *testing.T, dir string, r hostileRun) {
				wantExit("PW201", 1)(t, dir, r)
				// The LF twin's findings: the import and the call of
				// to_py in each function (main before lone-CR views: half).
				want := strings.Count(hostileModule(469<<10), "to_py")
				if got := strings.Count(r.stdout, `"code": "PW201"`); got != want {
					t.Errorf("%d PW201 findings, want %d (as with LF line endings)", got, want)
				}
			},
		},
		{
			name: "unterminated-strings-100000",
			setup: func(t *testing.T, dir string) []string {
				worker(t, dir, toPy+"x = "+strings.Repeat("'a ", 100000)+"\n")
				return check(".")
			},
			bound: 10 * time.Second,
			check: wantExit("", 0, 1),
		},
		{
			name: "unclosed-triple-quote-1MB",
			setup: func(t *testing.T, dir string) []string {
				worker(t, dir, toPy+"x = \"\"\"\n"+strings.Repeat("abc def ghi\n", (1<<20-64)/12))
				return check(".")
			},
			bound: 15 * time.Second,
			check: wantExit("", 0, 1),
		},
		{
			name: "unclosed-triple-quote-10MB",
			setup: func(t *testing.T, dir string) []string {
				worker(t, dir, toPy+"x = \"\"\"\n"+strings.Repeat("abc def ghi\n", 10<<20/12))
				return check(".")
			},
			bound: 5 * time.Second,
			check: wantExit("over the limit of 1.0 MiB", 2),
		},
		{
			name: "realistic-module-1MB",
			setup: func(t *testing.T, dir string) []string {
				worker(t, dir, hostileModule(1<<20-64))
				return check(".")
			},
			bound: 10 * time.Second,
			check: wantExit("PW201", 1),
		},
		{
			name: "realistic-module-50MB",
			setup: func(t *testing.T, dir string) []string {
				worker(t, dir, hostileModule(50<<20))
				return check(".")
			},
			bound: 5 * time.Second,
			check: wantExit("over the limit of 1.0 MiB", 2),
		},
		{
			name: "docs-url-javascript",
			setup: func(t *testing.T, dir string) []string {
				worker(t, dir, toPy)
				write(t, filepath.Join(dir, "pyproject.toml"), []byte("[project]\nname = \"w\"\n[tool.pyworkers-lsp]\ndocs-url = \"javascript:alert(1)//\"\n"))
				return check("--format", "sarif", ".")
			},
			bound: 5 * time.Second,
			check: func(t *testing.T, dir string, r hostileRun) {
				if strings.Contains(r.stdout, "javascript:") {
					t.Errorf("SARIF carries the javascript: URL")
				}
			},
		},
	}
}

// A client that stops reading the server's stdout must not keep the
// server alive or growing: each case floods requests the client never
// reads the answers to, then ends the session one way.
func TestHostileClientDoesNotRead(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the binary")
	}
	bin := hostileBinary(t)
	for _, end := range []string{"exit", "sigterm", "eof"} {
		t.Run("stdout-blocked-"+end, func(t *testing.T) {
			dir := t.TempDir()
			worker(t, dir, "import json\n")
			r := serveUnread(t, bin, dir, end)
			if os.Getenv("PYWORKERS_HOSTILE_REPORT") != "" {
				t.Logf("HOSTILE %-28s input=%-8s end=%-8s rss=%4dMB exit=%d", "stdout-blocked-"+end, r.input.Round(time.Millisecond), r.end.Round(time.Millisecond), r.rss>>20, r.code)
			}
			if !r.consumed {
				t.Errorf("the server stopped reading its input (consumed nothing for %v)", inputWait)
			}
			if r.end > time.Second {
				t.Errorf("the process ended %v after the %s (bound 1s)", r.end, end)
			}
			if r.rss > hostileRSS {
				t.Errorf("peak RSS %d MB (bound %d MB)", r.rss>>20, hostileRSS>>20)
			}
		})
	}
}

// inputWait bounds how long the flood may take to be consumed.
const inputWait = 20 * time.Second

type unreadRun struct {
	consumed   bool
	input, end time.Duration
	rss        int64
	code       int
}

func lspFrame(body string) string {
	return fmt.Sprintf("Content-Length: %d\r\n\r\n%s", len(body), body)
}

// serveUnread runs the server with a stdout nobody reads, writes an
// initialize, a document and 10,000 completion requests, then ends the
// session by end: "exit" (shutdown and exit), "sigterm" or "eof" (stdin
// closed). It measures from the end of the session to the process end.
func serveUnread(t *testing.T, bin, dir, end string) unreadRun {
	cmd := exec.Command(bin, "serve", "--stdio", "--log-level", "error")
	cmd.Dir = dir
	stdin, err := cmd.StdinPipe()
	if err != nil {
		t.Fatal(err)
	}
	outR, outW, err := os.Pipe()
	if err != nil {
		t.Fatal(err)
	}
	defer outR.Close() // held open and never read
	cmd.Stdout = outW
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	outW.Close()
	exited := make(chan struct{})
	peak := make(chan int64, 1)
	go func() { peak <- pollPeakRSS(cmd.Process.Pid, exited) }()
	go func() { _ = cmd.Wait(); close(exited) }()
	defer func() { _ = cmd.Process.Kill() }()

	uri := "file://" + filepath.ToSlash(filepath.Join(dir, "src", "entry.py"))
	var in strings.Builder
	in.WriteString(lspFrame(`{"jsonrpc":"2.0","id":0,"method":"initialize","params":{"processId":null,"rootUri":null,"capabilities":{}}}`))
	in.WriteString(lspFrame(`{"jsonrpc":"2.0","method":"initialized","params":{}}`))
	in.WriteString(lspFrame(`{"jsonrpc":"2.0","method":"textDocument/didOpen","params":{"textDocument":{"uri":"` + uri + `","languageId":"python","version":1,"text":"import json\njson."}}}`))
	for i := 1; i <= 10000; i++ {
		fmt.Fprintf(&in, "%s", lspFrame(fmt.Sprintf(`{"jsonrpc":"2.0","id":%d,"method":"textDocument/completion","params":{"textDocument":{"uri":"%s"},"position":{"line":1,"character":5}}}`, i, uri)))
	}
	if end == "exit" {
		in.WriteString(lspFrame(`{"jsonrpc":"2.0","id":99999,"method":"shutdown"}`))
		in.WriteString(lspFrame(`{"jsonrpc":"2.0","method":"exit"}`))
	}
	written := make(chan error, 1)
	start := time.Now()
	go func() { _, err := io.WriteString(stdin, in.String()); written <- err }()
	var r unreadRun
	select {
	case <-written:
		r.consumed = true
	case <-exited:
		r.consumed = true
	case <-time.After(inputWait):
	}
	r.input = time.Since(start)
	endAt := time.Now()
	switch end {
	case "sigterm":
		_ = cmd.Process.Signal(syscall.SIGTERM)
	case "eof":
		_ = stdin.Close()
	}
	select {
	case <-exited:
	case <-time.After(5 * time.Second):
	}
	r.end = time.Since(endAt)
	_ = cmd.Process.Kill()
	<-exited
	r.code = cmd.ProcessState.ExitCode()
	if ru, ok := cmd.ProcessState.SysUsage().(*syscall.Rusage); ok {
		r.rss = ru.Maxrss << 10
	}
	if p := <-peak; p > 0 {
		r.rss = p // see runBounded
	}
	return r
}

// TestHostileDefinitionThroughDevZero: a wrangler.toml whose `main` leads
// to /dev/zero; go-to-definition on main and on a class_name (which reads
// main) must answer, and the server must go on answering.
func TestHostileDefinitionThroughDevZero(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the binary")
	}
	bin := hostileBinary(t)
	dir := t.TempDir()
	up := strings.Repeat("../", strings.Count(dir, "/")+2)
	cfg := "name = \"w\"\nmain = \"" + up + "dev/zero\"\ncompatibility_date = \"2025-11-02\"\ncompatibility_flags = [\"python_workers\"]\n\n[[durable_objects.bindings]]\nname = \"C\"\nclass_name = \"Counter\"\n"
	write(t, filepath.Join(dir, "wrangler.toml"), []byte(cfg))
	cmd := exec.Command(bin, "serve", "--stdio", "--log-level", "error")
	cmd.Dir = dir
	stdin, _ := cmd.StdinPipe()
	stdout, _ := cmd.StdoutPipe()
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	defer func() { _ = cmd.Process.Kill(); _ = cmd.Wait() }()
	replies := make(chan int, 16)
	go func() {
		// Collect the ids of responses.
		buf := make([]byte, 1<<16)
		var acc []byte
		for {
			n, err := stdout.Read(buf)
			acc = append(acc, buf[:n]...)
			for {
				i := bytes.Index(acc, []byte(`"id":`))
				if i < 0 || i+8 > len(acc) {
					break
				}
				var id int
				if _, err := fmt.Sscanf(string(acc[i+5:]), "%d", &id); err == nil && bytes.Contains(acc[max(0, i-40):i], []byte(`"jsonrpc":"2.0"`)) {
					replies <- id
				}
				acc = acc[i+5:]
			}
			if err != nil {
				close(replies)
				return
			}
		}
	}()
	uri := "file://" + filepath.ToSlash(filepath.Join(dir, "wrangler.toml"))
	esc := strings.NewReplacer(`"`, `\"`, "\n", `\n`).Replace
	in := lspFrame(`{"jsonrpc":"2.0","id":1,"method":"initialize","params":{"processId":null,"rootUri":null,"capabilities":{}}}`) +
		lspFrame(`{"jsonrpc":"2.0","method":"initialized","params":{}}`) +
		lspFrame(`{"jsonrpc":"2.0","method":"textDocument/didOpen","params":{"textDocument":{"uri":"`+uri+`","languageId":"toml","version":1,"text":"`+esc(cfg)+`"}}}`) +
		lspFrame(`{"jsonrpc":"2.0","id":2,"method":"textDocument/definition","params":{"textDocument":{"uri":"`+uri+`"},"position":{"line":1,"character":10}}}`) +
		lspFrame(`{"jsonrpc":"2.0","id":4,"method":"textDocument/definition","params":{"textDocument":{"uri":"`+uri+`"},"position":{"line":7,"character":16}}}`) +
		lspFrame(`{"jsonrpc":"2.0","id":3,"method":"textDocument/hover","params":{"textDocument":{"uri":"`+uri+`"},"position":{"line":2,"character":3}}}`)
	start := time.Now()
	if _, err := io.WriteString(stdin, in); err != nil {
		t.Fatal(err)
	}
	got := map[int]bool{}
	deadline := time.After(3 * time.Second)
	for !got[2] || !got[3] || !got[4] {
		select {
		case id, ok := <-replies:
			if !ok {
				t.Fatal("the server closed its output")
			}
			got[id] = true
		case <-deadline:
			t.Fatalf("after 3s: answered %v, want definitions (2, 4) and hover (3)", got)
		}
	}
	if os.Getenv("PYWORKERS_HOSTILE_REPORT") != "" {
		t.Logf("HOSTILE %-28s answered in %v", "definition-main-dev-zero", time.Since(start).Round(time.Millisecond))
	}
}

// hostileModule is realistic Python of about size bytes: functions with
// arithmetic, calls and an import of to_py (a PW201 finding) each.
func hostileModule(size int) string {
	var b strings.Builder
	for i := 0; b.Len() < size-200; i++ {
		fmt.Fprintf(&b, "def f%d(a, b):\n    from pyodide.ffi import to_py\n    x = a + b * %d\n    return to_py(x)\n\n\n", i, i)
	}
	return b.String()
}
