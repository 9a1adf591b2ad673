# profile: new date=2026-07-01 sdk=1.4 packages=workers-runtime-sdk bindings=DB:d1_databases,CACHE:kv_namespaces,FILES:r2_buckets
# profile: p314 date=2026-07-01 flags=python_workers_20260610 sdk=1.4 packages=workers-runtime-sdk bindings=DB:d1_databases,CACHE:kv_namespaces,FILES:r2_buckets
import json

from workers import WorkerEntrypoint


class Default(WorkerEntrypoint):
    async def fetch(self, request):
        # The SDK converts binding results to Python values.
        row = await self.env.DB.prepare("q").first()
        result = await self.env.DB.prepare("q").all()
        return row["name"], result["results"], json.dumps(result["results"])

    async def queue(self, batch, env, ctx):
        for msg in batch.messages:
            print(msg.body["id"])
