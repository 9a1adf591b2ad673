// Command genref writes the rules reference to the file named by its
// argument.
package main

import (
	"fmt"
	"os"

	"github.com/pyworkers/pyworkers-lsp/internal/analysis/rules"
)

func main() {
	if len(os.Args) != 2 {
		fmt.Fprintln(os.Stderr, "usage: genref OUTPUT.md")
		os.Exit(2)
	}
	if err := os.WriteFile(os.Args[1], []byte(rules.Reference()), 0o644); err != nil {
		fmt.Fprintln(os.Stderr, "genref:", err)
		os.Exit(1)
	}
}
