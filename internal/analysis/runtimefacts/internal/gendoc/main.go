// Command gendoc writes docs/runtime-behaviour.md from the runtime facts.
package main

import (
	"fmt"
	"os"

	"github.com/pyworkers/pyworkers-lsp/internal/analysis/runtimefacts"
)

func main() {
	if len(os.Args) != 2 {
		fmt.Fprintln(os.Stderr, "usage: gendoc OUTPUT.md")
		os.Exit(2)
	}
	if err := os.WriteFile(os.Args[1], []byte(runtimefacts.Markdown()), 0o644); err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
}
