// Command rewrite replaces node-type and field-name string literals in Go
// code with the constants of internal/analysis/syntax/names.go:
//
//	n.Type() == "call"          → n.Type() == syntax.TypeCall
//	n.Field("name")             → n.Field(syntax.FieldName)
//	n.Is("list", "tuple")       → n.Is(syntax.TypeList, syntax.TypeTuple)
//	switch n.Type() { case "if_statement": … }
//
// and likewise the arguments of Ancestor and Nodes. Only literals naming
// a generated constant change; the rest of the file is left byte for
// byte, so running it again (after a merge brings new literals) is safe.
//
// Usage: go run ./internal/analysis/syntax/internal/namegen/rewrite DIR...
// (directories are walked; generated files and this tool are skipped).
package main

import (
	"bytes"
	"fmt"
	"go/ast"
	"go/format"
	"go/parser"
	"go/token"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"

	"github.com/pyworkers/pyworkers-lsp/internal/analysis/syntax/internal/namegen"
)

const syntaxPath = "github.com/pyworkers/pyworkers-lsp/internal/analysis/syntax"

// typeArgs are the methods whose string arguments are node types.
var typeArgs = map[string]bool{"Is": true, "Ancestor": true, "Nodes": true}

func main() {
	types, fields := map[string]string{}, map[string]string{}
	for _, n := range namegen.NodeTypes() {
		types[n.Value] = n.Ident
	}
	for _, n := range namegen.Fields() {
		fields[n.Value] = n.Ident
	}
	changed := 0
	for _, root := range os.Args[1:] {
		err := filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
			if err != nil || d.IsDir() || !strings.HasSuffix(path, ".go") || strings.Contains(filepath.ToSlash(path), "internal/namegen") {
				return err
			}
			n, err := rewrite(path, types, fields)
			if n > 0 {
				changed++
				fmt.Printf("%s: %d\n", path, n)
			}
			return err
		})
		if err != nil {
			fmt.Fprintln(os.Stderr, "rewrite:", err)
			os.Exit(1)
		}
	}
	fmt.Printf("%d files changed\n", changed)
}

type edit struct {
	start, end int
	text       string
}

// rewrite replaces the literals of one file and returns how many changed.
func rewrite(path string, types, fields map[string]string) (int, error) {
	src, err := os.ReadFile(path)
	if err != nil {
		return 0, err
	}
	if bytes.HasPrefix(src, []byte("// Code generated")) {
		return 0, nil // names.go itself, and other generated files
	}
	fset := token.NewFileSet()
	f, err := parser.ParseFile(fset, path, src, parser.ParseComments)
	if err != nil {
		return 0, err
	}
	// Only code that works on syntax nodes: config values and capnp
	// nodes have Field and Type methods of their own.
	qual := "syntax."
	dir := filepath.ToSlash(filepath.Dir(path))
	switch {
	case f.Name.Name == "syntax" && strings.HasSuffix(dir, "internal/analysis/syntax"):
		qual = ""
	case strings.HasSuffix(dir, "internal/analysis/config") || strings.HasSuffix(dir, "internal/analysis/capnp"):
		return 0, nil
	}
	var edits []edit
	replace := func(e ast.Expr, table map[string]string) {
		lit, ok := e.(*ast.BasicLit)
		if !ok || lit.Kind != token.STRING {
			return
		}
		v, err := strconv.Unquote(lit.Value)
		if err != nil || table[v] == "" {
			return
		}
		edits = append(edits, edit{fset.Position(lit.Pos()).Offset, fset.Position(lit.End()).Offset, qual + table[v]})
	}
	ast.Inspect(f, func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.BinaryExpr:
			if n.Op == token.EQL || n.Op == token.NEQ {
				if isMethodCall(n.X, "Type", 0) {
					replace(n.Y, types)
				} else if isMethodCall(n.Y, "Type", 0) {
					replace(n.X, types)
				}
			}
		case *ast.CallExpr:
			switch {
			case isMethodCall(n, "Field", 1):
				replace(n.Args[0], fields)
			case isMethodCall(n, "", -1) && typeArgs[n.Fun.(*ast.SelectorExpr).Sel.Name]:
				for _, a := range n.Args {
					replace(a, types)
				}
			}
		case *ast.SwitchStmt:
			if isMethodCall(n.Tag, "Type", 0) {
				for _, s := range n.Body.List {
					for _, e := range s.(*ast.CaseClause).List {
						replace(e, types)
					}
				}
			}
		}
		return true
	})
	if len(edits) == 0 {
		return 0, nil
	}
	sort.Slice(edits, func(i, j int) bool { return edits[i].start > edits[j].start })
	out := append([]byte(nil), src...)
	for _, e := range edits {
		out = append(out[:e.start], append([]byte(e.text), out[e.end:]...)...)
	}
	if qual != "" && !imports(f, syntaxPath) {
		out = addImport(out, f, fset)
	}
	out, err = format.Source(out)
	if err != nil {
		return 0, fmt.Errorf("%s: %w", path, err)
	}
	return len(edits), os.WriteFile(path, out, 0o644)
}

// isMethodCall reports whether e is a call x.name(…) with nargs
// arguments (any name when name is "", any count when nargs < 0).
func isMethodCall(e ast.Expr, name string, nargs int) bool {
	c, ok := e.(*ast.CallExpr)
	if !ok {
		return false
	}
	sel, ok := c.Fun.(*ast.SelectorExpr)
	return ok && (name == "" || sel.Sel.Name == name) && (nargs < 0 || len(c.Args) == nargs)
}

func imports(f *ast.File, path string) bool {
	for _, im := range f.Imports {
		if im.Path.Value == strconv.Quote(path) {
			return true
		}
	}
	return false
}

// addImport adds the syntax import to src, the file f was parsed from:
// the literal edits all come after the imports, so f's import offsets
// still hold. It goes into the last import group, or in a new
// declaration after the package clause.
func addImport(src []byte, f *ast.File, fset *token.FileSet) []byte {
	line := strconv.Quote(syntaxPath)
	var last *ast.GenDecl
	for _, d := range f.Decls {
		if g, ok := d.(*ast.GenDecl); ok && g.Tok == token.IMPORT {
			last = g
		}
	}
	insert := func(at int, text string) []byte {
		return append(src[:at:at], append([]byte(text), src[at:]...)...)
	}
	switch {
	case last == nil:
		return insert(fset.Position(f.Name.End()).Offset, "\n\nimport "+line+"\n")
	case last.Rparen.IsValid():
		return insert(fset.Position(last.Rparen).Offset, "\t"+line+"\n")
	}
	return insert(fset.Position(last.End()).Offset, "\nimport "+line)
}
