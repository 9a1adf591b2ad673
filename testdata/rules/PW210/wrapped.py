# profile: new date=2026-07-01 sdk=1.4 packages=workers-runtime-sdk bindings=DB:d1_databases,CACHE:kv_namespaces
from workers import WorkerEntrypoint


class Default(WorkerEntrypoint):
    async def fetch(self, request):
        # The SDK converts dict arguments of binding calls.
        await self.env.CACHE.put("k", "v", {"expirationTtl": 60})
