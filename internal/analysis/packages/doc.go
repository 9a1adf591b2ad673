// Package packages knows which Python packages a Worker can install and
// import on each Pyodide release: the package index of the releases
// Python Workers resolve against (generated from Pyodide's own lock
// files), the native packages that have no Pyodide build, and which
// standard-library modules work in the runtime.
package packages

// The index is generated from the npm package `pyodide` of each release
// Python Workers resolve against (DESIGN.md §4: 0.27.7 for Python 3.12,
// 0.28.3 for 3.13, the newest 314.0.x for 3.14); the output is committed.
//go:generate go run ./internal/gen -o pyodide_index.json 0.27.7 0.28.3 314.0.7
