// Package runtimefacts holds what the Pyodide releases Python Workers run
// on really do at the JS/Python boundary, and what each JavaScript API a
// Worker calls does with its arguments. It is the single source of these
// facts for the FFI rules, their messages, hover docs and
// docs/runtime-behaviour.md.
//
// The truth table (truth.json) is measured, not written: oracle/truth.mjs
// runs Python snippets on npm pyodide 0.26.0-alpha.4, 0.28.2 and 314.0.4
// in Node and records what JavaScript observes. `bash .ci/run` regenerates
// it and fails when a pinned release behaves differently from the
// committed file.
package runtimefacts

import (
	_ "embed"
	"fmt"
	"sync"

	// segmentio's decoder (already in the build for the LSP stream): the
	// table is decoded by every process that analyses a file.
	json "github.com/segmentio/encoding/json"

	"github.com/pyworkers/pyworkers-lsp/internal/analysis/profile"
)

//go:embed truth.json
var truthJSON []byte

// Verdicts: how an observation compares with what working code sees.
const (
	Works          = "works"
	Differs        = "differs"          // no error, but JS sees something else (keys invisible, undefined, 200)
	DataCloneError = "data-clone-error" // structured clone throws
	ProxyDestroyed = "proxy-destroyed"  // "This borrowed proxy was automatically destroyed"
	Throws         = "throws"           // another exception
)

// Outcome is what one runtime did in one cell.
type Outcome struct {
	Observed string `json:"observed"`
	Verdict  string `json:"verdict"`
}

// OK reports whether the value worked for the operation.
func (o Outcome) OK() bool { return o.Verdict == Works }

// Cell is one value kind × operation, measured on every runtime.
type Cell struct {
	Value    string             `json:"value"`
	Op       string             `json:"op"`
	Expect   string             `json:"expect"`
	Outcomes map[string]Outcome `json:"outcomes"`
}

// PyCell is one Python-side observation (a JS value reaching Python, a
// proxy's lifetime, an import).
type PyCell struct {
	ID       string             `json:"id"`
	Python   string             `json:"python"`
	About    string             `json:"about"`
	Expect   string             `json:"expect"`
	Outcomes map[string]Outcome `json:"outcomes"`
}

// RuntimeInfo names a runtime column: the table's id, the npm release
// measured and the release Workers run.
type RuntimeInfo struct {
	ID      string `json:"id"`
	NPM     string `json:"npm"`
	Workers string `json:"workers"`
}

// Described is a value kind or an operation with its description.
type Described struct {
	Python    string `json:"python,omitempty"`
	About     string `json:"about"`
	Behaviour string `json:"behaviour,omitempty"`
}

// Table is the decoded truth table.
type Table struct {
	Comment    string               `json:"comment"`
	Runtimes   []RuntimeInfo        `json:"runtimes"`
	Values     map[string]Described `json:"values"`
	Operations map[string]Described `json:"operations"`
	Cells      []Cell               `json:"cells"`
	Python     []PyCell             `json:"python"`
}

var (
	loadOnce sync.Once
	table    *Table
	cellIdx  map[[2]string]*Cell
	pyIdx    map[string]*PyCell
)

// Truth returns the embedded truth table.
func Truth() *Table {
	loadOnce.Do(func() {
		t, err := Parse(truthJSON)
		if err != nil {
			panic("runtimefacts: embedded truth.json: " + err.Error())
		}
		table = t
		cellIdx = make(map[[2]string]*Cell, len(t.Cells))
		for i := range t.Cells {
			c := &t.Cells[i]
			cellIdx[[2]string{c.Value, c.Op}] = c
		}
		pyIdx = make(map[string]*PyCell, len(t.Python))
		for i := range t.Python {
			pyIdx[t.Python[i].ID] = &t.Python[i]
		}
	})
	return table
}

// Parse decodes a truth table and checks that every cell has an outcome
// for every runtime.
func Parse(data []byte) (*Table, error) {
	var t Table
	if err := json.Unmarshal(data, &t); err != nil {
		return nil, err
	}
	if len(t.Runtimes) == 0 || len(t.Cells) == 0 {
		return nil, fmt.Errorf("no runtimes or no cells")
	}
	for _, c := range t.Cells {
		for _, rt := range t.Runtimes {
			if _, ok := c.Outcomes[rt.ID]; !ok {
				return nil, fmt.Errorf("cell %s × %s has no outcome for %s", c.Value, c.Op, rt.ID)
			}
		}
	}
	for _, c := range t.Python {
		for _, rt := range t.Runtimes {
			if _, ok := c.Outcomes[rt.ID]; !ok {
				return nil, fmt.Errorf("python cell %s has no outcome for %s", c.ID, rt.ID)
			}
		}
	}
	return &t, nil
}

// RuntimeID is the table column for a runtime generation.
func RuntimeID(g profile.Generation) string {
	switch g {
	case profile.Pyodide026:
		return "0.26"
	case profile.Pyodide028:
		return "0.28"
	}
	return "314"
}

// Lookup returns what value did under op on runtime g. ok is false for a
// cell the oracle does not measure.
func Lookup(g profile.Generation, value, op string) (Outcome, bool) {
	Truth()
	c, ok := cellIdx[[2]string{value, op}]
	if !ok {
		return Outcome{}, false
	}
	return c.Outcomes[RuntimeID(g)], true
}

// Python returns a Python-side observation on runtime g.
func Python(g profile.Generation, id string) (Outcome, bool) {
	Truth()
	c, ok := pyIdx[id]
	if !ok {
		return Outcome{}, false
	}
	return c.Outcomes[RuntimeID(g)], true
}

// Measured names the npm release a runtime's column was measured on.
func Measured(g profile.Generation) string {
	for _, rt := range Truth().Runtimes {
		if rt.ID == RuntimeID(g) {
			return "pyodide " + rt.NPM
		}
	}
	return ""
}

// JSNullIsNone reports whether a JS null returned to Python arrives as
// None on runtime g (measured: the "JS null to Python" cell).
func JSNullIsNone(g profile.Generation) bool {
	o, ok := Python(g, "JS null to Python")
	return ok && o.OK()
}

// NoneBecomes is what JS receives for Python None on runtime g
// ("undefined").
func NoneBecomes(g profile.Generation) string {
	o, _ := Lookup(g, "None", "tag")
	return o.Observed
}

// CellOf returns the cell of value × op.
func CellOf(value, op string) (*Cell, bool) {
	Truth()
	c, ok := cellIdx[[2]string{value, op}]
	return c, ok
}
