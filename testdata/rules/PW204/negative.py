# profile: p026 date=2025-09-01 bindings=DB:d1_databases,CACHE:kv_namespaces
# profile: p028 date=2025-11-01 bindings=DB:d1_databases,CACHE:kv_namespaces
from workers import WorkerEntrypoint


class Default(WorkerEntrypoint):
    async def fetch(self, request):
        # The app's own wrapper converts arguments; it is not a raw binding.
        db = SafeEnv(self.env).DB
        await db.prepare("q").bind(None).run()
        await self.env.DB.prepare("q").bind(NULL).run()
        helper(None)
        text = "self.env.DB.prepare('q').bind(None)"
        # await self.env.DB.prepare("q").bind(None).run()
        value = 1
        await self.env.CACHE.put("k", value)
        return text


NULL = object()


def configure(env):
    # Not the Worker's env: a library object that happens to be called env.
    env.globals.update(None)
