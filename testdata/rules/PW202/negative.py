# profile: p026 date=2025-09-01 bindings=DB:d1_databases
# profile: new date=2026-07-01 sdk=1.4 packages=workers-runtime-sdk bindings=DB:d1_databases
from js import Object
from pyodide.ffi import to_js


def build(params, rows):
    a = to_js({"a": 1}, dict_converter=Object.fromEntries)
    b = to_js([1, 2])
    c = to_js(params)
    kw = {"dict_converter": Object.fromEntries}
    d = to_js({"a": 1}, **kw)
    e = to_js("text")
    x = {"a": 1}
    x = [x]
    f = to_js(x)
    g = to_js(rows, dict_converter=None)
    # to_js({"a": 1})
    h = "to_js({'a': 1})"
    return a, b, c, d, e, f, g, h
