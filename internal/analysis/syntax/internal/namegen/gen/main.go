// Command gen writes internal/analysis/syntax/names.go (see package namegen).
package main

import (
	"fmt"
	"os"

	"github.com/pyworkers/pyworkers-lsp/internal/analysis/syntax/internal/namegen"
)

func main() {
	if len(os.Args) != 2 {
		fmt.Fprintln(os.Stderr, "usage: gen OUTPUT.go")
		os.Exit(2)
	}
	src, err := namegen.Source()
	if err == nil {
		err = os.WriteFile(os.Args[1], src, 0o644)
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, "gen:", err)
		os.Exit(1)
	}
}
