# profile: p026 date=2025-09-01
# profile: p028 date=2025-11-01
# profile: p314 date=2026-07-01 flags=python_workers_20260610 sdk=1.4 packages=workers-runtime-sdk
import pyodide.ffi as ffi
from pyodide.ffi import jsnull, run_sync  # want[p026]: PW207 PW207
from pyodide.ffi import to_js


def convert(x):
    ok = ffi.can_run_sync()  # want[p026]: PW207
    y = to_js(x, eager_converter=None)  # want[p026]: PW207
    ref = x.to_weakref()  # want[p026]: PW207
    return ok, y, ref, ffi.JsWeakRef, jsnull, run_sync  # want[p026]: PW207
