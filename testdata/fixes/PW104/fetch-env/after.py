# profile: new date=2025-11-01 main=true
from workers import Response, WorkerEntrypoint


class Default(WorkerEntrypoint):
    async def fetch(self, request):
        value = await self.env.CACHE.get("k")
        return Response(value)

    async def scheduled(self, controller, env, ctx):
        print(controller.cron)
