# profile: new date=2025-11-01 main=true
from workers import Response, WorkerEntrypoint


class Default(WorkerEntrypoint):
    async def fetch(self, request, env):
        value = await env.CACHE.get("k")
        return Response(value)

    async def scheduled(self, controller):
        print(controller.cron)
