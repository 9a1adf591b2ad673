package analysis

import (
	"slices"
	"strings"
	"sync"

	"github.com/pyworkers/pyworkers-lsp/internal/analysis/config"
	"github.com/pyworkers/pyworkers-lsp/internal/analysis/diag"
)

// variants caches the projects of a workspace's workerd Workers.
type variants struct {
	runtime string // the runtime override the base project was loaded with
	mu      sync.Mutex
	byW     map[*config.WorkerdWorker]*Project
}

// ForFile returns the projects the Python file at path (absolute) is
// analysed under: one per workerd Worker of the workspace that embeds
// it (config.capnp, *.wd-test), or p itself when none does. A file
// embedded by two Workers is analysed under both profiles.
func (p *Project) ForFile(path string) []*Project {
	if p == nil || p.Workspace == nil || p.Worker != nil {
		return []*Project{p}
	}
	workers := p.Workspace.WorkersOf(path)
	if len(workers) == 0 {
		return []*Project{p}
	}
	p.variants.mu.Lock()
	defer p.variants.mu.Unlock()
	if p.variants.byW == nil {
		p.variants.byW = map[*config.WorkerdWorker]*Project{}
	}
	out := make([]*Project, 0, len(workers))
	for _, w := range workers {
		wp := p.variants.byW[w]
		if wp == nil {
			prof, notes := config.ResolveWorkerdProfile(p.Workspace, w, config.ProfileOptions{RuntimeOverride: p.variants.runtime})
			wp = &Project{Workspace: p.Workspace, Profile: prof, Notes: notes, Options: p.Options, Worker: w}
			p.variants.byW[w] = wp
		}
		out = append(out, wp)
	}
	return out
}

// MergeVariants merges the findings of one file analysed under several
// Workers' profiles (ForFile): a finding every Worker produced is
// reported once as it is; one that only some produced is reported once,
// naming those Workers. labels[i] names the Worker of results[i].
func MergeVariants(results [][]diag.Diagnostic, labels []string) []diag.Diagnostic {
	if len(results) == 1 {
		return results[0]
	}
	type key struct {
		code, message string
		start, end    int
	}
	var order []key
	first := map[key]diag.Diagnostic{}
	by := map[key][]string{}
	count := map[key]int{}
	for i, ds := range results {
		for _, d := range ds {
			k := key{d.Code, d.Message, d.Start, d.End}
			if _, ok := first[k]; !ok {
				first[k] = d
				order = append(order, k)
			}
			count[k]++
			if !slices.Contains(by[k], labels[i]) {
				by[k] = append(by[k], labels[i])
			}
		}
	}
	out := make([]diag.Diagnostic, 0, len(order))
	for _, k := range order {
		d := first[k]
		if count[k] < len(results) {
			d.Message += " (in " + strings.Join(by[k], ", ") + ")"
		}
		out = append(out, d)
	}
	diag.Sort(out)
	return out
}
