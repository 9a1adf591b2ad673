package config

import "testing"

func TestMarkersOnPyodide(t *testing.T) {
	env := PyodideMarkerEnv("3.13.2", []string{"Standard"})
	cases := []struct {
		marker string
		want   Truth
	}{
		// Shapes from real uv.lock files.
		{"sys_platform == 'win32'", False},
		{"sys_platform != 'emscripten'", False},
		{"sys_platform == 'emscripten'", True},
		{"platform_python_implementation != 'PyPy'", True},
		{"python_full_version < '3.12'", False},
		{"python_full_version >= '3.13'", True},
		{"python_full_version == '3.12.*'", False},
		{"python_version < '3.14' and platform_machine == 'x86_64'", False},
		{"(python_full_version < '3.14' and platform_machine == 'AMD64') or (python_full_version < '3.14' and platform_machine == 'WIN32') or (python_full_version < '3.14' and platform_machine == 'aarch64') or (python_full_version < '3.14' and platform_machine == 'amd64') or (python_full_version < '3.14' and platform_machine == 'ppc64le') or (python_full_version < '3.14' and platform_machine == 'win32') or (python_full_version < '3.14' and platform_machine == 'x86_64')", False},
		{"platform_machine == 'wasm32' or sys_platform == 'linux'", True},
		{"'3.12' <= python_version", True},
		{`implementation_name == "cpython" and os_name == "posix"`, True},
		{"platform_system == 'Emscripten'", True},
		{"extra == 'standard'", True},
		{"extra == 'dev'", False},
		{"'standard' in extras", True},
		{"'dev' in dependency_groups", False},
		{"'dev' not in dependency_groups", True},
		{"'linux' in sys_platform", False},
		// Unknown variables stay unknown unless the other side decides.
		{"platform_release >= '5.0'", Unknown},
		{"platform_release >= '5.0' and sys_platform == 'win32'", False},
		{"platform_release >= '5.0' or sys_platform == 'emscripten'", True},
		{"python_implementation == 'CPython'", True},
		{"sys_platform ==", Unknown},
		{"", True},
	}
	for _, c := range cases {
		if got := EvalMarker(c.marker, env); got != c.want {
			t.Errorf("%q = %v, want %v", c.marker, got, c.want)
		}
	}
}

func TestParseMarkerErrors(t *testing.T) {
	for _, bad := range []string{"sys_platform", "sys_platform = 'x'", "(sys_platform == 'x'", "sys_platform == 'x' and", "'a' not 'b'"} {
		if _, err := ParseMarker(bad); err == nil {
			t.Errorf("ParseMarker(%q) accepted", bad)
		}
	}
}
