# profile: p028 date=2025-11-01 bindings=DB:d1_databases,CACHE:kv_namespaces
from pyodide.ffi import to_js
from workers import Response, WorkerEntrypoint


class Default(WorkerEntrypoint):
    async def fetch(self, request):
        row = await self.env.DB.prepare("SELECT * FROM t WHERE id = ?").bind(1).first()
        if row is None:
            return Response("not found", status=404)
        value = await self.env.CACHE.get("k")
        if value is not None and value != "":
            return Response(value)
        ok = not value == None
        return to_js(ok)
