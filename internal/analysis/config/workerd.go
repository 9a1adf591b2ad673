package config

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"sync"
	"time"

	"github.com/pyworkers/pyworkers-lsp/internal/analysis/capnp"
	"github.com/pyworkers/pyworkers-lsp/internal/analysis/diag"
	"github.com/pyworkers/pyworkers-lsp/internal/analysis/profile"
)

// WorkerdConfigName is the file name workerd's samples give their
// configuration; every `*.wd-test` file (workerd's test configs) is read
// too.
const WorkerdConfigName = "config.capnp"

// WorkerdTestSuffix ends the name of a workerd test config.
const WorkerdTestSuffix = ".wd-test"

// IsWorkerdConfig reports whether a path names a workerd configuration
// this package reads.
func IsWorkerdConfig(path string) bool {
	base := filepath.Base(path)
	return base == WorkerdConfigName || strings.HasSuffix(base, WorkerdTestSuffix)
}

// WorkerdConfig is a parsed workerd configuration (Cap'n Proto text)
// and the Python Workers it defines.
type WorkerdConfig struct {
	Path  string // absolute
	Text  []byte
	File  *capnp.File
	lines lineIndex
	// Workers are the Workers with at least one pythonModule, in the
	// order the config lists them.
	Workers []*WorkerdWorker
	// Problems are structural errors found while reading the Workers (a
	// reference to a missing constant).
	Problems []Problem
}

// IsTest reports whether the config is a `.wd-test` file, run by
// `workerd test`, whose --compat-date may supply the date.
func (c *WorkerdConfig) IsTest() bool { return strings.HasSuffix(c.Path, WorkerdTestSuffix) }

// IsTemplate reports whether the config holds %NAME placeholders: a
// template that a build step fills in and may write elsewhere, so its
// embed paths need not resolve where it sits.
func (c *WorkerdConfig) IsTemplate() bool { return c.File.Placeholders > 0 }

// WorkerdWorker is one `Workerd.Worker` with Python modules.
type WorkerdWorker struct {
	Config *WorkerdConfig
	// Name is the service name, or the constant's name when no service
	// names the Worker.
	Name     string
	NameSpan Span
	// Decl is the Worker's struct value.
	Decl    Span
	Modules []WorkerdModule
	// CompatDate is nil when absent; DatePlaceholder is set when the date
	// is a template placeholder (%COMPAT_DATE, "<COMPATIBILITY_DATE>").
	CompatDate      *StringValue
	DatePlaceholder *StringValue
	// CompatFlags are the string elements of compatibilityFlags, and
	// FlagPlaceholders its placeholder elements (%PYTHON_FEATURE_FLAGS,
	// which workerd's py_wd_test fills with the runtime's enable flags).
	CompatFlags      []StringValue
	FlagPlaceholders []StringValue
	// FlagsField is the compatibilityFlags entry, nil when absent.
	FlagsField *Span
	Bindings   []Binding
}

// WorkerdModule is one entry of a Worker's modules list.
type WorkerdModule struct {
	Name string
	// Type is the union member: "pythonModule", "esModule", "text", …
	Type string
	// Path is the absolute path of an `embed`ded file, "" for inline
	// content or a file under an import directory (`embed "/x"`).
	Path string
	Span Span // the module's value (`embed "worker.py"`)
}

// Main returns the absolute path of the main module (the first module),
// or "" when it is not an embedded file.
func (w *WorkerdWorker) Main() string {
	if len(w.Modules) == 0 {
		return ""
	}
	return w.Modules[0].Path
}

// Embeds reports whether the Worker embeds the file at path (absolute)
// as a Python module.
func (w *WorkerdWorker) Embeds(path string) bool {
	for _, m := range w.Modules {
		if m.Type == "pythonModule" && m.Path == path {
			return true
		}
	}
	return false
}

// Label names the Worker in messages: `worker "main" of config.capnp`.
func (w *WorkerdWorker) Label() string {
	return "worker " + strconvQuote(w.Name) + " of " + filepath.Base(w.Config.Path)
}

func strconvQuote(s string) string { return `"` + strings.ReplaceAll(s, `"`, `\"`) + `"` }

// ParseWorkerd parses a workerd configuration and reads its Python
// Workers. Syntax errors stay in File.Errors; Workers whose text parsed
// are read regardless.
func ParseWorkerd(path string, text []byte) *WorkerdConfig {
	c := &WorkerdConfig{Path: path, Text: text, File: capnp.Parse(text)}
	r := workerdReader{c: c, seen: map[*capnp.Value]bool{}}
	r.read()
	return c
}

type workerdReader struct {
	c    *WorkerdConfig
	seen map[*capnp.Value]bool
}

// lastPart returns the last dotted part of a type name.
func lastPart(typ string) string {
	if i := strings.LastIndexByte(typ, '.'); i >= 0 {
		return typ[i+1:]
	}
	return typ
}

// read collects the Workers of every Config constant's services; a file
// without a Config constant (a fragment imported elsewhere) contributes
// its Worker constants.
func (r *workerdReader) read() {
	f := r.c.File
	hasConfig := false
	for _, k := range f.Consts {
		if lastPart(k.Type) != "Config" {
			continue
		}
		hasConfig = true
		services := f.Resolve(k.Value).Get("services")
		if services == nil || services.Kind != capnp.List {
			continue
		}
		for _, item := range services.Items {
			svc := f.Resolve(item)
			ref := svc.Get("worker")
			if ref == nil {
				continue
			}
			w := f.Resolve(ref)
			if w == nil {
				r.c.Problems = append(r.c.Problems, Problem{Span: span(ref.Span), Message: "no constant " + strconvQuote(ref.Text) + " in " + filepath.Base(r.c.Path)})
				continue
			}
			nameField := svc.Field("name")
			name, _ := svc.Get("name").Str()
			var nameSpan Span
			if nameField != nil {
				nameSpan = span(nameField.Value.Span)
			}
			r.worker(name, nameSpan, w)
		}
	}
	if hasConfig {
		return
	}
	for _, k := range f.Consts {
		if lastPart(k.Type) == "Worker" {
			r.worker(k.Name, span(k.NameSpan), f.Resolve(k.Value))
		}
	}
}

// worker reads one Worker struct, once however many services name it.
func (r *workerdReader) worker(name string, nameSpan Span, v *capnp.Value) {
	if v == nil || v.Kind != capnp.Struct || r.seen[v] {
		return
	}
	r.seen[v] = true
	f := r.c.File
	w := &WorkerdWorker{Config: r.c, Name: name, NameSpan: nameSpan, Decl: span(v.Span)}
	python := false
	if mods := f.Resolve(v.Get("modules")); mods != nil && mods.Kind == capnp.List {
		for _, item := range mods.Items {
			m, ok := r.module(f.Resolve(item))
			if ok {
				w.Modules = append(w.Modules, m)
				python = python || m.Type == "pythonModule"
			}
		}
	}
	if !python {
		return
	}
	if fl := v.Field("compatibilityDate"); fl != nil {
		d := f.Resolve(fl.Value)
		sv := &StringValue{Span: span(fl.Value.Span), Entry: span(fl.Span)}
		switch {
		case d != nil && d.Kind == capnp.Placeholder:
			sv.Value = "%" + d.Text
			w.DatePlaceholder = sv
		case d != nil && d.Kind == capnp.String && IsPlaceholder(d.Text):
			sv.Value = d.Text
			w.DatePlaceholder = sv
		case d != nil && d.Kind == capnp.String:
			sv.Value = d.Text
			w.CompatDate = sv
		default:
			r.c.Problems = append(r.c.Problems, Problem{Span: sv.Span, Message: "compatibilityDate must be a string"})
		}
	}
	if fl := v.Field("compatibilityFlags"); fl != nil {
		sp := span(fl.Span)
		w.FlagsField = &sp
		list := f.Resolve(fl.Value)
		if list == nil || list.Kind != capnp.List {
			r.c.Problems = append(r.c.Problems, Problem{Span: span(fl.Value.Span), Message: "compatibilityFlags must be a list of strings"})
		} else {
			for _, it := range list.Items {
				sv := StringValue{Value: it.Text, Span: span(it.Span), Entry: span(it.Span)}
				switch it.Kind {
				case capnp.String:
					w.CompatFlags = append(w.CompatFlags, sv)
				case capnp.Placeholder:
					sv.Value = "%" + it.Text
					w.FlagPlaceholders = append(w.FlagPlaceholders, sv)
				default:
					r.c.Problems = append(r.c.Problems, Problem{Span: sv.Span, Message: "compatibility flags are strings"})
				}
			}
		}
	}
	if bs := f.Resolve(v.Get("bindings")); bs != nil && bs.Kind == capnp.List {
		for _, item := range bs.Items {
			if b, ok := workerdBinding(f.Resolve(item)); ok {
				w.Bindings = append(w.Bindings, b)
			}
		}
	}
	r.c.Workers = append(r.c.Workers, w)
}

// moduleTypes are the union members of Worker.Module that carry the
// module's content (workerd.capnp, struct Worker.Module).
var moduleTypes = []string{"esModule", "commonJsModule", "text", "data", "wasm", "json", "obsolete", "pythonModule", "obsoletePythonRequirement"}

func (r *workerdReader) module(v *capnp.Value) (WorkerdModule, bool) {
	if v == nil || v.Kind != capnp.Struct {
		return WorkerdModule{}, false
	}
	m := WorkerdModule{}
	m.Name, _ = v.Get("name").Str()
	for _, t := range moduleTypes {
		content := v.Get(t)
		if content == nil {
			continue
		}
		m.Type, m.Span = t, span(content.Span)
		if content.Kind == capnp.Embed {
			m.Path = r.embedPath(content.Text)
		}
		return m, true
	}
	return WorkerdModule{}, false
}

// embedPath resolves an embed path relative to the config's directory
// (capnp's rule for a path without a leading slash). An absolute one
// names a file under one of capnp's import directories, unknown here:
// "". So is one that leads out of the config's folder.
func (r *workerdReader) embedPath(p string) string {
	if strings.HasPrefix(p, "/") {
		return ""
	}
	dir := filepath.Dir(r.c.Path)
	path := filepath.Join(dir, filepath.FromSlash(p))
	if _, err := Confine(dir, path); err != nil {
		return "" // out of the config's folder (.. or a symlink): never read
	}
	return path
}

// workerdBindingKinds maps Worker.Binding union members (workerd.capnp)
// to the wrangler binding keys the rules know. Members without a wrangler
// equivalent (cryptoKey, memoryCache, unsafeEval, …) map to
// "unsafe.bindings", whose methods are not checked.
var workerdBindingKinds = map[string]string{
	"text":                   "vars",
	"json":                   "vars",
	"fromEnvironment":        "vars",
	"data":                   "data_blobs",
	"wasmModule":             "wasm_modules",
	"service":                "services",
	"durableObjectNamespace": "durable_objects.bindings",
	"kvNamespace":            "kv_namespaces",
	"r2Bucket":               "r2_buckets",
	"queue":                  "queues.producers",
	"analyticsEngine":        "analytics_engine_datasets",
	"hyperdrive":             "hyperdrive",
	"workerLoader":           "worker_loaders",
}

// wrappedBindingKinds maps the module of a `wrapped` binding to its
// wrangler key (workerd's src/cloudflare/internal/*-api.ts modules).
var wrappedBindingKinds = map[string]string{
	"cloudflare-internal:d1-api":        "d1_databases",
	"cloudflare-internal:ai-api":        "ai",
	"cloudflare-internal:vectorize-api": "vectorize",
	"cloudflare-internal:images-api":    "images",
	"cloudflare-internal:br-api":        "browser",
	"cloudflare-internal:workflows-api": "workflows",
}

func workerdBinding(v *capnp.Value) (Binding, bool) {
	nf := v.Field("name")
	if nf == nil {
		return Binding{}, false
	}
	name, ok := nf.Value.Str()
	if !ok || name == "" {
		return Binding{}, false
	}
	b := Binding{Name: name, Kind: "unsafe.bindings", NameSpan: span(nf.Value.Span), Decl: span(v.Span)}
	for _, f := range v.Fields {
		if f.Name == "name" {
			continue
		}
		if k, ok := workerdBindingKinds[f.Name]; ok {
			b.Kind = k
		} else if f.Name == "wrapped" {
			mod, _ := f.Value.Get("moduleName").Str()
			if k, ok := wrappedBindingKinds[mod]; ok {
				b.Kind = k
			}
		}
		if f.Name == "durableObjectNamespace" {
			switch f.Value.Kind {
			case capnp.String:
				b.ClassName = f.Value.Text
			case capnp.Struct:
				b.ClassName, _ = f.Value.Get("className").Str()
			}
		}
		break
	}
	return b, true
}

func span(s capnp.Span) Span { return Span{s.Start, s.End} }

// workerdConfigs finds the workerd configurations with Python Workers in
// dirs (config.capnp and *.wd-test files), nearest directory first. The
// search stops at a repository root (a directory holding .git): a
// config outside the repository does not embed its files.
func (l *loader) workerdConfigs(dirs []string) []*WorkerdConfig {
	var out []*WorkerdConfig
	for _, dir := range dirs {
		names, repoRoot := workerdNames(dir)
		for _, name := range names {
			path := filepath.Join(dir, name)
			text, ok := l.read(path)
			// Configs of JavaScript Workers only are not this tool's
			// business (and are not parsed).
			if !ok || !bytes.Contains(text, []byte("pythonModule")) {
				continue
			}
			if c := ParseWorkerd(path, text); len(c.Workers) > 0 || len(c.File.Errors) > 0 {
				out = append(out, c)
			}
		}
		if repoRoot {
			break
		}
	}
	return out
}

// workerdNames lists the workerd config names in dir, sorted, and
// whether dir is a repository root. Names only (no stat per entry): a
// directory named like a config fails to read later and is skipped.
func workerdNames(dir string) (names []string, repoRoot bool) {
	// A directory's listing changes only with its modification time: one
	// stat instead of a listing for the directories every Load passes.
	st, err := os.Stat(dir)
	if err != nil {
		return nil, false
	}
	listings.Lock()
	e, ok := listings.m[dir]
	listings.Unlock()
	if ok && e.mtime.Equal(st.ModTime()) {
		return e.names, e.repoRoot
	}
	names, repoRoot = listWorkerdNames(dir)
	listings.Lock()
	if len(listings.m) >= maxListings {
		clear(listings.m)
	}
	listings.m[dir] = listing{st.ModTime(), names, repoRoot}
	listings.Unlock()
	return names, repoRoot
}

// listings caches workerdNames by directory.
var listings = struct {
	sync.Mutex
	m map[string]listing
}{m: map[string]listing{}}

const maxListings = 4096

type listing struct {
	mtime    time.Time
	names    []string
	repoRoot bool
}

func listWorkerdNames(dir string) (names []string, repoRoot bool) {
	f, err := os.Open(dir)
	if err != nil {
		return nil, false
	}
	defer f.Close()
	all, _ := f.Readdirnames(-1)
	for _, name := range all {
		if IsWorkerdConfig(name) {
			names = append(names, name)
		}
		repoRoot = repoRoot || name == ".git"
	}
	sort.Strings(names)
	return names, repoRoot
}

// WorkersOf returns the workerd Workers of the workspace that embed the
// Python file at path (absolute), in discovery order.
func (ws *Workspace) WorkersOf(path string) []*WorkerdWorker {
	if ws == nil {
		return nil
	}
	var out []*WorkerdWorker
	for _, c := range ws.Workerd {
		for _, w := range c.Workers {
			if w.Embeds(path) {
				out = append(out, w)
			}
		}
	}
	return out
}

// workerdTestDate is the date workerd's own test rule passes to
// `workerd test --compat-date` when a .wd-test Worker sets none
// (build/wd_test.bzl, default variant; Python tests run only that one).
const workerdTestDate = "2000-01-01"

// ResolveWorkerdProfile computes the runtime profile of one workerd
// Worker: its compatibilityDate, compatibilityFlags and bindings, with
// the packages of the workspace's pyproject.toml and lock. Placeholders
// (%PYTHON_FEATURE_FLAGS, %COMPAT_DATE) leave the runtime unknown: the
// newest is assumed, and a note says so.
func ResolveWorkerdProfile(ws *Workspace, w *WorkerdWorker, opts ProfileOptions) (*profile.Profile, []Note) {
	c := w.Config
	base := filepath.Base(c.Path)
	at := func(offset int) string { return position(c.Path, c.lines.of(c.Text), offset) }
	in := profile.Input{
		ConfigFile: c.Path,
		Main:       w.Main(),
		Bindings:   map[string]profile.Binding{},
		Sources:    map[string]string{"worker": w.Label()},
	}
	var notes []Note
	switch {
	case w.CompatDate != nil:
		in.CompatDate = w.CompatDate.Value
		in.Sources["compatibility_date"] = at(w.CompatDate.Span.Start)
	case w.DatePlaceholder != nil:
		in.CompatDate = Today()
		in.Sources["compatibility_date"] = fmt.Sprintf("placeholder %s at %s; assuming %s", w.DatePlaceholder.Value, at(w.DatePlaceholder.Span.Start), in.CompatDate)
		notes = append(notes, Note{Path: c.Path, Span: w.DatePlaceholder.Span, Severity: diag.Information,
			Message: fmt.Sprintf("compatibilityDate of %s is the placeholder %s, filled in before workerd runs; assuming a current date (%s)", w.Label(), w.DatePlaceholder.Value, in.CompatDate)})
	case c.IsTest():
		in.CompatDate = workerdTestDate
		in.Sources["compatibility_date"] = "not set in " + base + ": `workerd test --compat-date` supplies it (" + workerdTestDate + " in workerd's wd_test rule)"
	default:
		in.Sources["compatibility_date"] = "not set in " + base
	}
	if w.FlagsField != nil {
		in.Sources["compatibility_flags"] = at(w.FlagsField.Start)
	}
	for _, fl := range w.CompatFlags {
		in.Flags = append(in.Flags, fl.Value)
	}
	for _, b := range w.Bindings {
		in.Bindings[b.Name] = profile.Binding{Name: b.Name, Kind: b.Kind, ClassName: b.ClassName,
			Decl: profile.Location{File: c.Path, Start: b.NameSpan.Start, End: b.NameSpan.End}}
		in.Sources["binding:"+b.Name] = at(b.NameSpan.Start)
	}
	if in.Main != "" {
		in.Sources["main"] = at(w.Modules[0].Span.Start)
	}
	in.DevPackages = devPackagesOf(ws)
	in.RuntimeOverride = opts.RuntimeOverride
	if in.RuntimeOverride == "" && ws.Pyproject != nil && ws.Pyproject.Settings != nil && ws.Pyproject.Settings.Runtime != nil {
		in.RuntimeOverride = ws.Pyproject.Settings.Runtime.Value
	}
	// A flags placeholder stands for the runtime's enable flags: which
	// runtime is not known, so the newest is assumed unless overridden.
	placeholder := ""
	if len(w.FlagPlaceholders) > 0 && in.RuntimeOverride == "" {
		placeholder = w.FlagPlaceholders[0].Value
		in.RuntimeOverride = profile.Latest().Pyodide
		notes = append(notes, Note{Path: c.Path, Span: w.FlagPlaceholders[0].Span, Severity: diag.Information,
			Message: fmt.Sprintf("compatibilityFlags of %s hold the placeholder %s (the runtime's enable flags, filled in by the build); assuming the newest runtime, %s", w.Label(), placeholder, profile.Latest())})
	}
	p, warnings := profile.Resolve(in)
	if len(w.FlagPlaceholders) > 0 && !p.Flags[profile.FlagPythonWorkers] {
		// The placeholder holds the runtime's enable flags, python_workers
		// among them (workerd refuses Python modules without it).
		p.Flags[profile.FlagPythonWorkers] = true
		p.Sources["flag:"+profile.FlagPythonWorkers] = "assumed in " + w.FlagPlaceholders[0].Value
	}
	if placeholder != "" {
		p.Sources["runtime"] = "placeholder " + placeholder + " at " + at(w.FlagPlaceholders[0].Span.Start) + " (assuming the newest runtime)"
	}
	for _, msg := range warnings {
		notes = append(notes, Note{Path: c.Path, Severity: diag.Information, Message: msg})
	}
	if w.DatePlaceholder != nil {
		p.DatePlaceholder = w.DatePlaceholder.Value
	}
	withPackages(p, ws)
	return p, notes
}

// HasFlag reports whether flag is listed in compatibilityFlags.
func (w *WorkerdWorker) HasFlag(flag string) bool {
	for _, f := range w.CompatFlags {
		if f.Value == flag {
			return true
		}
	}
	return false
}
