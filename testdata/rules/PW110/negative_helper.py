# With a Default class, a module function fetch(request, env) is a helper.
# profile: new date=2025-11-01 main=true
from workers import Response, WorkerEntrypoint


async def fetch(request, env):
    return Response("shared")


class Default(WorkerEntrypoint):
    async def fetch(self, request):
        return await fetch(request, self.env)
