# profile: old date=2025-06-01
# profile: new date=2026-06-01
from helpers import to_py
from pyodide.ffi import to_js

"from pyodide.ffi import to_py"
# from pyodide.ffi import to_py


def convert(to_py, value):
    # A parameter shadows any import of the same name.
    return to_py(value)


async def handler(result):
    rows = result.results.to_py()
    return to_py(rows), to_js(rows)
