# profile: p026 date=2025-09-01 bindings=DB:d1_databases
# profile: p028 date=2025-11-01 bindings=DB:d1_databases
# profile: new date=2026-07-01 sdk=1.4 packages=workers-runtime-sdk bindings=DB:d1_databases
# d.get(k) where `k in d` was checked finds its key: not None.
import os

from workers import WorkerEntrypoint


class Default(WorkerEntrypoint):
    async def fetch(self, request):
        data = await request.json()
        db = self.env.DB
        # Negatives: the key is known to be present.
        await db.prepare("q").bind(data.get("a") if "a" in data else "").run()
        if "b" in data:
            await db.prepare("q").bind(data.get("b")).run()
        if "c" not in data:
            return None
        await db.prepare("q").bind(data.get("c")).run()
        d = data.get("d")
        if "d" in data and d:
            await db.prepare("q").bind(d).run()
        e = data.get("e")
        if "e" in data:
            await db.prepare("q").bind(e).run()
        if "HOME" in os.environ:
            await db.prepare("q").bind(os.environ.get("HOME")).run()
        assert "f" in data
        await db.prepare("q").bind(data.get("f")).run()
        return None

    async def update(self, request):
        data = await request.json()
        other = await request.json()
        db = self.env.DB
        # Positives: a different key, a different dict, the wrong branch.
        if "a" in data:
            await db.prepare("q").bind(data.get("b")).run()  # want[p026,p028]: PW204
            await db.prepare("q").bind(other.get("a")).run()  # want[p026,p028]: PW204
        else:
            await db.prepare("q").bind(data.get("a")).run()  # want[p026,p028]: PW204
        if "c" not in data:
            await db.prepare("q").bind(data.get("c")).run()  # want[p026,p028]: PW204
        await db.prepare("q").bind(data.get("d") if "d" in data else None).run()  # want[p026,p028]: PW204
        if "e" in data or "x" in data:
            await db.prepare("q").bind(data.get("e")).run()  # want[p026,p028]: PW204
        return None
