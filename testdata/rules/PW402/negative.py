# profile: p028 date=2025-11-01 bindings=DB:d1_databases,CACHE:kv_namespaces,HD:hyperdrive,SVC:services,API_URL:vars,FLOW:workflows
# profile: new date=2026-07-01 sdk=1.4 packages=workers-runtime-sdk bindings=DB:d1_databases,CACHE:kv_namespaces,HD:hyperdrive,SVC:services,API_URL:vars,FLOW:workflows
from workers import WorkerEntrypoint


class Default(WorkerEntrypoint):
    async def fetch(self, request):
        meta = await self.env.CACHE.getWithMetadata("k")
        rows = await self.env.DB.withSession().prepare("q").all()
        dsn = self.env.HD.connectionString
        answer = await self.env.SVC.any_rpc_method(1)
        url = self.env.API_URL.lower()
        flow = await self.env.FLOW.createBatch([])
        proxy = self.env.CACHE.to_py
        # self.env.CACHE.prepare("q")
        return meta, rows, dsn, answer, url, flow, proxy
