package analysis

// InWorker reports whether the project has a Worker config (a wrangler
// config or a workerd config with Python Workers above its files). Files
// outside any Worker are plain Python: editors and `check` leave them
// alone unless asked to analyse them.
func (p *Project) InWorker() bool {
	return p != nil && p.Workspace != nil && (p.Workspace.Wrangler != nil || len(p.Workspace.Workerd) > 0)
}
