# profile: p026 date=2025-09-01 bindings=DB:d1_databases,CACHE:kv_namespaces
# profile: p028 date=2025-11-01 bindings=DB:d1_databases,CACHE:kv_namespaces
# profile: new date=2026-07-01 sdk=1.4 packages=workers-runtime-sdk bindings=DB:d1_databases,CACHE:kv_namespaces
# Values that may be None on some path, reaching a raw binding call.
import os
from typing import Optional

from workers import WorkerEntrypoint


def lookup(rows, key) -> Optional[str]:
    for row in rows:
        if row == key:
            return row
    return None


def find(rows, key):
    for row in rows:
        if row == key:
            return row


def owner_of(rows):
    return find(rows, "owner")


def pick(data: dict, key: str | None = None):
    return data.get(key)


def stub(rows) -> Optional[str]: ...


async def save_note(db, note):
    await db.prepare("INSERT INTO notes VALUES (?)").bind(note).run()


async def put_value(env, key, value):
    await env.CACHE.put(key, value)


class Default(WorkerEntrypoint):
    async def fetch(self, request):
        data = await request.json()
        title = data.get("title")
        await self.env.DB.prepare("INSERT INTO t VALUES (?)").bind(title).run()  # want[p026,p028]: PW204
        await self.env.DB.prepare("q").bind(data.get("body", None)).run()  # want[p026,p028]: PW204
        await self.env.DB.prepare("q").bind(lookup(data, "owner")).run()  # want[p026,p028]: PW204
        await self.env.DB.prepare("q").bind(owner_of(data)).run()  # want[p026,p028]: PW204
        await self.env.DB.prepare("q").bind(pick(data, "x")).run()  # want[p026,p028]: PW204
        await save_note(self.env.DB, data.get("note"))  # want[p026,p028]: PW204
        await put_value(self.env, "k", os.environ.get("MISSING"))  # want[p026,p028]: PW204
        params = [title, 1]
        await self.env.DB.prepare("q").bind(*params).run()  # want[p026,p028]: PW204
        args = []
        args.append(data.get("name"))
        await self.env.DB.prepare("q").bind(*args).run()  # want[p026,p028]: PW204
        a, b = data.get("a"), 2
        await self.env.DB.prepare("q").bind(a, b).run()  # want[p026,p028]: PW204
        cover = getattr(request, "cover", None)
        await self.env.DB.prepare("q").bind(cover).run()  # want[p026,p028]: PW204
        first = next(iter(data), None)
        await self.env.DB.prepare("q").bind(first).run()  # want[p026,p028]: PW204
        label = title and title.strip()
        await self.env.DB.prepare("q").bind(label).run()  # want[p026,p028]: PW204
        other = title if request else None
        await self.env.DB.prepare("q").bind(other).run()  # want[p026,p028]: PW204
        if title:
            pass
        # A guard that does not leave: title may still be None here.
        await self.env.DB.prepare("q").bind(title).run()  # want[p026,p028]: PW204
        return None

    async def update(self, bio: Optional[str], uid: int, note=None):
        await self.env.DB.prepare("q").bind(bio, uid).run()  # want[p026,p028]: PW204
        await self.env.DB.prepare("q").bind(note).run()  # want[p026,p028]: PW204
        await self.env.DB.prepare("q").bind(stub(bio)).run()  # want[p026,p028]: PW204


class Lookups(WorkerEntrypoint):
    async def fetch(self, request):
        cached = await self.env.CACHE.get("k")
        await self.env.DB.prepare("q").bind(cached).run()  # want[p026]: PW204
        row = await self.env.DB.prepare("q").first()
        await self.env.CACHE.put("k", row)  # want[p026]: PW204
        return None
