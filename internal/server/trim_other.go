//go:build !linux || !cgo

package server

// trimC is a no-op where the C heap is not glibc's (trim_linux.go).
func trimC() {}
