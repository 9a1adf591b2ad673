package main

import (
	"os"
	"strings"
	"testing"
)

func TestVersionAndHelpFlags(t *testing.T) {
	for _, arg := range []string{"--version", "-version", "version"} {
		code, out, errOut := runCLI(arg)
		if code != 0 || !strings.HasPrefix(out, "pyworkers-lsp ") || errOut != "" {
			t.Errorf("%s: exit %d, stdout %q, stderr %q", arg, code, out, errOut)
		}
	}
	for _, arg := range []string{"--help", "-h", "help"} {
		code, out, errOut := runCLI(arg)
		if code != 0 || !strings.HasPrefix(out, "Usage:") || !strings.Contains(out, "pyworkers-lsp check") || errOut != "" {
			t.Errorf("%s: exit %d, stdout %q, stderr %q", arg, code, out, errOut)
		}
	}
	// Other leading flags still belong to serve.
	if code, _, errOut := runCLI("--bogus"); code != 2 || !strings.Contains(errOut, "bogus") {
		t.Errorf("--bogus: exit %d, stderr %q", code, errOut)
	}
}

func TestStdinIsTerminal(t *testing.T) {
	saved := os.Stdin
	defer func() { os.Stdin = saved }()
	null, err := os.Open(os.DevNull)
	if err != nil {
		t.Fatal(err)
	}
	defer null.Close()
	os.Stdin = null
	if stdinIsTerminal() {
		t.Error("the null device counted as a terminal")
	}
	r, w, err := os.Pipe()
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	defer w.Close()
	os.Stdin = r
	if stdinIsTerminal() {
		t.Error("a pipe counted as a terminal")
	}
}
