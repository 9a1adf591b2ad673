# profile: p028 date=2025-11-01 bindings=DB:d1_databases,CACHE:kv_namespaces
from workers import WorkerEntrypoint


class Default(WorkerEntrypoint):
    async def fetch(self, request):
        data = await request.json()
        if data["x"] is None:
            pass
        x = compute()
        if x is None:
            pass
        text = "row is None"
        row = await SafeEnv(self.env).DB.prepare("q").first()
        if row is None:
            pass
        stmt = self.env.DB.prepare("q")
        if stmt is None:
            pass
        if self.env.CACHE is None:
            pass
        # if row is None:
        return text


class Guarded(WorkerEntrypoint):
    async def fetch(self, request):
        from pyodide.ffi import jsnull

        row = await self.env.DB.prepare("q").first()
        if row is None or row is jsnull:
            return None
        if not (row is not None and row is not jsnull):
            return None
        return row
