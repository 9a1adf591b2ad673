# profile: p026 date=2025-09-01
# profile: p028 date=2025-11-01
# profile: p314 date=2026-07-01 flags=python_workers_20260610 sdk=1.4 packages=workers-runtime-sdk
import js
from js import JSON, Object
from pyodide.ffi import to_js


def build(env):
    a = to_js(None)  # want: PW211
    b = to_js({"parent": None, "tags": [None]}, dict_converter=Object.fromEntries)  # want: PW211 PW211
    c = JSON.stringify(None)  # want: PW211
    d = js.Object.create(None)  # want: PW211
    return a, b, c, d
