# profile: lib date=2025-11-01
from workers import Response, WorkerEntrypoint


async def fetch(request, env):
    return Response("a library function")


class Worker(WorkerEntrypoint):
    async def fetch(self, request):
        return Response("imported by the main module")
