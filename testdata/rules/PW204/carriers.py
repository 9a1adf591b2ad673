# profile: p026 date=2025-09-01 bindings=DB:d1_databases,CACHE:kv_namespaces
# profile: p028 date=2025-11-01 bindings=DB:d1_databases,CACHE:kv_namespaces
# profile: new date=2026-07-01 sdk=1.4 packages=workers-runtime-sdk bindings=DB:d1_databases,CACHE:kv_namespaces
# Bindings kept on attributes of the entrypoint.
from workers import DurableObject, WorkerEntrypoint


class Default(WorkerEntrypoint):
    def __init__(self, ctx, env):
        super().__init__(ctx, env)
        self.db = env.DB
        self.cache = self.env.CACHE

    async def fetch(self, request):
        data = await request.json()
        await self.db.prepare("q").bind(data.get("a")).run()  # want[p026,p028]: PW204
        await self.cache.put("k", data.get("v"))  # want[p026,p028]: PW204
        return None


class Room(DurableObject):
    def __init__(self, ctx, env):
        super().__init__(ctx, env)
        self.storage = ctx.storage

    async def fetch(self, request):
        await self.storage.put("k", None)  # want[p026,p028]: PW204
        return None
