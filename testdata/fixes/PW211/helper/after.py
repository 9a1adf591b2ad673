# profile: p026 date=2025-09-01
import js
from pyodide.ffi import to_js

JS_NULL = js.JSON.parse("null")


def payload():
    return to_js({"a": JS_NULL}), to_js(JS_NULL)
