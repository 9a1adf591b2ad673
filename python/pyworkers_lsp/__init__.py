"""pyworkers-lsp: language server and CI checker for Cloudflare Python Workers.

The wheel installs the prebuilt `pyworkers-lsp` binary into the environment's
scripts directory (bin/ or Scripts/), so it is on PATH wherever the
environment is active; `uvx pyworkers-lsp` and `uv tool install
pyworkers-lsp` use it the same way. `find_pyworkers_lsp_bin()` returns its
path for tools that start it themselves.
"""

import os
import sys
import sysconfig

__all__ = ["find_pyworkers_lsp_bin"]


def find_pyworkers_lsp_bin() -> str:
    """Returns the path of the binary this package installed."""
    exe = "pyworkers-lsp" + (sysconfig.get_config_var("EXE") or "")
    if sys.platform == "win32" and not exe.endswith(".exe"):
        exe += ".exe"
    candidates = [os.path.join(sysconfig.get_path("scripts"), exe)]
    # pip install --user puts scripts in the user scheme.
    user_scheme = {"nt": "nt_user", "posix": "posix_user"}.get(os.name)
    if sys.platform == "darwin" and sys._framework:
        user_scheme = "osx_framework_user"
    if user_scheme:
        candidates.append(os.path.join(sysconfig.get_path("scripts", scheme=user_scheme), exe))
    # pip install --target DIR puts scripts in DIR/bin next to the package.
    candidates.append(os.path.join(os.path.dirname(os.path.dirname(__file__)), "bin", exe))
    for path in candidates:
        if os.path.isfile(path):
            return path
    raise FileNotFoundError("pyworkers-lsp binary not found; looked in: " + ", ".join(candidates))
