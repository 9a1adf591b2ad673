# profile: legacy date=2025-01-01 main=true
from workers import Response


async def fetch(request, env, ctx):
    return Response(env.GREETING)
