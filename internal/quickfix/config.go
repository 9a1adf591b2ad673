package quickfix

import (
	"github.com/pyworkers/pyworkers-lsp/internal/analysis/config"
)

// Config fixes edit the wrangler file by byte range (config's edit
// helpers), so comments and formatting stay as written in TOML and JSONC.

// fixAddFlag fixes PW501: add the flag to compatibility_flags of the
// finding's environment, creating the key when absent.
func fixAddFlag(c *fixContext) []Fix {
	flag := c.d.Data["flag"]
	e, ok := config.AddFlagEdit(c.config(), c.d.Data["env"], flag)
	if !ok {
		return nil
	}
	return []Fix{{Title: "Add " + flag + " to compatibility_flags", Edits: []Edit{configEdit(e)}}}
}

// fixReplaceFlag fixes PW505's misspelt flag with the suggestion.
func fixReplaceFlag(c *fixContext) []Fix {
	f, env, to := c.config(), c.d.Data["env"], c.d.Data["flag"]
	if f == nil || f.Root == nil {
		return nil
	}
	for _, fl := range config.ReadWorker(f, env).CompatFlags {
		if fl.Span.Start != c.d.Start || fl.Span.End != c.d.End {
			continue
		}
		if e, ok := config.ReplaceFlagEdit(f, env, fl.Value, to); ok {
			return []Fix{{Title: "Change to " + to, Edits: []Edit{configEdit(e)}}}
		}
	}
	return nil
}

// fixAddRemote fixes PW503: `remote = true` / `"remote": true`.
func fixAddRemote(c *fixContext) []Fix {
	e, ok := config.SetRemoteEdit(c.config(), c.d.Data["env"], c.d.Data["kind"], c.d.Data["binding"], true)
	if !ok {
		return nil
	}
	return []Fix{{Title: "Add remote: true to " + c.d.Data["binding"], Edits: []Edit{configEdit(e)}}}
}

// fixRemoveRemote fixes PW502: drop the `remote` entry.
func fixRemoveRemote(c *fixContext) []Fix {
	e, ok := config.RemoveRemoteEdit(c.config(), c.d.Data["env"], c.d.Data["kind"], c.d.Data["binding"])
	if !ok {
		return nil
	}
	return []Fix{{Title: "Remove remote from " + c.d.Data["binding"], Edits: []Edit{configEdit(e)}}}
}

func configEdit(e config.Edit) Edit { return edit(e.Start, e.End, e.NewText) }
