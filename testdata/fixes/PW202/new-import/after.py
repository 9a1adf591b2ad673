# profile: p026 date=2025-09-01
"""Calls a JS API with a dict."""
from __future__ import annotations

import js
from pyodide.ffi import to_js as convert


async def post(url, payload):
    init = convert({"method": "POST", "body": payload}, dict_converter=js.Object.fromEntries)
    opts = convert(
        {"status": 201}, dict_converter=js.Object.fromEntries,
    )
    return await js.fetch(url, init), js.Response.new("created", opts)
