# profile: p026 date=2025-09-01 bindings=DB:d1_databases
# profile: p028 date=2025-11-01 bindings=DB:d1_databases
# profile: new date=2026-07-01 sdk=1.4 packages=workers-runtime-sdk bindings=DB:d1_databases
# Methods of the Worker class that bind a parameter, called on self with a
# value that may be None: reported at the call.
from workers import WorkerEntrypoint


class Default(WorkerEntrypoint):
    async def save(self, value):
        await self.env.DB.prepare("INSERT INTO t (v) VALUES (?)").bind(value).run()

    async def save_kw(self, key, value=""):
        await self.env.DB.prepare("INSERT INTO t (k, v) VALUES (?, ?)").bind(key, value).run()

    async def save_to(self, db, value):
        await db.prepare("INSERT INTO t (v) VALUES (?)").bind(value).run()

    async def route(self, value):
        return await self.save(value)

    async def fetch(self, request):
        data = await request.json()
        await self.save(data.get("title"))  # want[p026,p028]: PW204
        await self.save_kw("k", value=data.get("body"))  # want[p026,p028]: PW204
        await self.save_to(self.env.DB, data.get("note"))  # want[p026,p028]: PW204
        await self.save(data.get("title") or "")
        await self.save(data["title"])
        title = data.get("title")
        if title is None:
            return None
        await self.save(title)
        await self.save(*[data.get("x")])
        await self.route(data.get("t"))
        other = Plain(self.env.DB)
        await other.save(data.get("y"))
        return None


class Plain:
    def __init__(self, db):
        self.db = db

    async def save(self, value):
        await self.db.prepare("INSERT INTO t (v) VALUES (?)").bind(value).run()

    async def run(self, data):
        await self.save(data.get("z"))


class KeywordOnly(WorkerEntrypoint):
    async def save(self, *, value):
        await self.env.DB.prepare("INSERT INTO t (v) VALUES (?)").bind(value).run()

    async def fetch(self, request):
        data = await request.json()
        await self.save(value=data.get("v"))  # want[p026,p028]: PW204
        await self.save(value=data.get("v") or "")
        return None
