# profile: p026 date=2025-09-01 bindings=DB:d1_databases,CACHE:kv_namespaces
# profile: p028 date=2025-11-01 bindings=DB:d1_databases,CACHE:kv_namespaces
# profile: new date=2026-07-01 sdk=1.4 packages=workers-runtime-sdk bindings=DB:d1_databases,CACHE:kv_namespaces
# A parameter passed on through a second helper to a binding call.
from workers import WorkerEntrypoint


async def insert(db, value):
    await db.prepare("INSERT INTO notes VALUES (?)").bind(value).run()


async def save_note(db, note):
    await insert(db, note)


async def save_by_keyword(db, note):
    await insert(value=note, db=db)


async def save_env(env, note):
    await insert(env.DB, note)


async def save_deep(db, note):
    await save_note(db, note)


async def save_checked(db, note):
    if note is None:
        return
    await insert(db, note)


async def save_default(db, note):
    await insert(db, note or "")


async def save_other(db, note):
    await insert(db, "fixed")


async def ping(db, note):
    await pong(db, note)


async def pong(db, note):
    await ping(db, note)


class Default(WorkerEntrypoint):
    async def fetch(self, request):
        data = await request.json()
        db = self.env.DB
        await save_note(db, data.get("note"))  # want[p026,p028]: PW204
        await save_by_keyword(db, data.get("note"))  # want[p026,p028]: PW204
        await save_env(self.env, data.get("note"))  # want[p026,p028]: PW204
        await save_deep(db, data.get("note"))  # want[p026,p028]: PW204
        await save_checked(db, data.get("note"))
        await save_default(db, data.get("note"))
        await save_other(db, data.get("note"))
        await save_note(db, data.get("note") or "")
        await ping(db, data.get("note"))
        return None
