# profile: p026 date=2025-09-01
from js import fetch, Headers
from pyodide.ffi import to_js


async def post(url, payload):
    return await fetch(url, to_js({"method": "POST", "body": payload}))
