# profile: p028 date=2025-11-01 bindings=DB:d1_databases,CACHE:kv_namespaces
from pyodide.ffi import to_js
from workers import WorkerEntrypoint


class Default(WorkerEntrypoint):
    async def fetch(self, request):
        await self.env.DB.prepare("UPDATE t SET a = ?, b = ? WHERE id = ?").bind(None, None, 1).run()
        await self.env.CACHE.put("k", "v", metadata=None)
        return to_js([])
