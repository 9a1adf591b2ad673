# profile: new date=2026-06-01
from pyodide.ffi import to_js
x = 1  # keep this note
from pyodide.ffi import to_py as a  # pyworkers: ignore[PW201]
from pyodide.ffi import to_py as b  # pyworkers: ignore[PW201]
y = 2  # noqa: E501
z = 3
