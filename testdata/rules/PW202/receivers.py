# profile: p026 date=2025-09-01 bindings=DB:d1_databases,COUNTER:durable_objects
# profile: p028 date=2025-11-01 bindings=DB:d1_databases,COUNTER:durable_objects
# profile: p314 date=2026-03-01 flags=python_workers_20260610 bindings=DB:d1_databases,COUNTER:durable_objects
import js
from pyodide.ffi import to_js
from workers import WorkerEntrypoint


class Default(WorkerEntrypoint):
    async def fetch(self, request):
        # Headers and URLSearchParams iterate pairs: a Map works on every runtime.
        headers = js.Headers.new(to_js({"x-a": "1"}))
        params = js.URLSearchParams.new(to_js({"q": "x"}))
        also = js.Response.new("ok", headers=to_js({"x-b": "2"}))
        # Unknown receivers: returned, passed to own code, logged.
        mine = to_js({"a": 1})
        helper(mine)
        js.console.log(to_js({"a": 1}))
        # A structured clone of a 0.26 Map succeeds (the copy is a Map).
        stub = self.env.COUNTER.get(self.env.COUNTER.idFromName("x"))
        await stub.increment(to_js({"by": 2}, dict_converter=js.Object.fromEntries))
        return headers, params, also, to_js({"b": 2})
