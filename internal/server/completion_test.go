package server

import (
	"path/filepath"
	"strings"
	"testing"

	"go.lsp.dev/protocol"
)

func TestFlagCompletion(t *testing.T) {
	tests := []struct {
		name    string
		file    string
		src     string
		insert  string // NewText of the python_workflows item; "" for null
		replace string // the text the edit replaces
	}{
		{"toml in string", "wrangler.toml", "compatibility_flags = [\"python_workers\", \"python_wo‸\n", "python_workflows", "python_wo"},
		{"toml bare", "wrangler.toml", "compatibility_flags = [‸]\n", `"python_workflows"`, ""},
		{"jsonc", "wrangler.jsonc", "{\n  \"compatibility_flags\": [\"‸\"]\n}\n", "python_workflows", ""},
		{"outside the array", "wrangler.toml", "compatibility_flags = []\nname = \"‸\"\n", "", ""},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			root := t.TempDir()
			c := startIn(t, root, markdownCapabilities, "")
			uri := pathURI(filepath.Join(root, tc.file))
			text, pos := openAt(c, uri, tc.src)
			var list *protocol.CompletionList
			if err := c.call("textDocument/completion", positionParamsOf(uri, pos), &list); err != nil {
				t.Fatalf("completion: %v", err)
			}
			if tc.insert == "" {
				if list != nil {
					t.Fatalf("completion = %+v, want null", list)
				}
				return
			}
			if list == nil {
				t.Fatal("completion is null")
			}
			var item *protocol.CompletionItem
			for i := range list.Items {
				if list.Items[i].Label == "python_workflows" {
					item = &list.Items[i]
				}
			}
			if item == nil {
				t.Fatalf("python_workflows missing from %d items", len(list.Items))
			}
			if item.TextEdit == nil || item.TextEdit.NewText != tc.insert || rangeText(text, item.TextEdit.Range) != tc.replace {
				t.Errorf("edit = %+v, want %q over %q", item.TextEdit, tc.insert, tc.replace)
			}
			if !strings.Contains(item.Detail, "Workflows") {
				t.Errorf("detail = %q", item.Detail)
			}
			labels := map[string]bool{}
			for _, it := range list.Items {
				labels[it.Label] = true
			}
			for _, want := range []string{"python_no_global_handlers", "disable_python_no_global_handlers"} {
				if !labels[want] {
					t.Errorf("no item %s", want)
				}
			}
			// A flag already in the array is not offered again.
			if listed := strings.Contains(text, `"python_workers"`); labels["python_workers"] == listed {
				t.Errorf("python_workers offered: %v, listed in the array: %v", labels["python_workers"], listed)
			}
		})
	}
}

func TestInlayHints(t *testing.T) {
	src := "from js import Object\nfrom pyodide.ffi import to_js\n\na = to_js({\"k\": 1})\nb = to_js({\"k\": 1}, dict_converter=Object.fromEntries)\nc = to_js([1])\n"
	request := func(t *testing.T, opts string) []inlayHint {
		root := t.TempDir()
		c := startIn(t, root, markdownCapabilities, opts)
		uri := pathURI(filepath.Join(root, "a.py"))
		open(c, uri, src)
		var hints []inlayHint
		params := map[string]any{"textDocument": map[string]any{"uri": uri}, "range": map[string]any{
			"start": map[string]any{"line": 0, "character": 0}, "end": map[string]any{"line": 4, "character": 100}}}
		if err := c.call("textDocument/inlayHint", params, &hints); err != nil {
			t.Fatalf("inlayHint: %v", err)
		}
		return hints
	}
	t.Run("off by default", func(t *testing.T) {
		if hints := request(t, ""); len(hints) != 0 {
			t.Errorf("hints without the setting: %+v", hints)
		}
	})
	t.Run("on", func(t *testing.T) {
		hints := request(t, `{"inlayHints":true}`)
		// Line 5 (c = …) is outside the requested range.
		want := []inlayHint{
			{Position: protocol.Position{Line: 3, Character: 19}, Label: "→ Map", Kind: inlayHintKindType, PaddingLeft: true},
			{Position: protocol.Position{Line: 4, Character: 54}, Label: "→ Object", Kind: inlayHintKindType, PaddingLeft: true},
		}
		if len(hints) != len(want) {
			t.Fatalf("hints = %+v, want %+v", hints, want)
		}
		for i := range want {
			if hints[i] != want[i] {
				t.Errorf("hint %d = %+v, want %+v", i, hints[i], want[i])
			}
		}
	})
}
