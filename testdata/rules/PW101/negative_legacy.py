# Legacy global handlers are what the runtime calls before 2025-08-14.
# profile: legacy date=2025-01-01 main=true
# profile: legacy-028 date=2025-08-01 flags=python_workers_20250116 main=true
from workers import Response, handler


@handler
async def on_fetch(request, env):
    return Response("hello")


async def on_scheduled(controller, env, ctx):
    pass


def test():
    pass
