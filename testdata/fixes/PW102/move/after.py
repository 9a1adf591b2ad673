# profile: new date=2025-11-01 main=true
from workers import Response, WorkerEntrypoint


class Default(WorkerEntrypoint):
    async def fetch(self, request):
        return Response("hello")

    async def scheduled(self, controller, env, ctx):
        await cleanup(env)


async def cleanup(env):
    pass
