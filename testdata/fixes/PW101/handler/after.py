# profile: new date=2025-11-01 main=true
from workers import Response, handler, WorkerEntrypoint


class Default(WorkerEntrypoint):
    async def scheduled(self, controller, env, ctx):
        await env.QUEUE.send(controller.cron)
