package quickfix

import "testing"

func TestDiffUnified(t *testing.T) {
	before := "a\nb\nc\nd\ne\nf\ng\nh\ni\nj\nk\nl\nm\n"
	after := "a\nB\nc\nd\ne\nf\ng\nh\ni\nj\nk\nl\nm\nn"
	want := `--- f.py
+++ f.py
@@ -1,5 +1,5 @@
 a
-b
+B
 c
 d
 e
@@ -11,3 +11,4 @@
 k
 l
 m
+n
\ No newline at end of file
`
	if got := Diff("f.py", []byte(before), []byte(after)); got != want {
		t.Errorf("Diff =\n%s\nwant\n%s", got, want)
	}
	if got := Diff("f.py", []byte(before), []byte(before)); got != "" {
		t.Errorf("equal texts: %q", got)
	}
	// A pure insertion into an empty file and a deletion of everything.
	if got := Diff("x", nil, []byte("x\n")); got != "--- x\n+++ x\n@@ -0,0 +1 @@\n+x\n" {
		t.Errorf("insert into empty: %q", got)
	}
	if got := Diff("x", []byte("x\ny\n"), nil); got != "--- x\n+++ x\n@@ -1,2 +0,0 @@\n-x\n-y\n" {
		t.Errorf("delete all: %q", got)
	}
}
