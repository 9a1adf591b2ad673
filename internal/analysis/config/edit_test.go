package config

import (
	"testing"
)

func TestEdits(t *testing.T) {
	for _, tc := range []struct {
		name, src string
		format    Format
		edit      func(f *File) (Edit, bool)
		want      string
	}{
		{"add flag to toml list", "main = \"a.py\"\ncompatibility_flags = [\"nodejs_compat\"]\n", TOML,
			func(f *File) (Edit, bool) { return AddFlagEdit(f, "", "python_workers") },
			"main = \"a.py\"\ncompatibility_flags = [\"nodejs_compat\", \"python_workers\"]\n"},
		{"add flag to empty list", "compatibility_flags = []\n", TOML,
			func(f *File) (Edit, bool) { return AddFlagEdit(f, "", "python_workers") },
			"compatibility_flags = [\"python_workers\"]\n"},
		{"create toml key after date, no final newline", "main = \"a.py\"\ncompatibility_date = \"2025-11-02\"", TOML,
			func(f *File) (Edit, bool) { return AddFlagEdit(f, "", "python_workers") },
			"main = \"a.py\"\ncompatibility_date = \"2025-11-02\"\ncompatibility_flags = [\"python_workers\"]\n"},
		{"create key in env section", "main = \"a.py\"\n[env.dev]\nname = \"d\"\n", TOML,
			func(f *File) (Edit, bool) { return AddFlagEdit(f, "dev", "python_workers") },
			"main = \"a.py\"\n[env.dev]\nname = \"d\"\ncompatibility_flags = [\"python_workers\"]\n"},
		{"create json member", "{\n  \"main\": \"a.py\"\n}\n", JSONC,
			func(f *File) (Edit, bool) { return AddFlagEdit(f, "", "python_workers") },
			"{\n  \"main\": \"a.py\",\n  \"compatibility_flags\": [\"python_workers\"]\n}\n"},
		{"add remote to toml section", "[[vectorize]]\nbinding = \"V\"\nindex_name = \"i\"\n\n[ai]\nbinding = \"AI\"\n", TOML,
			func(f *File) (Edit, bool) { return SetRemoteEdit(f, "", "vectorize", "V", true) },
			"[[vectorize]]\nbinding = \"V\"\nindex_name = \"i\"\nremote = true\n\n[ai]\nbinding = \"AI\"\n"},
		{"add remote to inline table", "vectorize = [{ binding = \"V\" }]\n", TOML,
			func(f *File) (Edit, bool) { return SetRemoteEdit(f, "", "vectorize", "V", true) },
			"vectorize = [{ binding = \"V\", remote = true }]\n"},
		{"flip json remote", "{\"vectorize\": [{\"binding\": \"V\", \"remote\": false}]}", JSONC,
			func(f *File) (Edit, bool) { return SetRemoteEdit(f, "", "vectorize", "V", true) },
			"{\"vectorize\": [{\"binding\": \"V\", \"remote\": true}]}"},
		{"remove remote line", "[[hyperdrive]]\nbinding = \"H\"\nremote = true\nid = \"x\"\n", TOML,
			func(f *File) (Edit, bool) { return RemoveRemoteEdit(f, "", "hyperdrive", "H") },
			"[[hyperdrive]]\nbinding = \"H\"\nid = \"x\"\n"},
		{"remove last json member", "{\"ai\": {\"binding\": \"AI\", \"remote\": false}}", JSONC,
			func(f *File) (Edit, bool) { return RemoveRemoteEdit(f, "", "ai", "AI") },
			"{\"ai\": {\"binding\": \"AI\"}}"},
		{"remove first inline member", "ai = { remote = false, binding = \"AI\" }\n", TOML,
			func(f *File) (Edit, bool) { return RemoveRemoteEdit(f, "", "ai", "AI") },
			"ai = { binding = \"AI\" }\n"},
		{"replace flag", "compatibility_flags = [\"python_workres\"]\n", TOML,
			func(f *File) (Edit, bool) { return ReplaceFlagEdit(f, "", "python_workres", "python_workers") },
			"compatibility_flags = [\"python_workers\"]\n"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			f := ParseFile("w", []byte(tc.src), tc.format)
			e, ok := tc.edit(f)
			if !ok {
				t.Fatal("no edit")
			}
			got := string(e.Apply(f.Text))
			if got != tc.want {
				t.Errorf("got\n%s\nwant\n%s", got, tc.want)
			}
			if g := ParseFile("w", []byte(got), tc.format); g.Err != nil {
				t.Errorf("edit broke the file: %v", g.Err)
			}
		})
	}
}

func TestEditsRefuseStaleData(t *testing.T) {
	f := ParseFile("w", []byte("compatibility_flags = [\"python_workers\"]\n"), TOML)
	if _, ok := AddFlagEdit(f, "", "python_workers"); ok {
		t.Error("added a flag that is already listed")
	}
	if _, ok := SetRemoteEdit(f, "", "vectorize", "NOPE", true); ok {
		t.Error("edited a binding that does not exist")
	}
	if _, ok := RemoveRemoteEdit(ParseFile("w", []byte("a = \n"), TOML), "", "ai", "AI"); ok {
		t.Error("edited a broken file")
	}
}
