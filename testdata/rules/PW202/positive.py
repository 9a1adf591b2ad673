# profile: p026 date=2025-09-01 bindings=DB:d1_databases,COUNTER:durable_objects
# profile: p028 date=2025-11-01 bindings=DB:d1_databases,COUNTER:durable_objects
# profile: p314 date=2026-03-01 flags=python_workers_20260610 bindings=DB:d1_databases,COUNTER:durable_objects
import js
import pyodide.ffi as ffi
from pyodide.ffi import to_js
from pyodide.ffi import to_js as tj
from workers import WorkerEntrypoint


class Default(WorkerEntrypoint):
    async def fetch(self, request):
        init = to_js({"method": "POST"})  # want[p026]: PW202
        opts = dict(status=400)
        resp = js.Response.new("x", tj(opts))  # want[p026]: PW202
        data = await request.json()
        body = js.JSON.stringify(ffi.to_js(data))  # want[p026]: PW202
        squares = to_js({k: k * k for k in range(3)})  # want[p028]: PW202
        copy = js.structuredClone(squares)
        stub = self.env.COUNTER.get(self.env.COUNTER.idFromName("x"))
        await stub.increment(to_js({"by": 1}))  # want[p028]: PW202
        return await js.fetch("https://example.com", init), resp, body, copy
