// Package editors_test checks the editor integrations from `go test ./...`: the static
// configs always, and the end-to-end editor tests when the editor is installed (editors/test.sh
// installs them; here a missing editor is a skip, never an install).
package editors_test

import (
	"bufio"
	"context"
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/pelletier/go-toml/v2"
	"github.com/tailscale/hujson"
)

const server = "pyworkers-lsp"

// Helix facts, read from helix-editor/helix 079a789e8cb08ead67f19e1971a1b7438b37354b
// (2026-07-23): the default language-servers lists of languages.toml, the keys
// book/src/languages.md documents for [[language]] and [language-server.*]
// tables (LanguageConfiguration in helix-core/src/syntax/config.rs denies
// unknown fields, so a stray key stops Helix loading the file), and how
// helix-lsp/src/lib.rs applies required-root-patterns.
var (
	// A user's `language-servers` replaces the default, so the shipped file
	// must repeat them: pyworkers-lsp is added, nothing is taken away.
	helixDefaults = map[string][]string{
		"python": {"ty", "ruff", "jedi", "pylsp", "zuban"},
		"toml":   {"taplo", "tombi"},
		"json":   {"vscode-json-language-server"},
		"jsonc":  {"vscode-json-language-server"},
	}
	helixServerKeys   = []string{"command", "args", "config", "timeout", "environment", "required-root-patterns"}
	helixLanguageKeys = []string{"name", "language-id", "scope", "injection-regex", "file-types", "shebangs", "roots", "auto-format", "diagnostic-severity", "comment-tokens", "block-comment-tokens", "indent", "language-servers", "grammar", "formatter", "soft-wrap", "text-width", "rulers", "path-completion", "word-completion", "workspace-lsp-roots", "persistent-diagnostic-sources", "rainbow-brackets", "code-actions-on-save"}
)

// helixStarts is Helix's start condition for a server with
// required-root-patterns: some entry directly in the root directory has a
// name one of the globs matches (root_path.read_dir() … file_name(),
// globset.is_match). Names, not paths: a pattern with "/" never matches.
func helixStarts(patterns, rootEntries []string) bool {
	for _, pattern := range patterns {
		for _, name := range rootEntries {
			if ok, _ := filepath.Match(pattern, name); ok {
				return true
			}
		}
	}
	return false
}

func TestHelixLanguages(t *testing.T) {
	var raw struct {
		LanguageServer map[string]map[string]any `toml:"language-server"`
		Language       []map[string]any          `toml:"language"`
	}
	decodeTOML(t, "helix/languages.toml", &raw)
	for name, table := range raw.LanguageServer {
		for key := range table {
			if !slices.Contains(helixServerKeys, key) {
				t.Errorf("[language-server.%s] has %q, not a key Helix documents (%v)", name, key, helixServerKeys)
			}
		}
	}
	for _, l := range raw.Language {
		for key := range l {
			if !slices.Contains(helixLanguageKeys, key) {
				t.Errorf("[[language]] %v has %q, not a key Helix documents", l["name"], key)
			}
		}
	}

	var cfg struct {
		LanguageServer map[string]struct {
			Command              string         `toml:"command"`
			Args                 []string       `toml:"args"`
			Config               map[string]any `toml:"config"`
			RequiredRootPatterns []string       `toml:"required-root-patterns"`
		} `toml:"language-server"`
		Language []struct {
			Name            string   `toml:"name"`
			LanguageServers []string `toml:"language-servers"`
		} `toml:"language"`
	}
	decodeTOML(t, "helix/languages.toml", &cfg)

	ls, ok := cfg.LanguageServer[server]
	if !ok {
		t.Fatalf("no [language-server.%s]", server)
	}
	if ls.Command != server || !slices.Equal(ls.Args, []string{"serve", "--stdio"}) {
		t.Errorf("command = %q %q, want %s serve --stdio", ls.Command, ls.Args, server)
	}
	if _, ok := ls.Config["pyworkers"]; !ok {
		t.Errorf("config has no pyworkers table (initializationOptions shape): %v", ls.Config)
	}
	for _, pattern := range ls.RequiredRootPatterns {
		if strings.Contains(pattern, "/") {
			t.Errorf("required-root-patterns %q: Helix matches file names in the root, so a pattern with / never matches", pattern)
		}
	}
	// The server starts in a root holding a wrangler config, never in a
	// Cargo/npm/plain Python one.
	for _, root := range [][]string{{"wrangler.toml", "src"}, {"wrangler.jsonc"}, {"pyproject.toml", "wrangler.json"}} {
		if !helixStarts(ls.RequiredRootPatterns, root) {
			t.Errorf("required-root-patterns %v do not start the server in a Worker root holding %v", ls.RequiredRootPatterns, root)
		}
	}
	for _, root := range [][]string{{"Cargo.toml", "src"}, {"package.json"}, {"pyproject.toml", "app.py"}, {"mywrangler.toml"}, {"workers"}} {
		if helixStarts(ls.RequiredRootPatterns, root) {
			t.Errorf("required-root-patterns %v start the server in a root holding %v", ls.RequiredRootPatterns, root)
		}
	}

	var names []string
	for _, l := range cfg.Language {
		names = append(names, l.Name)
		want := append(slices.Clone(helixDefaults[l.Name]), server)
		if !slices.Equal(l.LanguageServers, want) {
			t.Errorf("language %s: language-servers = %v, want Helix's default list plus %s: %v", l.Name, l.LanguageServers, server, want)
		}
	}
	slices.Sort(names)
	if want := []string{"json", "jsonc", "python", "toml"}; !slices.Equal(names, want) {
		t.Errorf("languages = %v, want %v", names, want)
	}
}

// TestZedSettingsKeepPythonServers: the settings example configures
// pyworkers-lsp only. A `languages.Python.language_servers` of its own
// would replace Zed's default list (basedpyright and ruff on; ty, pyrefly,
// pyright, pylsp off) and, with "...", turn the others on.
func TestZedSettingsKeepPythonServers(t *testing.T) {
	std, err := hujson.Standardize([]byte(readFile(t, "zed/settings.json")))
	if err != nil {
		t.Fatalf("zed/settings.json: %v", err)
	}
	var settings map[string]any
	if err := json.Unmarshal(std, &settings); err != nil {
		t.Fatal(err)
	}
	if _, ok := settings["languages"]; ok {
		t.Errorf("zed/settings.json sets languages: %v", settings["languages"])
	}
	lsp, _ := settings["lsp"].(map[string]any)
	if len(lsp) != 1 || lsp[server] == nil {
		t.Errorf("zed/settings.json configures servers other than %s: %v", server, lsp)
	}
	// The extension declines to start outside a Worker.
	src := readFile(t, "zed/src/lib.rs")
	for _, want := range []string{`["wrangler.toml", "wrangler.jsonc", "wrangler.json"]`, "worktree.read_text_file(name)", "if !Self::is_worker(worktree)"} {
		if !strings.Contains(src, want) {
			t.Errorf("lib.rs lacks %s", want)
		}
	}
}

// Zed facts, read from zed-industries/zed 01a3f4a064ff6d466c02b85ca8a4c011675290da:
// the fields of ExtensionManifest and LanguageServerManifestEntry
// (crates/extension/src/extension_manifest.rs; serde without
// deny_unknown_fields, so a misspelt key is dropped silently and only this
// test notices), and the language names the server's languages must match:
// Python, JSON and JSONC are built in (crates/languages/src/{python,json,jsonc}/config.toml),
// TOML comes from Zed's TOML extension.
var (
	zedManifestKeys       = []string{"id", "name", "version", "schema_version", "description", "repository", "authors", "lib", "themes", "icon_themes", "languages", "grammars", "language_servers", "context_servers", "agent_servers", "slash_commands", "snippets", "capabilities", "debug_adapters", "debug_locators"}
	zedManifestRequired   = []string{"id", "name", "version", "schema_version", "repository"} // repository: the extension CLI refuses to package without it
	zedLanguageServerKeys = []string{"language", "languages", "language_ids", "code_action_kinds"}
	zedLanguages          = []string{"Python", "JSON", "JSONC", "TOML"}
)

func TestZedExtension(t *testing.T) {
	var raw map[string]any
	decodeTOML(t, "zed/extension.toml", &raw)
	for key := range raw {
		if !slices.Contains(zedManifestKeys, key) {
			t.Errorf("extension.toml: %q is not a field of Zed's ExtensionManifest", key)
		}
	}
	for _, key := range zedManifestRequired {
		if _, ok := raw[key]; !ok {
			t.Errorf("extension.toml: %q missing", key)
		}
	}
	servers, _ := raw["language_servers"].(map[string]any)
	for name, entry := range servers {
		table, _ := entry.(map[string]any)
		for key := range table {
			if !slices.Contains(zedLanguageServerKeys, key) {
				t.Errorf("[language_servers.%s] %q is not a field of Zed's LanguageServerManifestEntry", name, key)
			}
		}
	}

	var ext struct {
		ID              string `toml:"id"`
		SchemaVersion   int    `toml:"schema_version"`
		LanguageServers map[string]struct {
			Languages   []string          `toml:"languages"`
			LanguageIDs map[string]string `toml:"language_ids"`
		} `toml:"language_servers"`
	}
	decodeTOML(t, "zed/extension.toml", &ext)
	ls, ok := ext.LanguageServers[server]
	if !ok || ext.SchemaVersion != 1 {
		t.Fatalf("extension.toml: schema_version %d, language_servers %v", ext.SchemaVersion, ext.LanguageServers)
	}
	for _, lang := range ls.Languages {
		if !slices.Contains(zedLanguages, lang) {
			t.Errorf("language %q is not a Zed language name", lang)
		}
	}
	for lang := range ls.LanguageIDs {
		if !slices.Contains(ls.Languages, lang) {
			t.Errorf("language_ids names %q, which is not in languages %v", lang, ls.Languages)
		}
	}
	want := map[string]string{"Python": "python", "TOML": "toml", "JSON": "json", "JSONC": "jsonc"}
	for lang, id := range want {
		if !slices.Contains(ls.Languages, lang) || ls.LanguageIDs[lang] != id {
			t.Errorf("%s: languages %v, language id %q, want listed with id %q", lang, ls.Languages, ls.LanguageIDs[lang], id)
		}
	}

	var cargo struct {
		Lib struct {
			CrateType []string `toml:"crate-type"`
		} `toml:"lib"`
		Dependencies map[string]any `toml:"dependencies"`
	}
	decodeTOML(t, "zed/Cargo.toml", &cargo)
	if !slices.Equal(cargo.Lib.CrateType, []string{"cdylib"}) || cargo.Dependencies["zed_extension_api"] == nil {
		t.Errorf("Cargo.toml: crate-type %v, dependencies %v", cargo.Lib.CrateType, cargo.Dependencies)
	}
	// The extension's name for the server must be the one its settings are read under.
	src := readFile(t, "zed/src/lib.rs")
	if !strings.Contains(src, `const SERVER: &str = "`+server+`";`) {
		t.Errorf("lib.rs does not read settings under %q", server)
	}
}

// The hooks' `files` pattern is a Python regex; this one is also valid Go syntax.
func TestPreCommitHookFiles(t *testing.T) {
	hooks := preCommitHooks(t, "../.pre-commit-hooks.yaml")
	if len(hooks) != 2 {
		t.Fatalf("want the check and the fix hook, got %v", hooks)
	}
	entries := map[string]string{
		// --force-exclude: pre-commit names files explicitly, and the
		// configured excludes must still apply to them.
		"pyworkers-lsp":     "release/pre-commit.sh check --force-exclude",
		"pyworkers-lsp-fix": "release/pre-commit.sh check --fix --force-exclude",
	}
	files := map[string]bool{
		"src/entry.py":         true,
		"worker/types.pyi":     true,
		"wrangler.toml":        true,
		"api/wrangler.jsonc":   true,
		"wrangler.json":        true,
		"pyproject.toml":       true,
		"config.capnp":         true,
		"tests/py.wd-test":     true,
		"src/handler.wd-test":  true,
		"other.capnp":          false,
		"myconfig.capnp":       false,
		"t.wd-test.orig":       false,
		"Cargo.toml":           false,
		"package.json":         false,
		"mywrangler.toml":      false,
		"pyproject.toml.orig":  false,
		"docs/setup.py.txt":    false,
		"tsconfig.jsonc":       false,
		"uv.lock":              false,
		"src/entry.python.bak": false,
	}
	for _, h := range hooks {
		// language: script runs the entry from the hook repository's checkout.
		if want, ok := entries[h["id"]]; !ok || h["entry"] != want || h["language"] != "script" {
			t.Errorf("hook %v: want id in %v with its entry and language script", h, entries)
		}
		re, err := regexp.Compile(h["files"])
		if err != nil {
			t.Fatalf("hook %s: files: %v", h["id"], err)
		}
		for name, want := range files {
			if got := re.MatchString(name); got != want {
				t.Errorf("hook %s: files matches %s = %v, want %v", h["id"], name, got, want)
			}
		}
	}
}

// TestEndToEnd runs each editor's own test script against a freshly built server.
func TestEndToEnd(t *testing.T) {
	if testing.Short() {
		t.Skip("editor end-to-end tests start editors")
	}
	protocolTest := abs(t, "vscode/out/test/protocol.test.js")
	cases := []struct {
		name    string
		tool    string
		present func() bool
		args    []string
	}{
		{
			name: "neovim",
			tool: "nvim",
			args: []string{"nvim", "--headless", "--clean", "-c", "luafile " + abs(t, "neovim/test/e2e.lua")},
		},
		{
			// Debian unstable's nvim (0.11+ config shape), when editors/test.sh
			// has unpacked it (neovim/fetch-nvim.sh); go test never downloads.
			name:    "neovim-current",
			tool:    "sh",
			present: func() bool { return fileExists(currentNvim()) },
			args:    []string{currentNvim(), "--headless", "--clean", "-c", "luafile " + abs(t, "neovim/test/e2e.lua")},
		},
		{
			name:    "emacs-eglot",
			tool:    "emacs",
			present: func() bool { return emacsHas("eglot") },
			args:    []string{"emacs", "--batch", "-l", abs(t, "emacs/test/e2e-eglot.el")},
		},
		{
			name:    "emacs-lsp-mode",
			tool:    "emacs",
			present: func() bool { return emacsHas("lsp-mode") },
			args:    []string{"emacs", "--batch", "-l", abs(t, "emacs/test/e2e-lsp-mode.el")},
		},
		{
			name:    "vscode-protocol",
			tool:    "node",
			present: func() bool { return fileExists(protocolTest) }, // compiled by npm run compile
			args:    []string{"node", "--test", protocolTest},
		},
	}
	binDir := t.TempDir() // outlives the subtest that happens to build the server
	var bin string
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			if _, err := exec.LookPath(c.tool); err != nil {
				t.Skipf("%s not installed (editors/test.sh installs it)", c.tool)
			}
			if c.present != nil && !c.present() {
				t.Skipf("%s: prerequisites missing (editors/test.sh sets them up)", c.name)
			}
			if bin == "" {
				bin = buildServer(t, binDir)
			}
			ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
			defer cancel()
			cmd := exec.CommandContext(ctx, c.args[0], c.args[1:]...)
			cmd.Dir = t.TempDir()
			cmd.Env = append(os.Environ(), "PYWORKERS_LSP="+bin)
			out, err := cmd.CombinedOutput()
			if err != nil {
				t.Fatalf("%s: %v\n%s", strings.Join(c.args, " "), err, out)
			}
		})
	}
}

// currentNvim is where neovim/fetch-nvim.sh leaves its nvim wrapper.
func currentNvim() string {
	cache := os.Getenv("PYWORKERS_NVIM_CACHE")
	if cache == "" {
		base := os.Getenv("XDG_CACHE_HOME")
		if base == "" {
			home, _ := os.UserHomeDir()
			base = filepath.Join(home, ".cache")
		}
		cache = filepath.Join(base, "pyworkers-lsp", "nvim-sid")
	}
	return filepath.Join(cache, "bin", "nvim")
}

func buildServer(t *testing.T, dir string) string {
	t.Helper()
	bin := filepath.Join(dir, server)
	out, err := exec.Command("go", "build", "-o", bin, "../cmd/pyworkers-lsp").CombinedOutput()
	if err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	return bin
}

// emacsHas reports whether Emacs finds library (site directories included, so no -Q).
func emacsHas(library string) bool {
	return exec.Command("emacs", "--batch", "--eval", `(kill-emacs (if (locate-library "`+library+`") 0 1))`).Run() == nil
}

func decodeTOML(t *testing.T, path string, v any) {
	t.Helper()
	if err := toml.Unmarshal([]byte(readFile(t, path)), v); err != nil {
		t.Fatalf("%s: %v", path, err)
	}
}

func readFile(t *testing.T, path string) string {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

func abs(t *testing.T, path string) string {
	t.Helper()
	p, err := filepath.Abs(path)
	if err != nil {
		t.Fatal(err)
	}
	return p
}

func fileExists(path string) bool {
	_, err := os.Stat(path)
	return err == nil
}

// preCommitHooks reads the flat `key: value` pairs of each `- id:` item. The file is plain
// enough that this needs no YAML library.
func preCommitHooks(t *testing.T, path string) []map[string]string {
	t.Helper()
	var hooks []map[string]string
	sc := bufio.NewScanner(strings.NewReader(readFile(t, path)))
	for sc.Scan() {
		line := sc.Text()
		if strings.HasPrefix(strings.TrimSpace(line), "#") || strings.TrimSpace(line) == "" {
			continue
		}
		if strings.HasPrefix(line, "- ") {
			hooks = append(hooks, map[string]string{})
			line = "  " + line[2:]
		}
		key, value, ok := strings.Cut(strings.TrimSpace(line), ": ")
		if !ok || len(hooks) == 0 {
			t.Fatalf("%s: unexpected line %q", path, line)
		}
		hooks[len(hooks)-1][key] = value
	}
	return hooks
}

// The hooks' entry runs the prebuilt release of the checkout's version through uvx, else npx,
// and never compiles anything.
func TestPreCommitEntryUsesPrebuiltPackages(t *testing.T) {
	version := strings.TrimSpace(readFile(t, "../release/VERSION"))
	for _, tool := range []string{"uvx", "npx"} {
		bin := t.TempDir()
		fake := "#!/bin/sh\necho \"$(basename \"$0\") $*\"\n"
		if err := os.WriteFile(filepath.Join(bin, tool), []byte(fake), 0o755); err != nil {
			t.Fatal(err)
		}
		cmd := exec.Command("bash", "../release/pre-commit.sh", "check", "--force-exclude", "a.py")
		cmd.Env = append(os.Environ(), "PATH="+bin+":/usr/bin:/bin")
		out, err := cmd.CombinedOutput()
		if err != nil {
			t.Fatalf("%s: %v\n%s", tool, err, out)
		}
		want := map[string]string{
			"uvx": "uvx --from pyworkers-lsp==" + version + " pyworkers-lsp check --force-exclude a.py",
			"npx": "npx --yes pyworkers-lsp@" + version + " check --force-exclude a.py",
		}[tool]
		if got := strings.TrimSpace(string(out)); got != want {
			t.Errorf("%s: ran %q, want %q", tool, got, want)
		}
	}
}

// TestPreCommitTryRepo runs the hook the way a user tries it, `pre-commit
// try-repo` on this repository, against a Worker whose pyproject.toml
// excludes src/gen: the hook's entry passes --force-exclude, so the
// excluded file pre-commit names yields no finding, while the same code
// outside the exclude fails the hook. npx on PATH is a stand-in that
// checks the package spec and runs a freshly built server.
func TestPreCommitTryRepo(t *testing.T) {
	if testing.Short() {
		t.Skip("runs pre-commit and builds the server")
	}
	for _, tool := range []string{"pre-commit", "git"} {
		if _, err := exec.LookPath(tool); err != nil {
			t.Skipf("%s not installed", tool)
		}
	}
	repo := abs(t, "..")
	if err := exec.Command("git", "-C", repo, "rev-parse", "--git-dir").Run(); err != nil {
		t.Skip("the repository is not a git checkout (try-repo clones it)")
	}
	bin := buildServer(t, t.TempDir())
	version := strings.TrimSpace(readFile(t, "../release/VERSION"))
	fake := t.TempDir()
	npx := "#!/bin/sh\n[ \"$1\" = --yes ] && [ \"$2\" = pyworkers-lsp@" + version + " ] || { echo \"npx $*\" >&2; exit 3; }\nshift 2\nexec " + bin + " \"$@\"\n"
	if err := os.WriteFile(filepath.Join(fake, "npx"), []byte(npx), 0o755); err != nil {
		t.Fatal(err)
	}

	project := t.TempDir()
	bad := "import random\nfrom pyodide.ffi import to_py\nx = random.random()\n"
	for name, text := range map[string]string{
		"wrangler.toml":  "name = \"w\"\nmain = \"src/entry.py\"\ncompatibility_date = \"2025-11-01\"\ncompatibility_flags = [\"python_workers\"]\n",
		"pyproject.toml": "[project]\nname = \"w\"\n\n[tool.pyworkers-lsp]\nexclude = [\"src/gen\"]\n",
		"src/entry.py":   "from workers import WorkerEntrypoint, Response\n\n\nclass Default(WorkerEntrypoint):\n    async def fetch(self, request):\n        return Response(\"ok\")\n",
		"src/gen/bad.py": bad,
		"src/bad.py":     bad,
	} {
		path := filepath.Join(project, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	for _, args := range [][]string{{"init", "-q"}, {"add", "-A"}} {
		if out, err := exec.Command("git", append([]string{"-C", project}, args...)...).CombinedOutput(); err != nil {
			t.Fatalf("git %v: %v\n%s", args, err, out)
		}
	}
	env := append(os.Environ(), "PATH="+fake+":/usr/local/bin:/usr/bin:/bin", "PRE_COMMIT_HOME="+t.TempDir(), "NO_COLOR=1")
	tryRepo := func(file string) (string, error) {
		ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
		defer cancel()
		cmd := exec.CommandContext(ctx, "pre-commit", "try-repo", repo, "pyworkers-lsp", "--files", file)
		cmd.Dir, cmd.Env = project, env
		out, err := cmd.CombinedOutput()
		return string(out), err
	}
	out, err := tryRepo("src/gen/bad.py")
	if err != nil || !strings.Contains(out, "Passed") || strings.Contains(out, "PW") {
		t.Errorf("excluded src/gen/bad.py: %v, want the hook to pass with no finding\n%s", err, out)
	}
	out, err = tryRepo("src/bad.py")
	if err == nil || !strings.Contains(out, "src/bad.py:2:25: PW201") || !strings.Contains(out, "src/bad.py:3:5: PW301") {
		t.Errorf("src/bad.py: %v, want the hook to fail with PW201 and PW301\n%s", err, out)
	}
}

// zedAPI are the items of zed_extension_api the extension may name as
// zed::X, and the Extension trait's methods, read from
// zed-industries/zed 010e10836e6719b3dfc09205f3191b90d966550f
// (crates/extension_api/src/extension_api.rs: the wit re-exports, the
// free functions, the trait and the register_extension! macro). The crate
// cannot be compiled here (no crates registry, no wasm32-wasip2 target),
// so this catches a name that does not exist.
var (
	zedAPI = []string{
		"CodeLabel", "CodeLabelSpan", "Command", "DownloadedFileType", "EnvVars", "KeyValueStore",
		"LanguageServerInstallationStatus", "Project", "Range", "Worktree", "download_file", "make_file_executable",
		"GithubRelease", "GithubReleaseAsset", "GithubReleaseOptions", "github_release_by_tag_name", "latest_github_release",
		"node_binary_path", "npm_install_package", "npm_package_installed_version", "npm_package_latest_version",
		"Architecture", "Os", "current_platform", "set_language_server_installation_status",
		"Extension", "LanguageServerId", "Result", "register_extension", "serde_json", "settings",
	}
	zedExtensionMethods = []string{
		"new", "language_server_command", "language_server_initialization_options", "language_server_workspace_configuration",
		"language_server_additional_initialization_options", "language_server_additional_workspace_configuration",
		"label_for_completion", "label_for_symbol",
	}
)

func TestZedExtensionAPINames(t *testing.T) {
	src := readFile(t, "zed/src/lib.rs")
	used := regexp.MustCompile(`\bzed::([A-Za-z_][A-Za-z0-9_]*)`).FindAllStringSubmatch(src, -1)
	if len(used) < 10 {
		t.Fatalf("lib.rs names %d zed:: items; the pattern no longer reads it", len(used))
	}
	for _, m := range used {
		if !slices.Contains(zedAPI, m[1]) {
			t.Errorf("lib.rs uses zed::%s, which zed_extension_api does not export", m[1])
		}
	}
	impl := src[strings.Index(src, "impl zed::Extension for"):]
	methods := regexp.MustCompile(`(?m)^    fn ([a-z_]+)\(`).FindAllStringSubmatch(impl, -1)
	if len(methods) == 0 {
		t.Fatal("no methods found in the Extension impl")
	}
	for _, m := range methods {
		if !slices.Contains(zedExtensionMethods, m[1]) {
			t.Errorf("the Extension impl defines %s, not a method of zed::Extension", m[1])
		}
	}
}
