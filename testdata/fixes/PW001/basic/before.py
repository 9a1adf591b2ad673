# profile: new date=2026-06-01
from pyodide.ffi import to_js  # pyworkers: ignore[PW201]
x = 1  # pyworkers: ignore  # keep this note
from pyodide.ffi import to_py as a  # pyworkers: ignore[PW201, PW999]
from pyodide.ffi import to_py as b  # pyworkers: ignore[PW999, PW201]
y = 2  # noqa: E501  # pyworkers: ignore[PW201]
# pyworkers: ignore[PW201]
z = 3
