# profile: p026 date=2025-09-01 bindings=DB:d1_databases
# profile: p028 date=2025-11-01 bindings=DB:d1_databases
# profile: new date=2026-07-01 sdk=1.4 packages=workers-runtime-sdk bindings=DB:d1_databases
# A name bound on several paths may be None if any path leaves it None.
from workers import WorkerEntrypoint


def lookup(rows, key):
    return rows[key]


class Default(WorkerEntrypoint):
    async def fetch(self, request):
        data = await request.json()
        db = self.env.DB
        if data:
            title = data.get("title")
        else:
            title = "untitled"
        await db.prepare("q").bind(title).run()  # want[p026,p028]: PW204
        try:
            owner = lookup(data, "owner")
        except KeyError:
            owner = None
        await db.prepare("q").bind(owner).run()  # want[p026,p028]: PW204
        note = ""
        if "reset" in data:
            note = None
        await db.prepare("q").bind(note).run()  # want[p026,p028]: PW204
        if data:
            stmt = db.prepare("a")
        else:
            stmt = db.prepare("b")
        await stmt.bind(None).run()  # want[p026,p028]: PW204
        if data:
            tag = "a"
        elif "t" in data:
            tag = data.get("x")
        else:
            return None
        await db.prepare("q").bind(tag).run()  # want[p026,p028]: PW204
        return None

    async def update(self, request):
        data = await request.json()
        db = self.env.DB
        # Every path leaves a value, or a check clears the None.
        if data:
            title = data.get("title") or ""
        else:
            title = "untitled"
        await db.prepare("q").bind(title).run()
        body = data.get("body")
        if body is None:
            body = ""
        await db.prepare("q").bind(body).run()
        if data:
            kind = None
        else:
            kind = "x"
        if kind is None:
            return None
        await db.prepare("q").bind(kind).run()
        try:
            owner = lookup(data, "owner")
        except KeyError:
            return None
        await db.prepare("q").bind(owner).run()
        if data:
            tag = data.get("x")
        else:
            tag = "b"
        tag = tag or "c"
        await db.prepare("q").bind(tag).run()
        # Loops are not iterated: a value bound in one is not followed.
        last = None
        for row in data:
            last = row
        await db.prepare("q").bind(last).run()
        return None
