# The same Worker on the three runtimes (compatibility date/flags only):
# findings follow the measured truth table (docs/runtime-behaviour.md).
# profile: p026 date=2025-09-01
# profile: p028 date=2025-11-01
# profile: p314 date=2026-03-01 flags=python_workers_20260610
import js
from pyodide.ffi import to_js
from workers import WorkerEntrypoint


class Default(WorkerEntrypoint):
    async def fetch(self, request):
        init = {"method": "POST", "body": "{}"}
        r = await js.fetch("https://example.com", init)  # want[p026]: PW210
        r2 = await js.fetch("https://example.com", to_js(init))  # want[p026]: PW202
        r3 = await js.fetch("https://example.com", {"method": "POST", "headers": {"x-a": "1"}})  # want: PW210
        h1 = js.Headers.new(to_js({"x-a": "1"}))
        h2 = js.Headers.new({"x-a": "1"})  # want: PW210
        text = js.JSON.stringify({"a": 1})  # want[p026]: PW210
        text2 = js.JSON.stringify(to_js({"a": 1}))  # want[p026]: PW202
        copy = js.structuredClone({"a": 1})  # want: PW210
        copy2 = js.structuredClone(to_js({"a": 1}))  # want[p028]: PW202
        resp = js.Response.new("gone", {"status": 410})  # want[p026]: PW210
        resp2 = js.Response.new("gone", to_js({"status": 410}))  # want[p026]: PW202
        resp3 = js.Response.new("gone", status=410)
        etag = r.headers.get("etag")
        if etag is None:  # want[p028,p314]: PW205
            etag = ""
        return resp, resp2, resp3, h1, h2, text, text2, copy, copy2, r2, r3, etag
