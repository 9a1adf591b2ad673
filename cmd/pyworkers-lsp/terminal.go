package main

import "os"

// stdinIsTerminal reports whether stdin is an interactive terminal: a
// character device other than the null device (which CI jobs and daemons
// get as stdin and which must keep the server's behaviour).
func stdinIsTerminal() bool {
	fi, err := os.Stdin.Stat()
	if err != nil || fi.Mode()&os.ModeCharDevice == 0 {
		return false
	}
	if null, err := os.Stat(os.DevNull); err == nil && os.SameFile(fi, null) {
		return false
	}
	return true
}
