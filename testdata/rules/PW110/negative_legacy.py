# Legacy handlers: on_fetch methods and a named entrypoint beside on_fetch are right.
# profile: legacy date=2025-01-01 main=true
from workers import DurableObject, Response, WorkerEntrypoint


async def on_fetch(request, env):
    return Response("hello")


class Counter(DurableObject):
    async def on_fetch(self, request):
        return Response("1")

    async def on_alarm(self):
        pass


class Admin(WorkerEntrypoint):
    async def on_fetch(self, request):
        return Response("named entrypoint")


async def fetch(request, env):
    """A helper the legacy handler delegates to."""
    return Response("shared")
