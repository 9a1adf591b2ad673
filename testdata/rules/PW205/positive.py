# profile: p026 date=2025-09-01 bindings=DB:d1_databases,CACHE:kv_namespaces
# profile: p028 date=2025-11-01 bindings=DB:d1_databases,CACHE:kv_namespaces
# profile: new date=2026-07-01 sdk=1.4 packages=workers-runtime-sdk bindings=DB:d1_databases,CACHE:kv_namespaces
# profile: p314 date=2026-07-01 flags=python_workers_20260610 sdk=1.4 packages=workers-runtime-sdk bindings=DB:d1_databases,CACHE:kv_namespaces
# profile: p314raw date=2025-11-01 flags=python_workers_20260610 bindings=DB:d1_databases,CACHE:kv_namespaces
import js
from workers import Response, WorkerEntrypoint


class Default(WorkerEntrypoint):
    async def fetch(self, request):
        row = await self.env.DB.prepare("SELECT * FROM t WHERE id = ?").bind(1).first()
        if row is None:  # want[p028,p314raw]: PW205
            return Response("not found", status=404)
        value = await self.env.CACHE.get("k")
        if value == None:  # want[p028,p314raw]: PW205
            return Response("")
        if None is not value:  # want[p028,p314raw]: PW205
            pass
        body = request.js_object.body
        if body is None:  # want[p028,new,p314,p314raw]: PW205
            pass
        r = await js.fetch("https://example.com")
        if r.headers.get("etag") is not None:  # want[p028,new,p314,p314raw]: PW205
            pass
        return Response(value)

    async def queue(self, batch, env, ctx):
        for msg in batch.messages:
            if msg.body is None:  # want[p028,p314raw]: PW205
                continue
