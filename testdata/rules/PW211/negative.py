# profile: p028 date=2025-11-01
import js
from js import JSON, Object
from pyodide.ffi import to_js


def build(value):
    a = to_js([1, 2])
    b = to_js({"a": f(None)}, dict_converter=Object.fromEntries)
    c = JSON.stringify("x")
    d = js.Response.new(None)
    x = None
    e = to_js(x)
    g = to_js(value, default_converter=None)
    # to_js(None)
    return a, b, c, d, e, g, "to_js(None)"


def f(v):
    return v
