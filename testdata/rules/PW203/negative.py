# profile: p028 date=2025-11-01
import js
from mylib import eval as evaluate


def run(obj, code):
    evaluate(code)
    eval(code)  # Python's eval, not JavaScript's
    obj.eval(code)
    js.JSON.parse(code)
    # js.eval(code)
    text = "js.eval(code)"

    def inner(Function):
        return Function("x")

    return inner, text
