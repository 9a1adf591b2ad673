# profile: p026 date=2025-09-01 bindings=DB:d1_databases
# profile: p028 date=2025-11-01 bindings=DB:d1_databases
# profile: new date=2026-07-01 sdk=1.4 packages=workers-runtime-sdk bindings=DB:d1_databases
# Methods of the same class that may return None, called on self.
from typing import Optional

from workers import WorkerEntrypoint


def first_or_none(rows):
    for row in rows:
        return row
    return None


class Store(WorkerEntrypoint):
    def __init__(self, ctx, env):
        super().__init__(ctx, env)
        self.db = env.DB
        self.data = {}

    def title(self):
        return self.data.get("title")

    def owner(self) -> Optional[str]:
        return self.data.get("owner")

    def label(self):
        return self.title()

    def first(self, rows):
        return first_or_none(rows)

    async def fetch_name(self):
        if self.data:
            return "x"

    def name(self) -> str:
        return self.data.get("name") or ""

    def slug(self):
        return "s-" + str(self.data)

    async def save(self):
        await self.db.prepare("q").bind(self.title()).run()  # want[p026,p028]: PW204
        await self.db.prepare("q").bind(self.owner()).run()  # want[p026,p028]: PW204
        await self.db.prepare("q").bind(self.label()).run()  # want[p026,p028]: PW204
        await self.db.prepare("q").bind(self.first([])).run()  # want[p026,p028]: PW204
        await self.db.prepare("q").bind(await self.fetch_name()).run()  # want[p026,p028]: PW204
        await self.db.prepare("q").bind(self.name()).run()
        await self.db.prepare("q").bind(self.slug()).run()
        await self.db.prepare("q").bind(self.title() or "").run()
        other = Helper()
        await self.db.prepare("q").bind(other.title()).run()
        t = self.title()
        if t is None:
            return None
        await self.db.prepare("q").bind(t).run()
        return None


class Helper:
    def title(self):
        return None


class Default(WorkerEntrypoint):
    def pick(self, data):
        if data:
            return data

    async def fetch(self, request):
        data = await request.json()
        await self.env.DB.prepare("q").bind(self.pick(data)).run()  # want[p026,p028]: PW204
        await self.env.DB.prepare("q").bind(self.fetch(data)).run()
        return None
