# profile: p026 date=2025-09-01 bindings=DB:d1_databases
# profile: p028 date=2025-11-01 bindings=DB:d1_databases
# profile: new date=2026-07-01 sdk=1.4 packages=workers-runtime-sdk bindings=DB:d1_databases
# Helpers in another module of the Worker (notes_helpers.py).
from notes_helpers import owner, save_checked, save_forwarded, save_note
from workers import WorkerEntrypoint


class Default(WorkerEntrypoint):
    async def fetch(self, request):
        data = await request.json()
        await save_note(self.env.DB, data.get("note"))  # want[p026,p028]: PW204
        await save_note(self.env.DB, data.get("note") or "")
        await save_checked(self.env.DB, data.get("note"))
        await save_forwarded(self.env.DB, data.get("note"))  # want[p026,p028]: PW204
        await save_forwarded(self.env.DB, "")
        await self.env.DB.prepare("q").bind(owner(data)).run()  # want[p026,p028]: PW204
        return None
