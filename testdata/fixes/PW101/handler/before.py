# profile: new date=2025-11-01 main=true
from workers import Response, handler


@handler
async def on_scheduled(controller, env, ctx):
    await env.QUEUE.send(controller.cron)
