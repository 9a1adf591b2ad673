package lookup

import (
	"strings"
	"testing"

	"github.com/pyworkers/pyworkers-lsp/internal/analysis/config"
	"github.com/pyworkers/pyworkers-lsp/internal/analysis/profile"
)

func TestEnvAttributeAt(t *testing.T) {
	const method = "from workers import WorkerEntrypoint\nclass Default(WorkerEntrypoint):\n    async def fetch(self, request):\n        "
	tests := []struct {
		name    string
		src     string
		ok      bool
		partial string // the word the completion replaces
	}{
		{"self.env dot", method + "x = self.env.‸\n", true, ""},
		{"self.env partial", method + "x = self.env.D‸\n", true, "D"},
		{"partial with rest", method + "x = self.env.D‸B.prepare(q)\n", true, "DB"},
		{"handler env", "async def on_fetch(request, env):\n    return env.‸\n", true, ""},
		{"workers.env", "import workers\nx = workers.env.K‸\n", true, "K"},
		{"aliased workers.env", "from workers import env as e\nimport workers as w\nx = w.env.‸\n", true, ""},
		{"other object", "x = os.env.‸\n", false, ""},
		{"environ", "import os\nx = os.environ.‸\n", false, ""},
		{"no dot", "x = env‸\n", false, ""},
		{"in string", "x = \"env.‸\"\n", false, ""},
		{"in comment", "x = 1  # env.‸\n", false, ""},
		{"in f-string code", "x = f\"{env.‸}\"\n", true, ""},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			f, off := open(t, tc.src, profile.Default())
			slot, ok := EnvAttributeAt(f, off)
			if ok != tc.ok {
				t.Fatalf("ok = %v, want %v", ok, tc.ok)
			}
			if ok && string(f.Text[slot.Start:slot.End]) != tc.partial {
				t.Errorf("replaces %q, want %q", f.Text[slot.Start:slot.End], tc.partial)
			}
		})
	}
}

func TestFlagAt(t *testing.T) {
	tests := []struct {
		name    string
		src     string
		ok      bool
		quoted  bool
		partial string
		listed  string // Listed, joined by spaces
	}{
		{"toml empty array", "compatibility_flags = [‸]\n", true, false, "", ""},
		{"toml open string", "compatibility_flags = [\"python_workers\", \"py‸\n", true, true, "py", "python_workers"},
		{"toml multiline", "compatibility_flags = [\n  \"python_workers\",\n  \"‸\",\n  'nodejs_compat'\n]\n", true, true, "", "python_workers nodejs_compat"},
		{"toml word in string", "compatibility_flags = [\"pyth‸on_workers\", \"x\"]\n", true, true, "python_workers", "x"},
		{"unclosed array stops at the line end", "compatibility_flags = [\"a\", ‸\nname = \"w\"\n", true, false, "", "a"},
		{"jsonc", "{\n  \"compatibility_flags\": [\"‸\"]\n}\n", true, true, "", ""},
		{"after the array", "compatibility_flags = [\"a\"]\nname = \"‸\"\n", false, false, "", ""},
		{"date", "compatibility_date = \"‸\"\n", false, false, "", ""},
		{"toml comment", "compatibility_flags = [\n  # py‸\n]\n", false, false, "", ""},
		{"jsonc comment", "{\"compatibility_flags\": [\n  // py‸\n]}\n", false, false, "", ""},
		{"no key", "flags = [\"‸\"]\n", false, false, "", ""},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			off := strings.Index(tc.src, cursor)
			text := []byte(strings.Replace(tc.src, cursor, "", 1))
			slot, ok := FlagAt(text, off)
			if ok != tc.ok {
				t.Fatalf("ok = %v, want %v", ok, tc.ok)
			}
			if !ok {
				return
			}
			if slot.Quoted != tc.quoted || string(text[slot.Start:slot.End]) != tc.partial {
				t.Errorf("slot %+v replaces %q, want quoted=%v %q", slot, text[slot.Start:slot.End], tc.quoted, tc.partial)
			}
			if got := strings.Join(slot.Listed, " "); got != tc.listed {
				t.Errorf("listed %q, want %q", got, tc.listed)
			}
		})
	}
}

func TestConfigAt(t *testing.T) {
	const toml = `name = "w"
main = "src/entry.py"
compatibility_date = "2025-10-01"
compatibility_flags = ["python_workers", "python_workflows"]

[[d1_databases]]
binding = "DB"
database_name = "db"

[[durable_objects.bindings]]
name = "COUNTER"
class_name = "Counter"

[env.staging]
compatibility_date = 2026-01-15
compatibility_flags = ["python_workers_20260610"]

[[env.staging.d1_databases]]
binding = "STAGING_DB"
database_name = "db"
`
	const jsonc = `{
  // the worker
  "main": "src/entry.py",
  "compatibility_date": "2025-10-01",
  "compatibility_flags": ["python_workers"],
  "durable_objects": {"bindings": [{"name": "COUNTER", "class_name": "Counter"}]},
  "vars": {"GREETING": "hi"},
}
`
	tests := []struct {
		name, src, format, at string
		kind                  ConfigKind
		text                  string
	}{
		{"toml main", toml, "toml", `src/en`, MainPath, "src/entry.py"},
		{"toml date", toml, "toml", `2025-10`, CompatDate, "2025-10-01"},
		{"toml flag", toml, "toml", `python_workf`, CompatFlag, "python_workflows"},
		{"toml binding", toml, "toml", `"DB`, BindingName, "DB"},
		{"toml class_name", toml, "toml", `"Coun`, ClassName, "Counter"},
		{"toml env date literal", toml, "toml", `2026-01`, CompatDate, "2026-01-15"},
		{"toml env flag", toml, "toml", `python_workers_2026`, CompatFlag, "python_workers_20260610"},
		{"toml env binding", toml, "toml", `STAGING`, BindingName, "STAGING_DB"},
		{"toml key", toml, "toml", `compatibility_d`, ConfigNothing, ""},
		{"toml flags array between flags", toml, "toml", `"python_workers", `, ConfigNothing, ""},
		{"toml other value", toml, "toml", `"db"`, ConfigNothing, ""},
		{"jsonc main", jsonc, "jsonc", `src/en`, MainPath, "src/entry.py"},
		{"jsonc flag", jsonc, "jsonc", `python_w`, CompatFlag, "python_workers"},
		{"jsonc class_name", jsonc, "jsonc", `"Coun`, ClassName, "Counter"},
		{"jsonc vars key", jsonc, "jsonc", `GREET`, BindingName, "GREETING"},
		{"jsonc comment", jsonc, "jsonc", `the worker`, ConfigNothing, ""},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			f := config.ParseFile("/w/wrangler."+tc.format, []byte(tc.src), config.FormatOf("x."+tc.format))
			if f.Err != nil {
				t.Fatalf("parse: %v", f.Err)
			}
			at := strings.Index(tc.src, tc.at)
			if at < 0 {
				t.Fatalf("%q not in the config", tc.at)
			}
			off := at + len(tc.at) - 1
			got := ConfigAt(f, off)
			if got.Kind != tc.kind || got.Text != tc.text {
				t.Fatalf("ConfigAt = %+v, want kind %v %q", got, tc.kind, tc.text)
			}
			if got.Kind != ConfigNothing && !strings.Contains(tc.src[got.Start:got.End], tc.text) {
				t.Errorf("range covers %q", tc.src[got.Start:got.End])
			}
			if (got.Kind == ClassName || got.Kind == BindingName) && got.Binding == nil {
				t.Error("binding not set")
			}
		})
	}
}
