package main

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// buildHello cross-compiles a pure-Go program (no cgo, so no C toolchain is
// needed) for goos/goarch and returns its path.
func buildHello(t *testing.T, goos, goarch string) string {
	t.Helper()
	dir := t.TempDir()
	src := filepath.Join(dir, "hello.go")
	if err := os.WriteFile(src, []byte("package main\n\nfunc main() { println(\"stamp-1234\") }\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	bin := filepath.Join(dir, "hello")
	cmd := exec.Command("go", "build", "-o", bin, src)
	cmd.Env = append(os.Environ(), "CGO_ENABLED=0", "GOOS="+goos, "GOARCH="+goarch, "GOFLAGS=")
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("go build %s/%s: %v\n%s", goos, goarch, err, out)
	}
	return bin
}

// The Mach-O check also wants the tree-sitter symbol, which a pure-Go
// program lacks, so macOS is covered by the release build itself.
func TestInspect(t *testing.T) {
	if testing.Short() {
		t.Skip("cross-compiles the Go runtime for two targets")
	}
	cases := []struct {
		goos, goarch, wrongArch, want string
	}{
		// A Windows binary imports kernel32.dll at least: the DLL list must be
		// read, not silently empty.
		{"windows", "amd64", "arm64", "kernel32.dll"},
		{"linux", "arm64", "amd64", "static"},
	}
	for _, c := range cases {
		t.Run(c.goos+"-"+c.goarch, func(t *testing.T) {
			bin := buildHello(t, c.goos, c.goarch)
			desc, err := inspect(bin, c.goos, c.goarch)
			if err != nil {
				t.Fatalf("inspect: %v", err)
			}
			if !strings.Contains(strings.ToLower(desc), strings.ToLower(c.want)) {
				t.Errorf("inspect = %q, want it to mention %q", desc, c.want)
			}
			if desc, err := inspect(bin, c.goos, c.wrongArch); err == nil {
				t.Errorf("%s/%s binary accepted as %s: %s", c.goos, c.goarch, c.wrongArch, desc)
			}
			if err := hasString(bin, "stamp-1234"); err != nil {
				t.Errorf("hasString: %v", err)
			}
			if err := hasString(bin, "not-in-the-binary-5678"); err == nil {
				t.Error("hasString found a string the binary does not hold")
			}
		})
	}
}
