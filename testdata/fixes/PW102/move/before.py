# profile: new date=2025-11-01 main=true
from workers import Response, WorkerEntrypoint


async def on_scheduled(controller, env, ctx):
    await cleanup(env)


class Default(WorkerEntrypoint):
    async def fetch(self, request):
        return Response("hello")


async def cleanup(env):
    pass
