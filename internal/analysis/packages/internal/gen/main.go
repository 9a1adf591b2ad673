// Command gen writes the package data of Pyodide releases: it fetches the
// npm package `pyodide` of each version with `npm pack`, reads the
// pyodide-lock.json inside and keeps, per package, its version, import
// names, type and whether the wheel is a native (platform) build.
//
//	go run ./internal/gen -o pyodide_index.json 0.27.7 0.28.3 314.0.7
package main

import (
	"archive/tar"
	"compress/gzip"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"log"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strings"
)

// lockFile is the part of pyodide-lock.json the index needs.
type lockFile struct {
	Info struct {
		Python string `json:"python"`
	} `json:"info"`
	Packages map[string]struct {
		Name        string   `json:"name"`
		Version     string   `json:"version"`
		FileName    string   `json:"file_name"`
		Imports     []string `json:"imports"`
		PackageType string   `json:"package_type"`
	} `json:"packages"`
}

func main() {
	out := flag.String("o", "pyodide_index.json", "output file")
	flag.Parse()
	if flag.NArg() == 0 {
		log.Fatal("usage: gen -o FILE VERSION...")
	}
	var b strings.Builder
	b.WriteString("{\n\"source\": \"pyodide-lock.json of the npm package pyodide, written by internal/gen\",\n\"indexes\": [\n")
	for i, version := range flag.Args() {
		lock, err := fetchLock(version)
		if err != nil {
			log.Fatalf("pyodide %s: %v", version, err)
		}
		if i > 0 {
			b.WriteString(",\n")
		}
		writeIndex(&b, version, lock)
	}
	b.WriteString("\n]\n}\n")
	if err := os.WriteFile(*out, []byte(b.String()), 0o644); err != nil {
		log.Fatal(err)
	}
}

// writeIndex writes one release, a package per line so diffs stay small.
func writeIndex(b *strings.Builder, version string, lock *lockFile) {
	fmt.Fprintf(b, "{\"version\": %q, \"python\": %q, \"packages\": [\n", version, lock.Info.Python)
	names := make([]string, 0, len(lock.Packages))
	for k := range lock.Packages {
		names = append(names, k)
	}
	sort.Strings(names)
	for i, k := range names {
		p := lock.Packages[k]
		imports := p.Imports
		if imports == nil {
			imports = []string{}
		}
		row, _ := json.Marshal(map[string]any{
			"name":    k,
			"version": p.Version,
			"imports": imports,
			"type":    p.PackageType,
			"native":  isNative(p.FileName, p.PackageType),
		})
		sep := ",\n"
		if i == len(names)-1 {
			sep = "\n"
		}
		b.Write(row)
		b.WriteString(sep)
	}
	b.WriteString("]}")
}

// isNative reports whether a package is a compiled build: a platform
// wheel (not `-none-any`) or a shared library. Test archives are not.
func isNative(file, typ string) bool {
	if typ == "shared_library" {
		return true
	}
	return strings.HasSuffix(file, ".whl") && !strings.HasSuffix(file, "-none-any.whl")
}

// fetchLock downloads pyodide@version with npm and reads its lock file.
func fetchLock(version string) (*lockFile, error) {
	dir, err := os.MkdirTemp("", "pyodide-pack")
	if err != nil {
		return nil, err
	}
	defer os.RemoveAll(dir)
	cmd := exec.Command("npm", "pack", "--silent", "pyodide@"+version)
	cmd.Dir, cmd.Stderr = dir, os.Stderr
	name, err := cmd.Output()
	if err != nil {
		return nil, fmt.Errorf("npm pack: %w", err)
	}
	f, err := os.Open(filepath.Join(dir, strings.TrimSpace(string(name))))
	if err != nil {
		return nil, err
	}
	defer f.Close()
	gz, err := gzip.NewReader(f)
	if err != nil {
		return nil, err
	}
	tr := tar.NewReader(gz)
	for {
		h, err := tr.Next()
		if errors.Is(err, io.EOF) {
			return nil, errors.New("no pyodide-lock.json in the package")
		}
		if err != nil {
			return nil, err
		}
		if filepath.Base(h.Name) != "pyodide-lock.json" {
			continue
		}
		var lock lockFile
		if err := json.NewDecoder(tr).Decode(&lock); err != nil {
			return nil, fmt.Errorf("pyodide-lock.json: %w", err)
		}
		return &lock, nil
	}
}
