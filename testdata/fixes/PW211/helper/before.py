# profile: p026 date=2025-09-01
import js
from pyodide.ffi import to_js


def payload():
    return to_js({"a": None}), to_js(None)
