# profile: new date=2026-06-01
"""Rows from D1."""
import pyodide.ffi as ffi
from pyodide.ffi import to_js
from pyodide.ffi import (
    create_proxy,
)


async def rows(result):
    a = result.results.to_py()
    b = result.meta.to_py(depth=1)
    c = (await result.json()).to_py()
    d = (result.a or result.b).to_py()
    return to_js([a, b, c, d]), create_proxy(a)
