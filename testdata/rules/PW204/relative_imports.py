# profile: p026 date=2025-09-01 bindings=DB:d1_databases
# profile: p028 date=2025-11-01 bindings=DB:d1_databases
# profile: new date=2026-07-01 sdk=1.4 packages=workers-runtime-sdk bindings=DB:d1_databases
# Helpers of notes_helpers.py reached by relative imports and through the module's name.
from workers import WorkerEntrypoint

from . import notes_helpers
from .notes_helpers import owner as owner_of
from .notes_helpers import save_note


class Default(WorkerEntrypoint):
    async def fetch(self, request):
        data = await request.json()
        await save_note(self.env.DB, data.get("note"))  # want[p026,p028]: PW204
        await notes_helpers.save_note(self.env.DB, data.get("note"))  # want[p026,p028]: PW204
        await self.env.DB.prepare("q").bind(owner_of(data)).run()  # want[p026,p028]: PW204
        await self.env.DB.prepare("q").bind(notes_helpers.owner(data)).run()  # want[p026,p028]: PW204
        await notes_helpers.save_checked(self.env.DB, data.get("note"))
        await save_note(self.env.DB, data.get("note") or "")
        await notes_helpers.save_note(self.env.DB, "")
        return None
