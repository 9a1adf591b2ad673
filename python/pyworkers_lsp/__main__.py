"""python -m pyworkers_lsp ARGS...: runs the installed binary."""

import os
import subprocess
import sys

from pyworkers_lsp import find_pyworkers_lsp_bin


def main() -> int:
    binary = find_pyworkers_lsp_bin()
    if sys.platform == "win32":
        # Windows has no exec: run it and pass its status on.
        return subprocess.call([binary, *sys.argv[1:]])
    os.execv(binary, [binary, *sys.argv[1:]])
    return 1  # not reached


if __name__ == "__main__":
    sys.exit(main())
