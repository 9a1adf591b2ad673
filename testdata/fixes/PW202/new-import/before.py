# profile: p026 date=2025-09-01
"""Calls a JS API with a dict."""
from __future__ import annotations

import js
from pyodide.ffi import to_js as convert


async def post(url, payload):
    init = convert({"method": "POST", "body": payload})
    opts = convert(
        {"status": 201},
    )
    return await js.fetch(url, init), js.Response.new("created", opts)
