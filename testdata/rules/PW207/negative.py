# profile: p026 date=2025-09-01
from pyodide.ffi import create_proxy, to_js

try:
    from pyodide.ffi import jsnull
except ImportError:
    jsnull = None


def convert(x):
    if x is jsnull:
        return None
    text = "from pyodide.ffi import run_sync"
    # x.to_weakref()
    return to_js(x, default_converter=None), create_proxy, text
