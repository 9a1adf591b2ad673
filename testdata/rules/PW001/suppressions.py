from pyodide.ffi import to_py  # pyworkers: ignore[PW201]
from pyodide.ffi import to_py as tp  # pyworkers: ignore
from pyodide.ffi import to_js  # pyworkers: ignore[PW201]  # want: PW001
x = 1  # pyworkers: ignore  # want: PW001
from pyodide.ffi import to_py as a  # pyworkers: ignore[PW201, PW999]  # want: PW001
from pyodide.ffi import to_py as b  # pyworkers: ignore[PW202]  # want: PW001 PW201
"# pyworkers: ignore[PW201]"


class Default:
    def fetch(self):  # pyworkers: ignore[PW201]  # want: PW001
        return tp(a) + b(x) + to_js(1)  # pyworkers:ignore[PW201]
