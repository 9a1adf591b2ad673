# profile: p028 date=2025-11-01 bindings=DB:d1_databases,CACHE:kv_namespaces
import json

from workers import WorkerEntrypoint


class Default(WorkerEntrypoint):
    async def fetch(self, request):
        row = await self.env.DB.prepare("SELECT * FROM t WHERE id = ?").bind(1).first()
        name = row.to_py()["name"]
        result = await self.env.DB.prepare("SELECT * FROM t").all()
        text = json.dumps(result.results.to_py())
        return name, text
