# profile: new date=2025-11-01 main=true
"""Entry point."""
from workers import Response, WorkerEntrypoint


class Default(WorkerEntrypoint):
    async def fetch(self, request):
        """Answer with the configured greeting.

        Reads GREETING from the environment.
        """
        query = """
SELECT greeting
FROM settings"""
        row = await self.env.DB.prepare(query).first()
        self.ctx.wait_until(log(row))
        return Response(self.env.GREETING)


async def log(row):
    print(row)
