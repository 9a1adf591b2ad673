package server

import (
	"path/filepath"
	"strings"

	"github.com/pyworkers/pyworkers-lsp/analysis"
	"github.com/pyworkers/pyworkers-lsp/analysis/config"
	"github.com/pyworkers/pyworkers-lsp/analysis/lookup"
	"github.com/pyworkers/pyworkers-lsp/analysis/source"
)

// docKind says how the server treats a document.
type docKind int

const (
	otherDoc docKind = iota
	pythonDoc
	configDoc  // wrangler.toml / wrangler.jsonc / wrangler.json
	projectDoc // pyproject.toml and lock files: inputs of the profile
)

// kindOf classifies a document by language id and file name.
func kindOf(languageID, path string) docKind {
	base := strings.ToLower(filepath.Base(path))
	switch base {
	case "wrangler.toml", "wrangler.jsonc", "wrangler.json":
		return configDoc
	case "pyproject.toml", "uv.lock", "pylock.toml", "requirements.txt":
		return projectDoc
	}
	if config.IsWorkerdConfig(path) {
		return projectDoc // a workerd config is an input of its Workers' profiles
	}
	if languageID == "python" || strings.HasSuffix(base, ".py") || strings.HasSuffix(base, ".pyi") {
		return pythonDoc
	}
	return otherDoc
}

// document is an open document and its analysis state.
type document struct {
	doc  *source.Document
	path string // "" for non-file URIs
	kind docKind
	work *worker // analysis worker (Python and config documents)
	// lookups caches the module summary for hover and completion (Python
	// documents; set on first use).
	lookups *lookup.Summaries
}

func newDocument(trees *source.Trees, uri, languageID string, version int32, text []byte) *document {
	path := uriPath(uri)
	kind := kindOf(languageID, path)
	d := &document{doc: trees.Open(uri, version, text, kind == pythonDoc), path: path, kind: kind}
	if kind == pythonDoc || kind == configDoc {
		d.work = &worker{cache: analysis.NewCache()}
	}
	return d
}

func (d *document) close() {
	if d.work != nil {
		d.work.stop()
	}
	d.doc.Close()
}
