# profile: old date=2025-06-01
# profile: new date=2026-06-01
import pyodide.ffi as ffi
from pyodide.ffi import to_js, to_py  # want: PW201
from pyodide.ffi import to_py as convert  # want: PW201
from pyodide import ffi as f2


async def on_rows(result):
    rows = to_py(result.results)  # want: PW201
    more = ffi.to_py(result.meta)  # want: PW201
    last = convert(result)  # want: PW201
    return rows, more, last, f2.to_py(result)  # want: PW201
