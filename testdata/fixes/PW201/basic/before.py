# profile: new date=2026-06-01
"""Rows from D1."""
import pyodide.ffi as ffi
from pyodide.ffi import to_js, to_py
from pyodide.ffi import to_py as convert
from pyodide.ffi import (
    create_proxy,
    to_py as tp,
)


async def rows(result):
    a = to_py(result.results)
    b = ffi.to_py(result.meta, depth=1)
    c = convert(await result.json())
    d = tp(result.a or result.b)
    return to_js([a, b, c, d]), create_proxy(a)
