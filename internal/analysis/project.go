package analysis

import (
	"bytes"
	"path/filepath"

	"github.com/pyworkers/pyworkers-lsp/internal/analysis/config"
	"github.com/pyworkers/pyworkers-lsp/internal/analysis/diag"
	"github.com/pyworkers/pyworkers-lsp/internal/analysis/profile"
)

// Project is one Worker's configuration as the analysis uses it: the
// config files, the runtime profile resolved from them, notes about how
// it was resolved (no config found, …) and the [tool.pyworkers-lsp]
// options.
type Project struct {
	Workspace *config.Workspace
	Profile   *profile.Profile
	Notes     []config.Note
	Options   *Options
	// Worker is the workerd Worker this project analyses a file for, nil
	// for a wrangler (or default) project. See ForFile.
	Worker *config.WorkerdWorker
	// variants holds the per-Worker projects of the workspace's workerd
	// configs, built on first use.
	variants variants
}

// LoadProject loads the project a Python file (or directory) belongs to.
// root bounds the upward search for config files ("" for none); overlay
// supplies unsaved editor buffers (nil reads the disk); runtimeOverride,
// from the editor or command line, wins over the config. The error is for
// unreadable files only; a usable Project comes back with it.
func LoadProject(pyFileOrDir, root string, overlay config.Overlay, runtimeOverride string) (*Project, error) {
	ws, err := config.LoadOverlay(pyFileOrDir, root, overlay)
	if ws == nil {
		ws = &config.Workspace{Dir: pyFileOrDir, Root: root}
	}
	prof, notes := config.ResolveProfile(ws, config.ProfileOptions{RuntimeOverride: runtimeOverride})
	var settings *config.Settings
	settingsRoot := ws.Dir
	if ws.Pyproject != nil {
		settings = ws.Pyproject.Settings
		settingsRoot = filepath.Dir(ws.Pyproject.File.Path)
	}
	p := &Project{Workspace: ws, Profile: prof, Notes: notes, Options: OptionsFromSettings(settings, settingsRoot)}
	p.variants.runtime = runtimeOverride
	return p, err
}

// Merge returns the options of o overridden by every field set in over
// (editor settings and command-line flags win over pyproject.toml).
func (o *Options) Merge(over *Options) *Options {
	out := *o
	if over == nil {
		return &out
	}
	if len(over.Select) > 0 {
		out.Select = over.Select
	}
	if len(over.Ignore) > 0 {
		out.Ignore = append(append([]string(nil), o.Ignore...), over.Ignore...)
	}
	if len(over.Severity) > 0 {
		sev := map[string]diag.Severity{}
		for k, v := range o.Severity {
			sev[k] = v
		}
		for k, v := range over.Severity {
			sev[k] = v
		}
		out.Severity = sev
	}
	if len(over.PerFileIgnores) > 0 {
		out.PerFileIgnores = over.PerFileIgnores
		out.Root = over.Root
	}
	if len(over.Exclude) > 0 {
		out.Exclude = append(append([]string(nil), o.Exclude...), over.Exclude...)
	}
	if over.DocsURL != "" {
		out.DocsURL = over.DocsURL
	}
	return &out
}

// ProjectNotes returns the PW002 note for a Python file analysed under the
// default profile because no wrangler config was found or it is broken;
// nil when the profile came from a config. It covers the first line.
func ProjectNotes(text []byte, p *Project, opts *Options) []diag.Diagnostic {
	if p == nil || !p.Profile.Default || !opts.enabled(pw002Code) {
		return nil
	}
	end := bytes.IndexAny(text, "\r\n")
	if end < 0 {
		end = len(text)
	}
	msg := "no wrangler config found"
	for _, n := range p.Notes {
		if n.Severity == diag.Information {
			msg = n.Message
			break
		}
	}
	return []diag.Diagnostic{{Code: pw002Code, Severity: opts.severity(pw002Code, diag.Information), Start: 0, End: end, Message: msg}}
}

const pw002Code = "PW002"
