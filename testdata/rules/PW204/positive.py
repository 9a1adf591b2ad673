# profile: p026 date=2025-09-01 bindings=DB:d1_databases,CACHE:kv_namespaces
# profile: p028 date=2025-11-01 bindings=DB:d1_databases,CACHE:kv_namespaces
# profile: new date=2026-07-01 sdk=1.4 packages=workers-runtime-sdk bindings=DB:d1_databases,CACHE:kv_namespaces
# profile: p314 date=2026-07-01 flags=python_workers_20260610 sdk=1.4 packages=workers-runtime-sdk bindings=DB:d1_databases,CACHE:kv_namespaces
from workers import DurableObject, WorkerEntrypoint, import_from_javascript


class Default(WorkerEntrypoint):
    async def fetch(self, request):
        db = self.env.DB
        await db.prepare("UPDATE t SET a = ? WHERE id = ?").bind(None, 1).run()  # want[p026,p028]: PW204
        missing = None
        await self.env.CACHE.put("k", missing)  # want[p026,p028]: PW204
        await self.env.CACHE.put("k", "v", metadata=None)  # want[p026,p028]: PW204
        cf = import_from_javascript("cloudflare:workers")
        await cf.env.DB.prepare("q").bind(None).run()  # want: PW204


class Counter(DurableObject):
    async def fetch(self, request):
        await self.ctx.storage.put("k", None)  # want[p026,p028]: PW204


async def save(env, uid):
    stmt = env.DB.prepare("UPDATE t SET a = ? WHERE id = ?")
    await stmt.bind(None, uid).run()  # want[p026,p028]: PW204
