package server

import (
	"path/filepath"
	"slices"
	"strings"

	"github.com/pyworkers/pyworkers-lsp/internal/analysis/config"
	"github.com/pyworkers/pyworkers-lsp/internal/analysis/ide"
	"github.com/pyworkers/pyworkers-lsp/internal/analysis/semantic"
	"github.com/pyworkers/pyworkers-lsp/internal/analysis/source"
)

// docKind says how the server treats a document.
type docKind = ide.Kind

const (
	otherDoc   = ide.Other
	pythonDoc  = ide.Python
	configDoc  = ide.Config  // wrangler.toml / wrangler.jsonc / wrangler.json
	projectDoc = ide.Project // pyproject.toml and lock files: inputs of the profile
)

// kindOf classifies a document by language id and file name: the
// inputs of a Worker's profile are those check reads (config.IsWorkerInput).
func kindOf(languageID, path string) docKind {
	base := filepath.Base(path)
	switch {
	case slices.Contains(config.WranglerNames, base):
		return configDoc
	case config.IsWorkerInput(path):
		return projectDoc // pyproject.toml, lock files, workerd configs
	case languageID == "python" || strings.HasSuffix(base, ".py") || strings.HasSuffix(base, ".pyi"):
		return pythonDoc
	}
	return otherDoc
}

// document is an open document and its analysis state.
type document struct {
	doc  *source.Document
	path string // "" for non-file URIs
	kind docKind
	// an is the analysis state the document's snapshots share (its
	// incremental cache).
	an *ide.Analyzer
	// snap is the current version under the current project layer,
	// rebuilt on the read loop after every change (refreshLocked); nil
	// until the server first builds it. The document holds one reference.
	snap *ide.Snapshot
	work *worker // publishes the analysis of Python documents
	// pub keeps the JSON of the last published findings while the
	// document is among the hot ones (touchLocked); its worker uses it.
	pub *pubEncoder
	// module is the module summary of the last analysis, to tell which
	// open documents import a module whose buffer changed.
	module *semantic.Module
}

// newDocument opens uri with text, which it takes over (a decoded
// wireText, used nowhere else).
func newDocument(trees *source.Trees, uri, languageID string, version int32, text []byte) *document {
	path := uriPath(uri)
	kind := kindOf(languageID, path)
	d := &document{doc: trees.Open(uri, version, text, kind == pythonDoc), path: path, kind: kind, an: ide.NewAnalyzer()}
	if kind == pythonDoc {
		d.work = &worker{}
	}
	return d
}

func (d *document) close() {
	if d.work != nil {
		d.work.stop()
	}
	if d.snap != nil {
		d.snap.Release()
		d.snap = nil
	}
	d.doc.Close()
}
