# profile: p028 date=2025-11-01 bindings=DB:d1_databases,CACHE:kv_namespaces,JOBS:queues.producers,HD:hyperdrive,FLOW:workflows
# profile: new date=2026-07-01 sdk=1.4 packages=workers-runtime-sdk bindings=DB:d1_databases,CACHE:kv_namespaces,JOBS:queues.producers,HD:hyperdrive,FLOW:workflows
from workers import WorkerEntrypoint


class Default(WorkerEntrypoint):
    async def fetch(self, request):
        await self.env.CACHE.prepare("q")  # want: PW402
        await self.env.CACHE.get_with_metadata("k")  # want: PW402
        await self.env.JOBS.get("x")  # want: PW402
        await self.env.DB.prepar("q")  # want: PW402
        kv = self.env.CACHE
        await kv.fetch("k")  # want: PW402
        dsn = self.env.HD.connection_string  # want: PW402
        await self.env.FLOW.create_batch([])  # want[p028]: PW402
        return dsn
