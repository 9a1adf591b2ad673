package check

import (
	"fmt"
	"os"
	"path/filepath"

	"github.com/pyworkers/pyworkers-lsp/internal/analysis"
)

// RunStdin analyses text read from standard input as the Python file at
// filename (`check - --stdin-filename src/entry.py`, how ALE, nvim-lint,
// conform and flycheck run linters on unsaved buffers): the file's Worker
// gives the profile and options, exclude applies under ForceExclude, and a
// file outside any Worker is skipped unless All is set. An empty filename
// stands for a file in the working directory; findings are reported under
// filename ("-" when empty).
func RunStdin(opts Options, filename string, text []byte) (*Report, error) {
	name := filename
	if name == "" {
		name = "-"
	}
	path := filename
	if path == "" {
		wd, err := os.Getwd()
		if err != nil {
			return nil, err
		}
		path = filepath.Join(wd, "stdin.py")
	}
	abs, err := filepath.Abs(path)
	if err != nil {
		return nil, err
	}
	rep := &Report{}
	proj, err := analysis.LoadProject(abs, "", nil, opts.Runtime)
	if err != nil {
		rep.Errors = append(rep.Errors, fmt.Errorf("%s: reading config: %w", name, err))
	}
	t := target{path: abs, explicit: true, project: proj}
	rep.DocsURL = docsURL([]target{t})
	if !selected(t, proj, opts) {
		return rep, nil
	}
	if isBinary(text) {
		rep.Errors = append(rep.Errors, fmt.Errorf("%s: not a text file", name))
		return rep, nil
	}
	diags, lines, err := analyzeVariants(abs, text, []*analysis.Project{proj}, opts)
	if err != nil {
		rep.Errors = append(rep.Errors, err)
		return rep, nil
	}
	f := &File{Path: name, project: proj}
	if len(diags) > 0 {
		f.Text, f.Lines, f.Diagnostics = text, lines, diags
	}
	rep.Files = append(rep.Files, f)
	return rep, nil
}
