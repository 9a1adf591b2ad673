package rules

import (
	"fmt"
	"strings"
)

// Reference renders the rules reference (docs/rules.md) from the
// catalogue's metadata and docs. `go generate ./internal/analysis/rules` rewrites
// the file; a test fails when it is stale.
//
//go:generate go run ./internal/genref ../../../docs/rules.md
func Reference() string {
	var b strings.Builder
	b.WriteString("# pyworkers-lsp rules\n\n")
	b.WriteString("<!-- Generated from internal/analysis/rules by `go generate ./internal/analysis/rules`; do not edit. -->\n\n")
	b.WriteString("Suppress a finding with `# pyworkers: ignore[CODE]` on its line. Select, ignore or re-grade\n")
	b.WriteString("rules in `[tool.pyworkers-lsp]` of pyproject.toml or in the editor settings (`pyworkers.*`).\n\n")
	b.WriteString("| code | name | severity | fix | applies | summary |\n| --- | --- | --- | --- | --- | --- |\n")
	for _, r := range All() {
		fmt.Fprintf(&b, "| [%s](#%s) | %s | %s | %s | %s | %s |\n", r.Code, strings.ToLower(r.Code), r.Name, r.Severity, r.FixSafety(), escapeCell(r.Runtimes), escapeCell(r.Summary))
	}
	for _, r := range All() {
		fmt.Fprintf(&b, "\n<a id=\"%s\"></a>\n\n## %s %s\n\n%s\n\n", strings.ToLower(r.Code), r.Code, r.Name, r.Summary)
		fmt.Fprintf(&b, "Severity: **%s** · Fix: **%s** · Applies: %s\n\n", r.Severity, r.FixSafety(), r.Runtimes)
		b.WriteString(demoteHeadings(strings.TrimSpace(r.Doc)))
		b.WriteString("\n")
	}
	return b.String()
}

func escapeCell(s string) string { return strings.ReplaceAll(s, "|", "\\|") }

// demoteHeadings turns a rule doc's "## Section" into "### Section" so
// sections sit under the rule's heading.
func demoteHeadings(doc string) string {
	lines := strings.Split(doc, "\n")
	inCode := false
	for i, l := range lines {
		if strings.HasPrefix(l, "```") {
			inCode = !inCode
		}
		if !inCode && strings.HasPrefix(l, "#") {
			lines[i] = "#" + l
		}
	}
	return strings.Join(lines, "\n")
}
