package rules

import (
	"embed"
	"slices"
	"strings"
	"sync"
	"sync/atomic"

	"github.com/pyworkers/pyworkers-lsp/internal/analysis/config"
)

// All returns the catalogue, ordered by code. The slice is shared: do not
// modify it.
func All() []*Rule { return catalogue() }

// catalogue lists every rule, sorted once. Add each new rule here.
var catalogue = sync.OnceValue(func() []*Rule {
	all := []*Rule{
		pw001,
		pw002, pw003,
		pw101, pw102, pw103, pw104, pw105, pw106, pw107, pw108, pw109, pw110,
		pw301,
		pw504,
		pw501, pw502, pw503, pw505,
		pw201,
		pw202, pw203, pw204, pw205, pw206, pw207, pw208, pw209, pw210, pw211, pw401, pw402,
	}
	slices.SortFunc(all, func(a, b *Rule) int { return strings.Compare(a.Code, b.Code) })
	for _, r := range all {
		r.Doc = ruleDoc(r.Code)
	}
	return all
})

// ruleDocs holds each rule's documentation, PWNNN.md beside its pwNNN.go:
// markdown with the sections What it does / Why it breaks on Workers /
// Example / Use instead / Fix safety (where the rule fixes) / Which
// runtimes.
//
//go:embed PW*.md
var ruleDocs embed.FS

// ruleDoc reads the documentation of the rule code. A rule without its
// file is a build mistake every test run meets, so it panics.
func ruleDoc(code string) string {
	b, err := ruleDocs.ReadFile(code + ".md")
	if err != nil {
		panic("rules: " + code + " has no " + code + ".md: " + err.Error())
	}
	// The file ends with a newline; the doc, as markdown shown in hovers,
	// SARIF and explain, does not.
	return strings.TrimSuffix(string(b), "\n")
}

// byCode indexes the catalogue by upper-case code.
var byCode = sync.OnceValue(func() map[string]*Rule {
	m := map[string]*Rule{}
	for _, r := range All() {
		m[r.Code] = r
	}
	return m
})

// ByCode finds a rule by its code (case-insensitive), or nil.
func ByCode(code string) *Rule { return byCode()[strings.ToUpper(code)] }

// DocURL is the documentation page of a rule under base (the configured
// rules reference; see docs/rules.md).
// A base that is not an http(s) URL (it comes from the repository's
// docs-url) is replaced by DefaultDocBase; the result is safe inside a
// markdown link.
func DocURL(base, code string) string {
	return docBase(base) + "#" + strings.ToLower(code)
}

// lastDocBase holds the last base validated and its safe form: every
// finding of a publish links under the same base, and validating it
// parses a URL, which cost more than the rest of encoding the findings.
var lastDocBase atomic.Pointer[[2]string]

// docBase returns base validated and without a trailing slash.
func docBase(base string) string {
	if last := lastDocBase.Load(); last != nil && last[0] == base {
		return last[1]
	}
	safe, ok := config.WebURL(base)
	if !ok {
		safe = DefaultDocBase
	}
	safe = strings.TrimSuffix(safe, "/")
	lastDocBase.Store(&[2]string{base, safe})
	return safe
}

// DefaultDocBase is where the rules reference is published.
const DefaultDocBase = "https://github.com/pyworkers/pyworkers-lsp/blob/main/docs/rules.md"
