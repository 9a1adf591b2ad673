# profile: new date=2025-11-01 main=true
# profile: legacy date=2025-01-01 main=true
from workers import Response


async def fetch(request, env, ctx):  # want: PW110
    return Response("hello")


async def scheduled(controller, env, ctx):  # want: PW110
    pass
