# profile: p026 date=2025-09-01
from pyodide.ffi import *


def missing(x):
    return x is jsnull  # want[p026]: PW207
