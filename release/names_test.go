// Package release holds the release build scripts; this test keeps the
// places that spell release targets and asset names in agreement.
package release

import (
	"os"
	"regexp"
	"slices"
	"strings"
	"testing"
)

func read(t *testing.T, path string) string {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// targets are the release targets build.sh builds by default.
func targets(t *testing.T) []string {
	m := regexp.MustCompile(`(?m)^all=(\S+)$`).FindStringSubmatch(read(t, "build.sh"))
	if m == nil {
		t.Fatal("build.sh: no all= line")
	}
	return strings.Split(m[1], ",")
}

func archive(target string) string {
	if strings.HasPrefix(target, "windows") {
		return "pyworkers-lsp-{{ version | strip_prefix \"v\" }}-" + target + ".zip"
	}
	return "pyworkers-lsp-{{ version | strip_prefix \"v\" }}-" + target + ".tar.gz"
}

func TestEveryChannelKnowsEveryTarget(t *testing.T) {
	all := targets(t)
	if want := []string{"linux-x64", "linux-arm64", "darwin-x64", "darwin-arm64", "windows-x64"}; !slices.Equal(all, want) {
		t.Fatalf("build.sh targets %v, want %v", all, want)
	}
	mason := read(t, "mason/pyworkers-lsp/package.yaml")
	wheel := read(t, "wheel.py")
	stage := read(t, "../npm/stage.js")
	launcher := read(t, "../npm/pyworkers-lsp/index.js")
	vsix := read(t, "vsix.sh")
	action := read(t, "../action.yml")
	for _, target := range all {
		if !strings.Contains(mason, "file: "+archive(target)) {
			t.Errorf("mason package.yaml has no asset %s", archive(target))
		}
		for name, text := range map[string]string{"wheel.py": wheel, "npm/stage.js": stage, "vsix.sh": vsix} {
			if !strings.Contains(text, "'"+target+"'") && !strings.Contains(text, `"`+target+`"`) && !strings.Contains(text, "\t"+target+")") {
				t.Errorf("%s does not map target %s", name, target)
			}
		}
		npmName := strings.Replace(target, "windows", "win32", 1)
		if !strings.Contains(launcher, "'@pyworkers-lsp/cli-"+npmName+"'") {
			t.Errorf("npm launcher does not know @pyworkers-lsp/cli-%s", npmName)
		}
		if !strings.Contains(action, "t="+target+" ") {
			t.Errorf("action.yml does not map a runner to %s", target)
		}
	}
}

// The Zed extension builds the same archive and binary names as build.sh writes.
func TestZedAssetNames(t *testing.T) {
	src := read(t, "../editors/zed/src/lib.rs")
	for _, want := range []string{
		`format!("{SERVER}-{version}-{os_name}-{arch_name}")`,
		`format!("{stem}.{suffix}")`,
		`format!("{stem}/{SERVER}{exe}")`,
		`"darwin"`, `"linux"`, `"windows"`, `"x64"`, `"arm64"`, `"tar.gz"`, `"zip"`,
	} {
		if !strings.Contains(src, want) {
			t.Errorf("editors/zed/src/lib.rs lacks %s", want)
		}
	}
	if !strings.Contains(read(t, "build.sh"), `local name="pyworkers-lsp-$version-$1"`) {
		t.Error("build.sh no longer names archives pyworkers-lsp-<version>-<target>")
	}
}
