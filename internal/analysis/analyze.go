// Package analysis is the editor-free core of pyworkers-lsp: it runs the
// rule catalogue over a Python document under a runtime profile and returns
// findings as byte ranges. Analysis is incremental: results are cached per
// unit (top-level statement, class header, class member) by the unit's
// text, its class, the profile and the module facts it read, so an edit
// re-analyses only the units it touched or whose facts it changed.
package analysis

import (
	"bytes"
	"fmt"
	"hash/maphash"
	"runtime"
	"runtime/debug"
	"slices"
	"strings"
	"sync"
	"sync/atomic"

	"github.com/pyworkers/pyworkers-lsp/internal/analysis/diag"
	"github.com/pyworkers/pyworkers-lsp/internal/analysis/profile"
	"github.com/pyworkers/pyworkers-lsp/internal/analysis/rules"
	"github.com/pyworkers/pyworkers-lsp/internal/analysis/semantic"
	"github.com/pyworkers/pyworkers-lsp/internal/analysis/source"
	"github.com/pyworkers/pyworkers-lsp/internal/analysis/syntax"
)

// Input is one document to analyse.
type Input struct {
	Snapshot *source.Snapshot
	Profile  *profile.Profile
	Options  *Options
	// Path is the file's absolute path ("" for unsaved buffers); IsMain
	// marks the Worker's `main` module.
	Path   string
	IsMain bool
	// Modules, when set, gives the summaries of functions imported from
	// the Worker's other modules (nil: each file on its own).
	Modules *Modules
}

// Result is the outcome of one analysis.
type Result struct {
	Diagnostics []diag.Diagnostic
	// Units is the number of units; Analyzed how many were not cached.
	Units    int
	Analyzed int
	// Errors holds analyzer panics (recovered; the rest of the analysis
	// still ran).
	Errors []error
	// Module is the module summary of the analysed text (read-only):
	// editor lookups on the same version share it instead of building
	// their own.
	Module *semantic.Module
}

// Cache holds per-unit results of one document between analyses. It is
// not safe for concurrent use: analyses of one document run one at a time.
//
// One entry per unit text holds its summary and its findings under each
// context seen lately, so a unit costs one map lookup. A context is the
// class header, the class summary, the profile and the module facts the
// unit's analysis read (names it resolved, imports it listed): findings
// stay valid while each of those facts keeps its value, so typing a new
// function or method re-analyses that unit alone (early cutoff). Facts
// are interned to small integers and valued once per analysis.
//
// Entries carry the generation (analysis) that last used them: an
// analysis after a small edit adds the changed units' entries and touches
// the rest in place. Entries no unit uses any more are kept while the
// cache holds at most twice the entries in use, plus 64 (then all of them
// are dropped at once): typing goes through broken texts that change the
// units after the cursor (a method header dedented by a newline, an
// unclosed bracket), and the text it mends to finds them again.
type Cache struct {
	byText map[unitID]*unitEntry
	gen    uint64
	// Interned facts and their values in the current analysis (valid
	// where factGen equals gen).
	factIDs map[semantic.Fact]int32
	facts   []semantic.Fact
	factVal []uint64
	factGen []uint64
	// The previous analysis's text, units and their ids: units outside
	// the text an edit changed keep their ids (shifted), not re-hashed.
	prevText  []byte
	prevUnits []syntax.Unit
	prevIDs   []unitID
	prevClean bool // the previous tree had no syntax error and read the text unblanked
	// Per-analysis slices, reused.
	units   []syntax.Unit
	ids     []unitID
	entries []*unitEntry
	starts  []int
	flat    []*syntax.Tree
	summary []semantic.Contribution
	results []*unitResult
}

// maxFacts bounds the fact table; past it the cache starts afresh.
const maxFacts = 1 << 16

// unitEntry is what the cache knows of one unit text.
type unitEntry struct {
	contrib semantic.Contribution
	results []contextResult
	gen     uint64 // the last analysis that used it
}

// contextResult is a unit's findings in one context.
type contextResult struct {
	header, class, profile uint64
	facts                  []int32 // the facts read, sorted
	sum                    uint64  // their values' combined hash
	r                      *unitResult
}

// maxContexts bounds the contexts kept per unit text (equal texts under
// different classes, and a few recent module states: a broken text that
// changes a fact many units read, and the text that mends it).
const maxContexts = 4

// result returns the findings under a context whose facts still hold,
// or nil. The newest context is tried first: it holds after most edits.
func (e *unitEntry) result(c *Cache, m *semantic.Module, header, class, profile uint64) *unitResult {
	for _, r := range slices.Backward(e.results) {
		if r.header == header && r.class == class && r.profile == profile && c.sum(m, r.facts) == r.sum {
			return r.r
		}
	}
	return nil
}

// store records findings under a context, dropping the oldest past
// maxContexts and those of other profiles (a profile changes with the
// project's settings, not while typing).
func (e *unitEntry) store(r contextResult) {
	kept := e.results[:0]
	for _, c := range e.results {
		if c.profile == r.profile {
			kept = append(kept, c)
		}
	}
	if len(kept) >= maxContexts {
		kept = append(kept[:0], kept[1:]...)
	}
	e.results = append(kept, r)
}

// intern returns the sorted, distinct ids of facts.
func (c *Cache) intern(facts []semantic.Fact) []int32 {
	ids := make([]int32, 0, len(facts))
	for _, f := range facts {
		id, ok := c.factIDs[f]
		if !ok {
			id = int32(len(c.facts))
			c.factIDs[f] = id
			c.facts = append(c.facts, f)
			c.factVal = append(c.factVal, 0)
			c.factGen = append(c.factGen, 0)
		}
		ids = append(ids, id)
	}
	slices.Sort(ids)
	return slices.Compact(ids)
}

// sum combines the current values of facts (sorted ids).
func (c *Cache) sum(m *semantic.Module, facts []int32) uint64 {
	h := uint64(14695981039346656037)
	for _, id := range facts {
		if c.factGen[id] != c.gen {
			c.factVal[id], c.factGen[id] = m.Value(c.facts[id]), c.gen
		}
		h = (h ^ c.factVal[id]) * 1099511628211
	}
	return h
}

// NewCache returns an empty cache.
func NewCache() *Cache {
	return &Cache{byText: map[unitID]*unitEntry{}, factIDs: map[semantic.Fact]int32{}}
}

// reuse returns s resized to n, cleared.
func reuse[T any](s []T, n int) []T {
	s = slices.Grow(s[:0], n)[:n]
	clear(s)
	return s
}

// unitID identifies a unit's text.
type unitID struct {
	hash uint64
	kind syntax.UnitKind
}

// unitResult is stored with offsets relative to the unit start.
type unitResult struct {
	diags        []diag.Diagnostic
	suppressions []suppression
}

var hashSeed = maphash.MakeSeed()

// Analyze runs the catalogue over one document. A nil cache analyses
// everything afresh.
func Analyze(in Input, cache *Cache) Result {
	if cache == nil {
		cache = NewCache()
	}
	opts := in.Options
	if opts == nil {
		opts = &Options{}
	}
	snap := in.Snapshot
	if len(cache.facts) > maxFacts {
		gen := cache.gen
		*cache = *NewCache()
		cache.gen = gen
	}
	// The previous analysis's units and ids stay readable until ids are
	// computed; their buffers are reused by the next analysis.
	prevText, prevUnits, prevIDs := cache.prevText, cache.prevUnits, cache.prevIDs
	var units []syntax.Unit
	clean := !snap.Tree.RootNode().HasError() && !snap.Blanked
	if len(prevUnits) > 0 && clean && cache.prevClean {
		// Outside the bytes this edit changed, the runs of statements the
		// tree kept come from the previous listing: typing lists the units
		// near the edit, not the module. Only between error-free trees of
		// the text itself: error recovery can parse text the edit left
		// alone into other statements with the same outer bounds (a
		// 3,000-edit soak's listing went wrong so, and kept stale findings
		// on valid text 1,200 edits later), and what the parser reads
		// blanked can change away from the edit (a header blanked for the
		// lines below it, resync.go).
		prefix, suffix := commonEnds(prevText, snap.Text)
		units = syntax.AppendUnitsAfterEdit(cache.units[:0], snap.Tree, prevUnits, prefix, len(snap.Text)-suffix, len(snap.Text)-len(prevText))
	} else {
		units = syntax.AppendUnits(cache.units[:0], snap.Tree)
	}
	res := Result{Units: len(units)}
	cache.gen++
	gen := cache.gen

	ids := reuse(cache.ids, len(units))
	unitIDs(ids, units, snap.Text, prevText, prevUnits, prevIDs)
	cache.prevText, cache.prevUnits, cache.prevIDs, cache.prevClean = snap.Text, units, ids, clean
	cache.units, cache.ids = prevUnits[:0], prevIDs[:0]
	entries := reuse(cache.entries, len(units))
	starts := reuse(cache.starts, len(units))
	flat := reuse(cache.flat, len(units))
	contribs := reuse(cache.summary, len(units))
	cache.entries, cache.starts, cache.flat, cache.summary = entries, starts, flat, contribs
	defer clear(flat) // the nodes are garbage after this analysis
	used := 0
	var deep []int  // units nested deeper than syntax.MaxDepth
	var fresh []int // units without a cache entry (or broken): flattened and summarized below
	for i, u := range units {
		starts[i] = u.Start
		// A broken unit is analysed afresh and not cached: error recovery
		// depends on the text around it.
		if e := cache.byText[ids[i]]; e != nil && !u.Broken {
			if e.gen != gen {
				e.gen = gen
				used++
			}
			entries[i] = e
			continue
		}
		fresh = append(fresh, i)
	}
	// Flattening and summaries read only their unit: opening a file does
	// thousands, spread over the processors. Flattening reads the C tree
	// (pw_flatten: no writes, no go-tree-sitter node cache), so workers
	// share it.
	declined := make([]bool, len(fresh))
	parallel(len(fresh), func(k int) {
		i := fresh[k]
		flat[i] = units[i].Flatten(snap.Text)
		if flat[i].TooDeep(syntax.MaxDepth) {
			// Declined (PW003): no summary, no cache entry.
			flat[i], declined[k] = nil, true
			return
		}
		contribs[i] = semantic.Summarize(units[i].Kind, flat[i].Root(), units[i].Start)
	})
	for k, i := range fresh {
		switch {
		case declined[k]:
			deep = append(deep, i)
		case units[i].Broken:
		default:
			// Equal texts in one analysis share the first one's entry.
			e := cache.byText[ids[i]]
			if e == nil {
				e = &unitEntry{contrib: contribs[i]}
				cache.byText[ids[i]] = e
			}
			if e.gen != gen {
				e.gen = gen
				used++
			}
			entries[i] = e
		}
	}
	for i, e := range entries {
		if e != nil {
			contribs[i] = e.contrib
		}
	}
	if len(cache.byText) > 2*used+64 {
		for id, e := range cache.byText {
			if e.gen != gen {
				delete(cache.byText, id)
			}
		}
	}
	module := semantic.Build(contribs, starts)
	linkImports(module, in) // summaries of the Worker's other modules (read as facts)
	res.Module = module
	profileKey := in.Profile.Key()

	active := activeRules(in.Profile)
	// Look every unit up first; the units whose findings are not cached
	// are analysed afterwards, in parallel when there are many (opening a
	// file, an edit that changes a name many units read).
	results := reuse(cache.results, len(units))
	cache.results = results
	defer clear(results)
	var todo []pendingUnit
	var diags []diag.Diagnostic
	for i, u := range units {
		if len(deep) > 0 && deep[0] == i {
			deep = deep[1:]
			diags = append(diags, tooDeep(snap.Text, u))
			continue
		}
		var header uint64
		if u.Header >= 0 {
			header = ids[u.Header].hash
		}
		var class *semantic.Class
		if u.Kind != syntax.Statement {
			class = classAt(module, units, i)
		}
		classKey := semantic.ClassValue(class)
		if e := entries[i]; e != nil {
			results[i] = e.result(cache, module, header, classKey, profileKey)
		}
		if results[i] == nil {
			todo = append(todo, pendingUnit{i: i, header: header, classKey: classKey, class: class})
		}
	}
	analyzeUnits(todo, func(p *pendingUnit, idx *rules.NodeIndex, reads *semantic.Reads) {
		if flat[p.i] == nil {
			// A cached unit that a changed fact sends back to the rules
			// (every caller of a renamed function): flattened here, in
			// parallel, as the first pass flattens new units.
			flat[p.i] = units[p.i].Flatten(snap.Text)
		}
		p.r, p.errs = analyzeUnit(active, in.Profile, module, reads, units[p.i], flat[p.i].Root(), p.class, idx)
		p.facts = slices.Clone(reads.Facts())
		flat[p.i] = nil // done with
	})
	for _, p := range todo {
		results[p.i] = p.r
		res.Errors = append(res.Errors, p.errs...)
		res.Analyzed++
		if e := entries[p.i]; e != nil {
			facts := cache.intern(p.facts)
			e.store(contextResult{header: p.header, class: p.classKey, profile: profileKey, facts: facts, sum: cache.sum(module, facts), r: p.r})
		}
	}
	var sups []suppression
	for i, u := range units {
		r := results[i]
		if r == nil {
			continue // declined as too deep (PW003)
		}
		for _, d := range r.diags {
			// Resolve: related places in other units (a callee's return)
			// come from the current module summary.
			diags = append(diags, d.Shift(u.Start).Resolve(module.Place))
		}
		for _, s := range r.suppressions {
			sups = append(sups, s.shift(u.Start))
		}
	}

	for _, r := range active {
		if r.Module == nil {
			continue
		}
		mp := rules.NewModulePass(r, in.Profile, module, in.Path, in.IsMain, &diags)
		mp.Text = snap.Text
		if err := safely(r.Code, func() { r.Module(mp) }); err != nil {
			res.Errors = append(res.Errors, err)
		}
	}

	diags = opts.filter(in.Path, diags)
	diags = applySuppressions(diags, sups, snap.Lines, opts)
	diag.Sort(diags)
	res.Diagnostics = diags
	return res
}

// unitIDs sets ids[i] to the id of units[i] of text. A unit that lies
// wholly in the text an edit left alone (before its first changed byte,
// or after its last) and matches a unit of the previous analysis at the
// same place (shifted by the edit's length change after it) has that
// unit's text, so it takes its id; the others are hashed. Typing hashes
// the unit being typed, not the module. It returns how many it hashed.
func unitIDs(ids []unitID, units []syntax.Unit, text, prevText []byte, prevUnits []syntax.Unit, prevIDs []unitID) (hashed int) {
	prefix, suffix := commonEnds(prevText, text)
	delta := len(text) - len(prevText)
	j := 0
	for i, u := range units {
		old := -1 // the unit's place in the previous text, if unchanged
		switch {
		case u.End <= prefix:
			old = u.Start
		case u.Start >= len(text)-suffix:
			old = u.Start - delta
		}
		if old >= 0 {
			for j < len(prevUnits) && prevUnits[j].Start < old {
				j++
			}
			if j < len(prevUnits) && prevUnits[j].Start == old && prevUnits[j].End == u.End-(u.Start-old) && prevUnits[j].Kind == u.Kind {
				ids[i] = prevIDs[j]
				continue
			}
		}
		ids[i] = unitID{maphash.Bytes(hashSeed, text[u.Start:u.End]), u.Kind}
		hashed++
	}
	return hashed
}

// commonEnds returns the lengths of the longest common prefix and suffix
// of a and b, not overlapping in the shorter of them.
func commonEnds(a, b []byte) (prefix, suffix int) {
	n := min(len(a), len(b))
	prefix = commonRun(a[:n], b[:n], 1)
	suffix = commonRun(a[len(a)-(n-prefix):], b[len(b)-(n-prefix):], -1)
	return prefix, suffix
}

// commonRun returns how many bytes equal-length a and b have in common
// from their start (dir 1) or their end (dir -1), comparing 4 KB blocks
// while they are equal (memcmp speed) and bytes in the first that is not.
func commonRun(a, b []byte, dir int) int {
	const block = 4096
	n := 0
	for n < len(a) {
		k := min(block, len(a)-n)
		lo, hi := n, n+k
		if dir < 0 {
			lo, hi = len(a)-n-k, len(a)-n
		}
		if !bytes.Equal(a[lo:hi], b[lo:hi]) {
			break
		}
		n += k
	}
	for n < len(a) {
		i := n
		if dir < 0 {
			i = len(a) - 1 - n
		}
		if a[i] != b[i] {
			break
		}
		n++
	}
	return n
}

// classAt returns the summary of the class unit i belongs to.
func classAt(m *semantic.Module, units []syntax.Unit, i int) *semantic.Class {
	h := i
	if units[i].Kind == syntax.Member {
		h = units[i].Header
	}
	return m.ClassAt(units[h].Start)
}

// pendingUnit is a unit whose findings were not cached, and its analysis.
type pendingUnit struct {
	i                int
	header, classKey uint64
	class            *semantic.Class
	r                *unitResult
	errs             []error
	facts            []semantic.Fact
}

// parallelUnits is the number of units to analyse past which the work is
// spread over the processors: below it, goroutines cost more than they
// save (an edit re-analyses one or two units).
const parallelUnits = 64

// parallel runs f(0) … f(n-1), spread over the processors when n is at
// least parallelUnits. A panic in f is raised again on the caller's
// goroutine, where the server recovers it, as if f had run there.
func parallel(n int, f func(k int)) {
	if n < parallelUnits {
		for k := range n {
			f(k)
		}
		return
	}
	var next atomic.Int64
	var wg sync.WaitGroup
	var failed atomic.Value
	for range min(runtime.GOMAXPROCS(0), 8) {
		wg.Go(func() {
			defer func() {
				if r := recover(); r != nil {
					failed.CompareAndSwap(nil, fmt.Sprintf("%v\n%s", r, debug.Stack()))
					next.Store(int64(n)) // stop the others
				}
			}()
			for k := int(next.Add(1) - 1); k < n; k = int(next.Add(1) - 1) {
				f(k)
			}
		})
	}
	wg.Wait()
	if r := failed.Load(); r != nil {
		panic(r)
	}
}

// analyzeUnits runs analyze on every pending unit, each worker with its
// own node index and fact recorder. Units are independent: each reads
// only its own flattened tree and the (read-only) module summary.
func analyzeUnits(todo []pendingUnit, analyze func(*pendingUnit, *rules.NodeIndex, *semantic.Reads)) {
	workers := 1
	if len(todo) >= parallelUnits {
		workers = min(runtime.GOMAXPROCS(0), 8)
	}
	var next atomic.Int64
	work := func() {
		idx := &rules.NodeIndex{}
		var reads semantic.Reads
		for {
			k := int(next.Add(1) - 1)
			if k >= len(todo) {
				return
			}
			reads.Reset()
			p := &todo[k]
			if err := safely("analysis", func() { analyze(p, idx, &reads) }); err != nil {
				p.r, p.errs = &unitResult{}, []error{err}
			}
		}
	}
	if workers == 1 {
		work()
		return
	}
	var wg sync.WaitGroup
	for range workers {
		wg.Go(work)
	}
	wg.Wait()
}

func activeRules(p *profile.Profile) []*rules.Rule {
	var out []*rules.Rule
	for _, r := range rules.All() {
		if r.AppliesTo(p) {
			out = append(out, r)
		}
	}
	return out
}

// analyzeUnit runs the unit rules and collects suppression comments; all
// offsets in the result are relative to the unit start.
func analyzeUnit(active []*rules.Rule, p *profile.Profile, m *semantic.Module, reads *semantic.Reads, u syntax.Unit, root syntax.Node, class *semantic.Class, idx *rules.NodeIndex) (*unitResult, []error) {
	var errs []error
	var diags []diag.Diagnostic
	idx.Reset(root)
	resolver := semantic.NewResolver(m)
	resolver.Reads = reads
	pass := rules.NewPass(nil, p, m, resolver, u.Kind, root, class, idx, &diags)
	for _, r := range active {
		if r.Unit == nil {
			continue
		}
		pass.Rule = r
		if err := safely(r.Code, func() { r.Unit(pass) }); err != nil {
			errs = append(errs, err)
		}
	}
	res := &unitResult{}
	for _, d := range diags {
		res.diags = append(res.diags, d.Shift(-u.Start))
	}
	for _, c := range idx.Comments() {
		if s, ok := parseSuppression(c); ok {
			res.suppressions = append(res.suppressions, s.shift(-u.Start))
		}
	}
	return res, errs
}

// safely runs an analyzer, turning a panic into an error.
func safely(code string, f func()) (err error) {
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("analyzer %s panicked: %v\n%s", code, r, debug.Stack())
		}
	}()
	f()
	return nil
}

// applySuppressions drops findings covered by a suppression comment on
// their first line and reports unused suppressions as PW001.
func applySuppressions(diags []diag.Diagnostic, sups []suppression, lines *source.Lines, opts *Options) []diag.Diagnostic {
	if len(sups) == 0 {
		return diags
	}
	byLine := make(map[int][]int, len(sups))
	used := make([][]bool, len(sups))
	usedAll := make([]bool, len(sups))
	for i, s := range sups {
		byLine[lines.Line(s.Start)] = append(byLine[lines.Line(s.Start)], i)
		used[i] = make([]bool, len(s.Codes))
	}
	kept := diags[:0]
	for _, d := range diags {
		suppressed := false
		for _, i := range byLine[lines.Line(d.Start)] {
			if j, ok := sups[i].matches(d.Code); ok {
				suppressed = true
				if j < 0 {
					usedAll[i] = true
				} else {
					used[i][j] = true
				}
			}
		}
		if !suppressed {
			kept = append(kept, d)
		}
	}
	if !opts.enabled(pw001Code) {
		return kept
	}
	sev := opts.severity(pw001Code, rules.ByCode(pw001Code).Severity)
	for i, s := range sups {
		if len(s.Codes) == 0 {
			if !usedAll[i] {
				kept = append(kept, diag.Diagnostic{Code: pw001Code, Severity: sev, Start: s.Start, End: s.End,
					Message: "unused suppression: nothing on this line is reported", Tags: []diag.Tag{diag.Unnecessary},
					Data: rules.FixRemoveSuppression.Data()})
			}
			continue
		}
		for j, c := range s.Codes {
			if used[i][j] {
				continue
			}
			msg := fmt.Sprintf("unused suppression: %s is not reported on this line", c.Code)
			if rules.ByCode(c.Code) == nil {
				msg = fmt.Sprintf("unknown rule code %s in suppression", c.Code)
			} else if !opts.enabled(c.Code) {
				// A disabled rule reports nothing; its suppression is not stale.
				continue
			}
			kept = append(kept, diag.Diagnostic{Code: pw001Code, Severity: sev, Start: c.Start, End: c.End,
				Message: msg, Tags: []diag.Tag{diag.Unnecessary}, Data: rules.FixRemoveSuppression.Data("code", c.Code)})
		}
	}
	return kept
}

const pw001Code = "PW001"

// Options select rules and override severities (from [tool.pyworkers-lsp]
// and LSP settings).
type Options struct {
	// Select lists codes or code prefixes to enable ("PW2"); empty means all.
	Select []string
	// Ignore lists codes or prefixes to disable; it wins over Select.
	Ignore []string
	// Severity overrides the default severity per code.
	Severity map[string]diag.Severity
	// PerFileIgnores maps a path glob (relative to the project root) to
	// codes ignored in matching files.
	PerFileIgnores map[string][]string
	// Exclude lists path globs (relative to Root) of files not to analyse.
	Exclude []string
	// Root is the directory PerFileIgnores and Exclude globs are relative to.
	Root string
	// DocsURL is the base URL of the rule documentation for links
	// (codeDescription, SARIF helpUri); "" means rules.DefaultDocBase.
	DocsURL string
}

// Docs returns the base URL of the rule documentation.
func (o *Options) Docs() string {
	if o == nil || o.DocsURL == "" {
		return rules.DefaultDocBase
	}
	return o.DocsURL
}

func (o *Options) enabled(code string) bool {
	if matchesAny(code, o.Ignore) {
		return false
	}
	return len(o.Select) == 0 || matchesAny(code, o.Select)
}

func (o *Options) severity(code string, def diag.Severity) diag.Severity {
	if s, ok := o.Severity[code]; ok {
		return s
	}
	return def
}

func matchesAny(code string, prefixes []string) bool {
	for _, p := range prefixes {
		if p != "" && strings.HasPrefix(code, strings.ToUpper(p)) {
			return true
		}
	}
	return false
}

// filter applies select/ignore, per-file ignores and severity overrides.
func (o *Options) filter(path string, ds []diag.Diagnostic) []diag.Diagnostic {
	fileIgnores := o.fileIgnores(path)
	out := ds[:0]
	for _, d := range ds {
		if !o.enabled(d.Code) || matchesAny(d.Code, fileIgnores) {
			continue
		}
		d.Severity = o.severity(d.Code, d.Severity)
		out = append(out, d)
	}
	return out
}
