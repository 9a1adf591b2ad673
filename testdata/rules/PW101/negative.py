# profile: new date=2025-11-01 main=true
# profile: lib date=2026-01-10
from workers import Response, WorkerEntrypoint

# async def on_fetch(request, env):
EXAMPLE = """
async def on_fetch(request, env):
    return Response("hello")
"""


class Router:
    async def on_fetch(self, request):
        return Response("a method of an ordinary class")


def make_app():
    async def on_fetch(request):
        return Response("a nested function is no global handler")

    return on_fetch


class Default(WorkerEntrypoint):
    async def fetch(self, request):
        return await Router().on_fetch(request)
