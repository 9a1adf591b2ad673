package main

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"
)

// The hostile suite runs the built binary against repositories and
// clients built to crash, hang or bloat it (testdata/hostile/README.md
// lists the cases). Large inputs are generated here, never committed.
// Every case asserts a wall-clock bound and a peak-RSS bound on the
// process. PYWORKERS_HOSTILE_BIN runs the suite against another binary
// (an older build, to compare); PYWORKERS_HOSTILE_REPORT=1 logs each
// case's measurements.

// hostileRSS bounds the peak resident set of every case.
const hostileRSS = 500 << 20

type hostileCase struct {
	name string
	// setup writes the case into dir and returns the arguments of the
	// binary (paths relative to dir are fine: it runs in dir).
	setup func(t *testing.T, dir string) []string
	bound time.Duration
	// check asserts on the outcome (exit code, output, files).
	check func(t *testing.T, dir string, r hostileRun)
}

type hostileRun struct {
	code           int
	stdout, stderr string
	wall           time.Duration
	rss            int64 // bytes
	killed         bool
}

func hostileBinary(t *testing.T) string {
	if bin := os.Getenv("PYWORKERS_HOSTILE_BIN"); bin != "" {
		return bin
	}
	bin := filepath.Join(t.TempDir(), "pyworkers-lsp")
	if out, err := exec.Command("go", "build", "-o", bin, ".").CombinedOutput(); err != nil {
		t.Fatalf("build: %v\n%s", err, out)
	}
	return bin
}

// runBounded runs bin in dir and kills it at 4× the bound (so a hang
// fails instead of stalling the suite).
func runBounded(bin, dir string, args []string, bound time.Duration) hostileRun {
	ctx, cancel := context.WithTimeout(context.Background(), 4*bound)
	defer cancel()
	cmd := exec.CommandContext(ctx, bin, args...)
	cmd.Dir = dir
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	start := time.Now()
	err := cmd.Run()
	r := hostileRun{wall: time.Since(start), stdout: stdout.String(), stderr: stderr.String(), killed: ctx.Err() != nil}
	if cmd.ProcessState != nil {
		r.code = cmd.ProcessState.ExitCode()
		if ru, ok := cmd.ProcessState.SysUsage().(*syscall.Rusage); ok {
			r.rss = ru.Maxrss << 10
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
				t.Logf("HOSTILE %-28s wall=%-8s rss=%4dMB exit=%d killed=%v", c.name, r.wall.Round(time.Millisecond), r.rss>>20, r.code, r.killed)
			}
			if r.killed || r.wall > c.bound {
				t.Fatalf("took %v (bound %v, killed=%v)", r.wall, c.bound, r.killed)
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
			name: "8000-findings-one-line",
			setup: func(t *testing.T, dir string) []string {
				// One 3.8 MB line (with a non-ASCII character first, so
				// columns are not byte offsets) holding 8,000 findings.
				var b bytes.Buffer
				b.WriteString("é = 1; ")
				pad := strings.Repeat("a", 440)
				for i := 0; i < 8000; i++ {
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
			name: "venv-and-build-skipped",
			setup: func(t *testing.T, dir string) []string {
				// A clean entry module: the only findings would come from the
				// vendored and built copies, which check must skip.
				worker(t, dir, "from workers import WorkerEntrypoint, Response\n\n\nclass Default(WorkerEntrypoint):\n    async def fetch(self, request):\n        return Response(\"ok\")\n")
				for _, d := range []string{"venv/lib/python3.12/site-packages/m", "src/dist", "src/build", "src/__pypackages__/3.12/lib"} {
					write(t, filepath.Join(dir, d, "m.py"), []byte(toPy))
				}
				return check(".")
			},
			bound: 5 * time.Second,
			check: wantExit("", 0),
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
