# profile: p028 date=2025-11-01 bindings=DB:d1_databases,CACHE:kv_namespaces
from workers import WorkerEntrypoint


class Default(WorkerEntrypoint):
    async def fetch(self, request):
        a = await self.env.DATABSE.prepare("q").all()
        b = self.env.CAHCE
        return a, b
