"""Records when its cron trigger last ran."""

from datetime import datetime, timezone

from workers import Response, WorkerEntrypoint


class Default(WorkerEntrypoint):
    async def fetch(self, request):
        last = await self.env.STATE.get("last_run")
        return Response(f"last run: {last or 'never'}")

    async def scheduled(self, controller, env, ctx):
        ran_at = datetime.fromtimestamp(controller.scheduledTime / 1000, tz=timezone.utc)
        await self.env.STATE.put("last_run", ran_at.isoformat())
        print(f"{controller.cron} ran at {ran_at.isoformat()}")
