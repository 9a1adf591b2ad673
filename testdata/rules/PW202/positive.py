# profile: p026 date=2025-09-01 bindings=DB:d1_databases
# profile: p028 date=2025-11-01 bindings=DB:d1_databases
# profile: new date=2026-07-01 sdk=1.4 packages=workers-runtime-sdk bindings=DB:d1_databases
# profile: p314 date=2026-07-01 flags=python_workers_20260610 sdk=1.4 packages=workers-runtime-sdk bindings=DB:d1_databases
import js
import pyodide.ffi as ffi
from pyodide.ffi import to_js
from pyodide.ffi import to_js as tj
from workers import WorkerEntrypoint


class Default(WorkerEntrypoint):
    async def fetch(self, request):
        init = to_js({"method": "POST"})  # want: PW202
        opts = dict(status=400)
        options = tj(opts)  # want: PW202
        data = await request.json()
        payload = ffi.to_js(data)  # want: PW202
        squares = to_js({k: k * k for k in range(3)})  # want: PW202
        headers = js.Headers.new(to_js({"x-a": "1"}))  # want: PW202
        also = js.Response.new("ok", headers=to_js({"x-b": "2"}))  # want: PW202
        return await js.fetch("https://example.com", init), options, payload, squares, headers, also
