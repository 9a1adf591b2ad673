# profile: p026 date=2025-09-01 bindings=DB:d1_databases
# profile: p028 date=2025-11-01 bindings=DB:d1_databases
# Helpers imported by cross_module.py.
from typing import Optional


async def save_note(db, note):
    await db.prepare("INSERT INTO notes VALUES (?)").bind(note).run()


async def save_checked(db, note):
    if note is None:
        return
    await db.prepare("INSERT INTO notes VALUES (?)").bind(note).run()


def owner(rows) -> Optional[str]:
    for row in rows:
        return row
    return None


async def save_forwarded(db, note):
    await save_note(db, note)
