# profile: p028 date=2025-11-01 bindings=DB:d1_databases,CACHE:kv_namespaces
from workers import WorkerEntrypoint


class Default(WorkerEntrypoint):
    async def fetch(self, request):
        await self.env.DB.prepar("q")
        return await self.env.CACHE.gett("k")
