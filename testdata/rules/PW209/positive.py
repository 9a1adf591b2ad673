# profile: p028 date=2025-11-01 bindings=DB:d1_databases,CACHE:kv_namespaces,FILES:r2_buckets
# profile: new date=2026-07-01 sdk=1.4 packages=workers-runtime-sdk bindings=DB:d1_databases,CACHE:kv_namespaces,FILES:r2_buckets
# profile: p314 date=2026-07-01 flags=python_workers_20260610 sdk=1.4 packages=workers-runtime-sdk bindings=DB:d1_databases,CACHE:kv_namespaces,FILES:r2_buckets
from workers import DurableObject, WorkerEntrypoint


class Default(WorkerEntrypoint):
    async def fetch(self, request):
        row = await self.env.DB.prepare("q").first()
        user = row.to_py()  # want[new,p314]: PW209
        res = await self.env.DB.prepare("q").all()
        rows = res.results.to_py()  # want[new,p314]: PW209
        value = (await self.env.CACHE.get("k")).to_py()  # want[new,p314]: PW209
        return user, rows, value

    async def queue(self, batch, env, ctx):
        for msg in batch.messages:
            print(msg.body.to_py())  # want[new,p314]: PW209


class Counter(DurableObject):
    async def fetch(self, request):
        count = (await self.ctx.storage.get("count")).to_py()  # want[new,p314]: PW209
        return count
