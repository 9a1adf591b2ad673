# profile: legacy date=2025-01-01 main=true
from workers import Response


async def on_fetch(request, env):
    return Response("a legacy handler is an entrypoint")
