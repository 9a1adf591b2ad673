# profile: p026 date=2025-09-01 bindings=DB:d1_databases,CACHE:kv_namespaces,COUNTER:durable_objects
# profile: p028 date=2025-11-01 bindings=DB:d1_databases,CACHE:kv_namespaces,COUNTER:durable_objects
# profile: p314 date=2026-03-01 flags=python_workers_20260610 bindings=DB:d1_databases,CACHE:kv_namespaces,COUNTER:durable_objects
import js
from js import Headers
from js import Response as JSResponse
from workers import WorkerEntrypoint


class Default(WorkerEntrypoint):
    async def fetch(self, request):
        opts = {"status": 400}
        r1 = js.Response.new("bad", opts)  # want[p026]: PW210
        r2 = JSResponse.new("bad", {"status": 400})  # want[p026]: PW210
        await js.fetch("https://example.com", dict(method="POST"))  # want[p026]: PW210
        h = Headers.new({"a": "b"})  # want: PW210
        q = js.URLSearchParams.new({"a": "b"})  # want: PW210
        await self.env.CACHE.put("k", "v", {"expirationTtl": 60})  # want[p026]: PW210
        data = await request.json()
        text = js.JSON.stringify(data)  # want[p026]: PW210
        copy = js.structuredClone({"a": 1})  # want: PW210
        stub = self.env.COUNTER.get(self.env.COUNTER.idFromName("x"))
        await stub.increment({"by": 1})  # want: PW210
        return r1, r2, h, q, text, copy
