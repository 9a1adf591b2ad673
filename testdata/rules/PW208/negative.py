# profile: p026 date=2025-09-01 bindings=DB:d1_databases,CACHE:kv_namespaces,FILES:r2_buckets
# profile: p028 date=2025-11-01 bindings=DB:d1_databases,CACHE:kv_namespaces,FILES:r2_buckets
from workers import WorkerEntrypoint


class Default(WorkerEntrypoint):
    async def fetch(self, request):
        row = (await self.env.DB.prepare("q").first()).to_py()
        name = row["name"]
        result = await self.env.DB.prepare("q").all()
        for r in result.results:
            print(r.name)
        first = result.results[0]
        count = len(result.results)
        column = await self.env.DB.prepare("q").first("name")
        table = await self.env.DB.prepare("q").raw()
        cell = table[0][1]
        data = await request.json()
        obj = await self.env.FILES.get("k")
        wrapped = await SafeEnv(self.env).DB.prepare("q").first()
        # row["name"] on a raw row
        text = 'row["name"]'
        return name, first.id, count, column.upper(), cell, data["x"], obj.size, wrapped["x"], text

    async def queue(self, batch, env, ctx):
        for msg in batch.messages:
            print(msg.body[0], msg.body.to_py()["id"])
