# profile: p028 date=2025-11-01
from mylib import to_js


def build():
    # Not pyodide.ffi.to_js: the app's own helper.
    return to_js({"a": 1})
