# profile: p026 date=2025-09-01 bindings=DB:d1_databases,CACHE:kv_namespaces
# profile: p028 date=2025-11-01 bindings=DB:d1_databases,CACHE:kv_namespaces
# profile: new date=2026-07-01 sdk=1.4 packages=workers-runtime-sdk bindings=DB:d1_databases,CACHE:kv_namespaces
# Values narrowed, defaulted or converted before they reach a binding.
import os
from typing import Optional

from workers import WorkerEntrypoint


def lookup(rows, key) -> str:
    for row in rows:
        if row == key:
            return row
    raise KeyError(key)


def always(rows):
    with open("x") as f:
        return f.read()


async def save_safe(db, note):
    if note is None:
        note = ""
    await db.prepare("INSERT INTO notes VALUES (?)").bind(note).run()


async def save_guarded(db, note):
    if note is not None:
        await db.prepare("INSERT INTO notes VALUES (?)").bind(note).run()


def rows_of(data):
    for row in data:
        yield row


class SafeEnv:
    def __init__(self, env):
        self.env = env


class Default(WorkerEntrypoint):
    async def fetch(self, request):
        data = await request.json()
        title = data.get("title")
        body = data.get("body") or ""
        await self.env.DB.prepare("q").bind(body).run()
        await self.env.DB.prepare("q").bind(data.get("x", "")).run()
        await self.env.DB.prepare("q").bind(title if title is not None else "").run()
        await self.env.DB.prepare("q").bind(title or "untitled").run()
        await self.env.DB.prepare("q").bind(lookup(data, "owner")).run()
        await self.env.DB.prepare("q").bind(always(data)).run()
        await self.env.DB.prepare("q").bind(os.environ.get("HOME", "/")).run()
        await save_safe(self.env.DB, data.get("note"))
        await save_guarded(self.env.DB, data.get("note"))
        await SafeEnv(self.env).env.DB.prepare("q").bind(title).run()
        if (tag := data.get("tag")) is not None:
            await self.env.DB.prepare("q").bind(tag).run()
        if title:
            await self.env.DB.prepare("q").bind(title).run()
        if isinstance(title, str):
            await self.env.DB.prepare("q").bind(title).run()
        await self.env.DB.prepare("q").bind(title and "x" or "y").run()
        for row in rows_of(data):
            await self.env.DB.prepare("q").bind(row).run()
        if title is None:
            return None
        await self.env.DB.prepare("q").bind(title).run()
        return None

    async def update(self, bio: Optional[str], uid: int):
        if not bio:
            raise ValueError("bio")
        assert uid
        await self.env.DB.prepare("q").bind(bio, uid).run()
        items = [bio, uid]
        await self.env.DB.prepare("q").bind(*items).run()
        for key in ["a", "b"]:
            value = self.cache.get(key)
            if value is None:
                continue
            await self.env.DB.prepare("q").bind(value).run()
        name = str(bio)
        await self.env.DB.prepare("q").bind(name).run()
