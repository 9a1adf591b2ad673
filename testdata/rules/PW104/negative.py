# profile: new date=2025-11-01 main=true
# profile: v314 date=2026-07-01 flags=python_workers_20260610 main=true packages=workers-runtime-sdk
from workers import DurableObject, Response, WorkerEntrypoint, WorkflowEntrypoint


class Default(WorkerEntrypoint):
    async def fetch(self, request, env=None):
        return Response("extra parameters with defaults are fine")

    async def scheduled(self, controller, env, ctx):
        pass

    async def queue(self, *args):
        pass

    async def email(self, message, env, ctx, reply=None, **kwargs):
        pass

    async def add(self, a, b):
        """An RPC method: any signature."""
        return a + b

    @staticmethod
    def helper(x):
        return x


class Room(DurableObject):
    async def fetch(self, request):
        return Response("")

    async def webSocketMessage(self, ws, message):
        pass

    async def webSocketClose(self, ws, code, reason, was_clean):
        pass

    async def alarm(self):
        pass


class Pipeline(WorkflowEntrypoint):
    async def run(self, event, step, /):
        pass


class Plain:
    async def fetch(self, request, env):
        return Response("not an entrypoint")
