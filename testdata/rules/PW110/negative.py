# profile: new date=2025-11-01 main=true
from workers import Response, WorkerEntrypoint, fetch


async def fetch_json(request, env):
    return await fetch("https://example.com")


class Default(WorkerEntrypoint):
    async def fetch(self, request):
        return Response("hello")

    async def on_event(self, payload):
        """An RPC method that happens to start with on_."""


class Admin(WorkerEntrypoint):
    async def fetch(self, request):
        return Response("a named entrypoint next to Default")
