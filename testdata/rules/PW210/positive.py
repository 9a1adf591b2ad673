# profile: p026 date=2025-09-01 bindings=DB:d1_databases,CACHE:kv_namespaces
# profile: p028 date=2025-11-01 bindings=DB:d1_databases,CACHE:kv_namespaces
# profile: new date=2026-07-01 sdk=1.4 packages=workers-runtime-sdk bindings=DB:d1_databases,CACHE:kv_namespaces
# profile: p314 date=2026-07-01 flags=python_workers_20260610 sdk=1.4 packages=workers-runtime-sdk bindings=DB:d1_databases,CACHE:kv_namespaces
import js
from js import Headers
from js import Response as JSResponse
from workers import WorkerEntrypoint


class Default(WorkerEntrypoint):
    async def fetch(self, request):
        opts = {"status": 400}
        r1 = js.Response.new("bad", opts)  # want: PW210
        r2 = JSResponse.new("bad", {"status": 400})  # want: PW210
        await js.fetch("https://example.com", dict(method="POST"))  # want: PW210
        h = Headers.new({"a": "b"})  # want: PW210
        await self.env.CACHE.put("k", "v", {"expirationTtl": 60})  # want[p026,p028]: PW210
        data = await request.json()
        text = js.JSON.stringify(data)  # want: PW210
        return r1, r2, h, text
