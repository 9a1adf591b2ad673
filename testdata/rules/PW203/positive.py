# profile: p026 date=2025-09-01
# profile: new date=2026-07-01 sdk=1.4 packages=workers-runtime-sdk
# profile: p314 date=2026-07-01 flags=python_workers_20260610 sdk=1.4 packages=workers-runtime-sdk
import js
from js import Function  # want: PW203
from js import eval as js_eval  # want: PW203
from js import globalThis


async def run(code):
    a = js.eval(code)  # want: PW203
    b = js_eval(code)  # want: PW203
    c = Function("x", "return x")  # want: PW203
    d = js.Function.new("return 1")  # want: PW203
    e = globalThis.eval(code)  # want: PW203
    return a, b, c, d, e
