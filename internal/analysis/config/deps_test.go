package config

import (
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/pyworkers/pyworkers-lsp/internal/analysis/profile"
)

func loadWorkspace(t *testing.T, name string) *Workspace {
	t.Helper()
	dir, err := filepath.Abs(filepath.Join("..", "..", "..", "testdata", "workspaces", name))
	if err != nil {
		t.Fatal(err)
	}
	ws, err := Load(filepath.Join(dir, "src", "entry.py"), dir)
	if err != nil {
		t.Fatal(err)
	}
	return ws
}

func deployedNames(d *Deployed) []string {
	var out []string
	for _, p := range d.Packages {
		out = append(out, p.Name)
	}
	slices.Sort(out)
	return out
}

// TestResolveDeployedUVLock: uv.lock revision 3 with resolution markers,
// a dependency group, an unrequested extra and natives excluded by
// markers; only [project].dependencies and their closure for
// Emscripten/wasm32 are deployed, plus the SDK pywrangler adds.
func TestResolveDeployedUVLock(t *testing.T) {
	ws := loadWorkspace(t, "deps-uvlock")
	if ws.Lock == nil || ws.Lock.Revision != 3 {
		t.Fatalf("lock %+v", ws.Lock)
	}
	d := ResolveDeployed(ws, "3.13.2")
	want := []string{"anyio", "certifi", "h11", "httpcore", "httpx", "idna", "psutil", "sniffio", "sqlalchemy", "typing-extensions", "workers-runtime-sdk"}
	if got := deployedNames(d); !slices.Equal(got, want) {
		t.Errorf("deployed %v\nwant     %v", got, want)
	}
	h11, _ := d.Package("h11")
	if h11.Direct == nil || h11.Direct.Name != "httpx" || !slices.Equal(h11.Via, []string{"httpx", "httpcore"}) {
		t.Errorf("h11 chain: direct %+v via %v", h11.Direct, h11.Via)
	}
	if ps, _ := d.Package("psutil"); ps.Direct == nil || ps.Direct.Raw != "psutil>=6.0" || len(ps.Via) != 0 || !ps.Native {
		t.Errorf("psutil %+v", ps)
	}
	if sdk, _ := d.Package(SDKPackage); sdk.Added == "" || sdk.Version != "1.6.15" || !strings.Contains(d.SDKSupplier, "workers-py in dependency group dev") {
		t.Errorf("sdk %+v supplier %q", sdk, d.SDKSupplier)
	}
	// Breadth first: the shortest chain wins (sqlalchemy → typing-extensions,
	// not httpx → anyio → typing-extensions).
	if te, _ := d.Package("typing-extensions"); !slices.Equal(te.Via, []string{"sqlalchemy"}) {
		t.Errorf("typing-extensions via %v", te.Via)
	}
}

// TestResolveDeployedExtraEdge: uv.lock revision 1 (no revision key); an
// edge that requests an extra (google-api-core[grpc]) brings in that
// extra's dependencies; [tool.uv] dev-dependencies do not count.
func TestResolveDeployedExtraEdge(t *testing.T) {
	ws := loadWorkspace(t, "deps-transitive")
	if ws.Lock.Revision != 1 {
		t.Errorf("revision %d", ws.Lock.Revision)
	}
	d := ResolveDeployed(ws, "3.13.2")
	want := []string{"google-api-core", "google-cloud-pubsub", "grpcio", "grpcio-status", "numpy", "protobuf"}
	if got := deployedNames(d); !slices.Equal(got, want) {
		t.Errorf("deployed %v, want %v", got, want)
	}
	g, _ := d.Package("grpcio")
	if !slices.Equal(g.Via, []string{"google-cloud-pubsub", "google-api-core"}) || g.Direct.Name != "google-cloud-pubsub" || !g.Native {
		t.Errorf("grpcio %+v", g)
	}
	if d.SDKSupplier != "" {
		t.Errorf("no pywrangler here, supplier %q", d.SDKSupplier)
	}
}

// TestResolveDeployedPyLock: a flat PEP 751 lock: every package whose
// marker holds, versions as installed, Pyodide wheels recognised.
func TestResolveDeployedPyLock(t *testing.T) {
	ws := loadWorkspace(t, "deps-pylock")
	if ws.Lock.Kind != PyLock {
		t.Fatalf("lock kind %v", ws.Lock.Kind)
	}
	d := ResolveDeployed(ws, "3.13.2")
	if got := deployedNames(d); slices.Contains(got, "colorama") || !slices.Contains(got, "pydantic-core") || len(got) != 6 {
		t.Errorf("deployed %v", got)
	}
	np, _ := d.Package("numpy")
	if !np.PyodideWheel || !np.Pinned || np.Version != "2.2.5" || np.Direct == nil || np.Direct.Specifier != ">=2" {
		t.Errorf("numpy %+v", np)
	}
}

// TestResolveDeployedRequirements: requirement lines as written, markers
// evaluated for Pyodide.
func TestResolveDeployedRequirements(t *testing.T) {
	text := []byte("httpx>=0.27\nuvloop>=0.19; sys_platform != 'win32' and sys_platform != 'emscripten'\nnumpy==1.26.4 ; python_version >= '3.12'\ntomli>=2; python_full_version < '3.13'\n-r extra.txt\n")
	ws := &Workspace{Lock: ParseLock("/w/cf-requirements.txt", text)}
	d := ResolveDeployed(ws, "3.13.2")
	if got := deployedNames(d); !slices.Equal(got, []string{"httpx", "numpy"}) {
		t.Errorf("deployed %v", got)
	}
	if got := deployedNames(ResolveDeployed(ws, "3.12.7")); !slices.Equal(got, []string{"httpx", "numpy", "tomli"}) {
		t.Errorf("on Python 3.12: deployed %v", got)
	}
	if np, _ := d.Package("numpy"); !np.Pinned || np.Version != "1.26.4" || np.DirectFile != "/w/cf-requirements.txt" {
		t.Errorf("numpy %+v", np)
	}
}

// TestUVLockRevisions reads the revision of each uv.lock shape.
func TestUVLockRevisions(t *testing.T) {
	for _, tc := range []struct {
		name string
		want int
	}{{"deps-transitive", 1}, {"shared-lock", 2}, {"deps-uvlock", 3}} {
		if l := loadWorkspace(t, tc.name).Lock; l == nil || l.Kind != UVLock || l.Revision != tc.want {
			t.Errorf("%s: %+v", tc.name, l)
		}
	}
}

// TestWorkspaceMemberLock: a uv workspace member has no lock of its own;
// the workspace's uv.lock above it is its lock when it holds the member,
// and an unrelated uv.lock above is not.
func TestWorkspaceMemberLock(t *testing.T) {
	dir := t.TempDir()
	write := func(name, text string) {
		path := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	write("uv.lock", `version = 1
revision = 3

[[package]]
name = "api"
version = "0.1.0"
source = { editable = "workers/api" }
dependencies = [{ name = "psutil" }]

[[package]]
name = "psutil"
version = "7.0.0"
source = { registry = "https://pypi.org/simple" }
wheels = [{ url = "https://x/psutil-7.0.0-cp36-abi3-manylinux_2_17_x86_64.whl", hash = "sha256:00", size = 1 }]
`)
	write("workers/api/pyproject.toml", "[project]\nname = \"api\"\ndependencies = [\"psutil\"]\n")
	write("workers/other/pyproject.toml", "[project]\nname = \"other\"\ndependencies = []\n")
	ws, err := Load(filepath.Join(dir, "workers", "api", "entry.py"), dir)
	if err != nil || ws.Lock == nil {
		t.Fatalf("member: lock %v, err %v", ws.Lock, err)
	}
	if ps, ok := ResolveDeployed(ws, "3.13.2").Package("psutil"); !ok || ps.Direct == nil || ps.DirectFile != ws.Pyproject.File.Path {
		t.Errorf("psutil %+v", ps)
	}
	if ws, _ := Load(filepath.Join(dir, "workers", "other", "entry.py"), dir); ws.Lock != nil {
		t.Errorf("another project's lock was taken: %s", ws.Lock.Path)
	}
}

func TestPlaceholders(t *testing.T) {
	for _, s := range []string{"<COMPATIBILITY_DATE>", "<TBD>", "%COMPAT_DATE%", "%COMPAT_DATE", "${COMPAT_DATE}", "{{ compat_date }}", "$COMPAT_DATE", "%PYTHON_FEATURE_FLAGS"} {
		if !IsPlaceholder(s) {
			t.Errorf("%q is not recognised as a placeholder", s)
		}
	}
	for _, s := range []string{"2025-11-02", "2025-13-45", "src/entry.py", "python_workers", "<", "%", "", "a<b>"} {
		if IsPlaceholder(s) {
			t.Errorf("%q taken for a placeholder", s)
		}
	}
}

// TestPlaceholderProfile: a placeholder date resolves as create-cloudflare
// would fill it in (the current date), with a note, not the default
// profile.
func TestPlaceholderProfile(t *testing.T) {
	old := Today
	Today = func() string { return "2026-12-01" }
	t.Cleanup(func() { Today = old })
	ws := loadWorkspace(t, "placeholder-c3")
	p, notes := ResolveProfile(ws, ProfileOptions{})
	if p.Default || p.DatePlaceholder != "<COMPATIBILITY_DATE>" || p.CompatDate != "2026-12-01" || p.Runtime.Python != "3.13" || !p.ExternalSDK {
		t.Errorf("profile: default %v placeholder %q date %q runtime %v external %v", p.Default, p.DatePlaceholder, p.CompatDate, p.Runtime, p.ExternalSDK)
	}
	if p.SDKSupplier == "" {
		t.Error("workers-py in the dev group supplies the SDK")
	}
	if out := profile.ExplainPaths(p, filepath.Base); !strings.Contains(out, "Compatibility date: 2026-12-01  (placeholder <COMPATIBILITY_DATE> at wrangler.jsonc:9") ||
		!strings.Contains(out, "Config:             wrangler.jsonc") {
		t.Errorf("explain-profile does not show the placeholder:\n%s", out)
	}
	found := false
	for _, n := range notes {
		found = found || strings.Contains(n.Message, "template placeholder")
	}
	if !found {
		t.Errorf("no placeholder note in %+v", notes)
	}
}

// TestStaleLock: pywrangler compiles pyproject.toml, so a dependency
// removed from it is not deployed although the lock still has it, and
// one added since the lock was written is.
func TestStaleLock(t *testing.T) {
	ws := loadWorkspace(t, "deps-uvlock")
	ws.Pyproject = ParsePyproject(ws.Pyproject.File.Path, []byte("[project]\nname = \"orders-api\"\ndependencies = [\"httpx>=0.27\", \"orjson>=3\"]\n"))
	got := deployedNames(ResolveDeployed(ws, "3.13.2"))
	if slices.Contains(got, "psutil") || slices.Contains(got, "sqlalchemy") || !slices.Contains(got, "orjson") || !slices.Contains(got, "anyio") {
		t.Errorf("deployed %v", got)
	}
}
