# profile: p026 date=2025-09-01 bindings=DB:d1_databases
# profile: p028 date=2025-11-01 bindings=DB:d1_databases
# profile: new date=2026-07-01 sdk=1.4 packages=workers-runtime-sdk bindings=DB:d1_databases
# Raw rows reached through attributes and converted with dict().
from workers import WorkerEntrypoint


class Default(WorkerEntrypoint):
    def __init__(self, ctx, env):
        super().__init__(ctx, env)
        self.db = env.DB

    async def fetch(self, request):
        row = await self.db.prepare("SELECT * FROM t").first()
        user = dict(row)  # want[p026,p028]: PW208
        name = row["name"]  # want[p026,p028]: PW208
        result = await self.db.prepare("SELECT * FROM t").all()
        users = [dict(r) for r in result.results]  # want[p026,p028]: PW208
        ok = dict(row.to_py())  # want[new]: PW209
        pairs = dict(await self.db.prepare("SELECT k, v FROM t").raw())
        return user, name, users, ok, pairs
