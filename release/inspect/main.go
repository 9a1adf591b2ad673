// Command inspect checks a cross-compiled pyworkers-lsp binary that this
// machine cannot run: its object format and CPU match the target, it loads
// only libraries every machine of that OS has, and it carries the stamped
// commit. It prints one line describing the binary.
//
//	go run ./release/inspect FILE GOOS GOARCH COMMIT
package main

import (
	"bytes"
	"debug/elf"
	"debug/macho"
	"debug/pe"
	"encoding/binary"
	"fmt"
	"os"
	"strings"
)

func main() {
	if len(os.Args) != 5 {
		fmt.Fprintln(os.Stderr, "usage: inspect FILE GOOS GOARCH COMMIT")
		os.Exit(2)
	}
	file, goos, goarch, commit := os.Args[1], os.Args[2], os.Args[3], os.Args[4]
	desc, err := inspect(file, goos, goarch)
	if err == nil {
		err = hasString(file, commit)
	}
	if err != nil {
		fmt.Fprintf(os.Stderr, "inspect %s: %v\n", file, err)
		os.Exit(1)
	}
	fmt.Printf("%s: %s\n", file, desc)
}

func inspect(file, goos, goarch string) (string, error) {
	switch goos {
	case "linux":
		return inspectELF(file, goarch)
	case "darwin":
		return inspectMachO(file, goarch)
	case "windows":
		return inspectPE(file, goarch)
	}
	return "", fmt.Errorf("unknown GOOS %q", goos)
}

// inspectELF wants a static executable: no interpreter, no shared libraries,
// so it runs on any Linux (glibc or musl) of that CPU.
func inspectELF(file, goarch string) (string, error) {
	f, err := elf.Open(file)
	if err != nil {
		return "", err
	}
	defer f.Close()
	want := map[string]elf.Machine{"amd64": elf.EM_X86_64, "arm64": elf.EM_AARCH64}[goarch]
	if f.Machine != want {
		return "", fmt.Errorf("machine %v, want %v", f.Machine, want)
	}
	for _, p := range f.Progs {
		if p.Type == elf.PT_INTERP {
			return "", fmt.Errorf("has a program interpreter: not static")
		}
	}
	if libs, _ := f.ImportedLibraries(); len(libs) > 0 {
		return "", fmt.Errorf("needs shared libraries %v", libs)
	}
	return fmt.Sprintf("ELF %v, static", f.Machine), nil
}

// darwinLibs are the libraries a macOS binary may load: libSystem and what
// the Go standard library binds dynamically.
var darwinLibs = map[string]bool{
	"/usr/lib/libSystem.B.dylib": true,
	"/usr/lib/libresolv.9.dylib": true,
	"/System/Library/Frameworks/CoreFoundation.framework/Versions/A/CoreFoundation": true,
	"/System/Library/Frameworks/Security.framework/Versions/A/Security":             true,
}

const (
	lcCodeSignature = 0x1d
	lcBuildVersion  = 0x32
)

// inspectMachO also wants a code signature on arm64, where macOS refuses to
// run unsigned code, and reports the minimum macOS version.
func inspectMachO(file, goarch string) (string, error) {
	f, err := macho.Open(file)
	if err != nil {
		return "", err
	}
	defer f.Close()
	want := map[string]macho.Cpu{"amd64": macho.CpuAmd64, "arm64": macho.CpuArm64}[goarch]
	if f.Cpu != want || f.Type != macho.TypeExec {
		return "", fmt.Errorf("cpu %v type %v, want executable for %v", f.Cpu, f.Type, want)
	}
	libs, err := f.ImportedLibraries()
	if err != nil {
		return "", err
	}
	for _, lib := range libs {
		if !darwinLibs[lib] {
			return "", fmt.Errorf("loads %s, which macOS does not ship", lib)
		}
	}
	signed, minOS := false, ""
	for _, l := range f.Loads {
		raw := l.Raw()
		if len(raw) < 16 {
			continue
		}
		switch f.ByteOrder.Uint32(raw) {
		case lcCodeSignature:
			signed = true
		case lcBuildVersion:
			v := binary.LittleEndian.Uint32(raw[12:])
			minOS = fmt.Sprintf("%d.%d", v>>16, (v>>8)&0xff)
		}
	}
	// Not stripped (-s would need a linker flag zig rejects): the parser must be linked in.
	if !hasSymbol(f, "_tree_sitter_python") {
		return "", fmt.Errorf("no tree_sitter_python symbol: the cgo parser is missing")
	}
	if goarch == "arm64" && !signed {
		return "", fmt.Errorf("no code signature: macOS on arm64 will not run it")
	}
	return fmt.Sprintf("Mach-O %v, min macOS %s, signed %v, loads %s", f.Cpu, minOS, signed, strings.Join(libs, " ")), nil
}

func hasSymbol(f *macho.File, name string) bool {
	if f.Symtab == nil {
		return false
	}
	for _, s := range f.Symtab.Syms {
		if s.Name == name {
			return true
		}
	}
	return false
}

// windowsDLLs are DLLs present on every Windows; anything else (a MinGW
// runtime DLL, say) would have to ship beside the binary.
var windowsDLLs = map[string]bool{
	"kernel32.dll": true, "ntdll.dll": true, "advapi32.dll": true, "ws2_32.dll": true,
	"winmm.dll": true, "user32.dll": true, "shell32.dll": true, "ole32.dll": true,
	"bcrypt.dll": true, "crypt32.dll": true, "userenv.dll": true, "secur32.dll": true,
	"iphlpapi.dll": true, "dnsapi.dll": true, "netapi32.dll": true, "mswsock.dll": true,
	"powrprof.dll": true, "msvcrt.dll": true, "ucrtbase.dll": true,
}

func inspectPE(file, goarch string) (string, error) {
	f, err := pe.Open(file)
	if err != nil {
		return "", err
	}
	defer f.Close()
	want := map[string]uint16{"amd64": pe.IMAGE_FILE_MACHINE_AMD64, "arm64": pe.IMAGE_FILE_MACHINE_ARM64}[goarch]
	if f.Machine != want {
		return "", fmt.Errorf("machine %#x, want %#x", f.Machine, want)
	}
	libs, err := peDLLs(f)
	if err != nil {
		return "", err
	}
	if len(libs) == 0 {
		return "", fmt.Errorf("no imported DLLs found: the import table was not read")
	}
	for _, lib := range libs {
		name := strings.ToLower(lib)
		if !windowsDLLs[name] && !strings.HasPrefix(name, "api-ms-win-") {
			return "", fmt.Errorf("imports %s, which Windows does not ship", lib)
		}
	}
	return fmt.Sprintf("PE %#x console executable, imports %s", f.Machine, strings.Join(libs, " ")), nil
}

// peDLLs lists the DLLs a PE file imports from. debug/pe's
// ImportedLibraries returns nothing for PE files, so the names come from the
// "symbol:dll" pairs of ImportedSymbols.
func peDLLs(f *pe.File) ([]string, error) {
	syms, err := f.ImportedSymbols()
	if err != nil {
		return nil, err
	}
	seen := map[string]bool{}
	var libs []string
	for _, s := range syms {
		_, dll, ok := strings.Cut(s, ":")
		if ok && !seen[dll] {
			seen[dll] = true
			libs = append(libs, dll)
		}
	}
	return libs, nil
}

// hasString checks the binary holds s (the commit stamped by -ldflags -X).
func hasString(file, s string) error {
	data, err := os.ReadFile(file)
	if err != nil {
		return err
	}
	if !bytes.Contains(data, []byte(s)) {
		return fmt.Errorf("does not contain %q", s)
	}
	return nil
}
