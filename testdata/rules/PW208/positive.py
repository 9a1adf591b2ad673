# profile: p026 date=2025-09-01 bindings=DB:d1_databases,CACHE:kv_namespaces,FILES:r2_buckets
# profile: p028 date=2025-11-01 bindings=DB:d1_databases,CACHE:kv_namespaces,FILES:r2_buckets
# profile: new date=2026-07-01 sdk=1.4 packages=workers-runtime-sdk bindings=DB:d1_databases,CACHE:kv_namespaces,FILES:r2_buckets
import json

from workers import Response, WorkerEntrypoint


class Default(WorkerEntrypoint):
    async def fetch(self, request):
        row = await self.env.DB.prepare("SELECT * FROM t WHERE id = ?").bind(1).first()
        name = row["name"]  # want[p026,p028]: PW208
        result = await self.env.DB.prepare("SELECT * FROM t").all()
        rows = result["results"]  # want[p026,p028]: PW208
        for r in result.results:
            r.get("name")  # want[p026,p028]: PW208
        text = json.dumps(result.results)  # want[p026,p028]: PW208
        listing = await self.env.CACHE.list()
        for key in listing:  # want[p026,p028]: PW208
            print(key)
        first = (await self.env.DB.prepare("SELECT 1").all()).results[0]["id"]  # want[p026,p028]: PW208
        return Response(name + text), rows, first

    async def queue(self, batch, env, ctx):
        for msg in batch.messages:
            payload = msg.body["id"]  # want[p026,p028]: PW208
            print(payload, json.dumps(msg.body))  # want[p026,p028]: PW208
