package config

import (
	"fmt"
	"path/filepath"
	"sort"
)

// WranglerNames are the wrangler config file names, in the order wrangler
// prefers them when several sit in one directory.
var WranglerNames = []string{"wrangler.json", "wrangler.jsonc", "wrangler.toml"}

// StringValue is a string read from a config file with its position.
type StringValue struct {
	Value string
	Span  Span // the value as written, quotes included
	// Entry is the whole `key = value` entry.
	Entry Span
}

// Worker is what a wrangler config says about the Worker under one
// environment: inherited keys resolved, bindings from that environment
// only (wrangler does not inherit bindings into [env.*]).
type Worker struct {
	// Env is the environment name, "" for the top level.
	Env  string
	Name *StringValue
	Main *StringValue
	// CompatDate is nil when absent; a TOML date literal is read as its
	// text.
	CompatDate *StringValue
	// CompatFlags are the string elements of compatibility_flags.
	CompatFlags []StringValue
	// FlagsField is the compatibility_flags entry in effect (nil when
	// absent), and Table the table the environment's keys live in (the
	// document root or the [env.NAME] table): both for fixes that add a
	// flag.
	FlagsField *Field
	Table      *Value
	Bindings   []Binding
	// Problems are structural errors (a key of the wrong type, an unknown
	// environment).
	Problems []Problem
}

// Problem is a finding about a config file's content, not its syntax.
type Problem struct {
	Span    Span
	Message string
}

// Envs lists the environment names declared under `env`.
func Envs(f *File) []string {
	if f == nil || f.Root == nil {
		return nil
	}
	var names []string
	if env := f.Root.Get("env"); env != nil {
		for _, e := range env.Fields {
			names = append(names, e.Key)
		}
	}
	sort.Strings(names)
	return names
}

// ReadWorker reads the Worker settings of environment env ("" for the
// top level) from a parsed wrangler config. A file with a syntax error
// yields an empty Worker.
func ReadWorker(f *File, env string) *Worker {
	w := &Worker{Env: env}
	if f == nil || f.Root == nil {
		return w
	}
	top := f.Root
	w.Table = top
	var envTable *Value
	if env != "" {
		if ef := top.Get("env"); ef != nil {
			if e := ef.Field(env); e != nil && e.Value.Kind == Table {
				envTable = e.Value
			}
		}
		if envTable == nil {
			w.Problems = append(w.Problems, Problem{Span: Span{0, 0}, Message: fmt.Sprintf("no environment %q in %s; using the top-level settings", env, filepath.Base(f.Path))})
			w.Env = ""
		} else {
			w.Table = envTable
		}
	}
	// Inheritable keys: the environment's own value wins.
	lookup := func(key string) *Field {
		if envTable != nil {
			if fl := envTable.Field(key); fl != nil {
				return fl
			}
		}
		return top.Field(key)
	}
	w.Name = w.readString(lookup("name"))
	w.Main = w.readString(lookup("main"))
	if pr := mainOutside(f, w.Main); pr != nil {
		// Never read: everything downstream sees a Worker without main.
		w.Problems = append(w.Problems, *pr)
		w.Main = nil
	}
	w.CompatDate = w.readString(lookup("compatibility_date"))
	if fl := lookup("compatibility_flags"); fl != nil {
		w.FlagsField = fl
		if fl.Value.Kind != Array {
			w.Problems = append(w.Problems, Problem{Span: fl.Value.Span, Message: "compatibility_flags must be an array of strings"})
		}
		for _, item := range fl.Value.Items {
			if item.Kind != String {
				w.Problems = append(w.Problems, Problem{Span: item.Span, Message: "compatibility flags are strings"})
				continue
			}
			w.CompatFlags = append(w.CompatFlags, StringValue{Value: item.Text, Span: item.Span, Entry: item.Span})
		}
	}
	if envTable != nil {
		w.Bindings = readBindings(envTable)
	} else {
		w.Bindings = readBindings(top)
	}
	return w
}

// readString reads a string entry; a TOML date literal counts as its
// text, other kinds are a problem.
func (w *Worker) readString(f *Field) *StringValue {
	if f == nil {
		return nil
	}
	switch f.Value.Kind {
	case String, Date:
		return &StringValue{Value: f.Value.Text, Span: f.Value.Span, Entry: f.Span}
	}
	w.Problems = append(w.Problems, Problem{Span: f.Value.Span, Message: fmt.Sprintf("%s must be a string, not a %s", f.Key, f.Value.Kind)})
	return nil
}

// HasFlag reports whether flag is listed in compatibility_flags.
func (w *Worker) HasFlag(flag string) bool {
	for _, f := range w.CompatFlags {
		if f.Value == flag {
			return true
		}
	}
	return false
}

// Binding finds a binding by its env name.
func (w *Worker) Binding(name string) (Binding, bool) {
	for _, b := range w.Bindings {
		if b.Name == name {
			return b, true
		}
	}
	return Binding{}, false
}
