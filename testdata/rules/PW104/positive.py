# profile: new date=2025-11-01 main=true
# profile: v314 date=2026-07-01 flags=python_workers_20260610 main=true packages=workers-runtime-sdk
from workers import DurableObject, Response, WorkerEntrypoint, WorkflowEntrypoint


class Default(WorkerEntrypoint):
    async def fetch(self, request, env):  # want: PW104
        return Response("env is self.env")

    async def scheduled(self, controller):  # want: PW104
        pass

    async def queue(self, batch, env, ctx, extra):  # want: PW104
        pass

    async def email(self, message, env, ctx, *, reply):  # want: PW104
        pass


class Room(DurableObject):
    async def fetch(self, request, env, ctx):  # want: PW104
        return Response("")

    async def webSocketMessage(self, ws, message, extra):  # want: PW104
        pass


class Pipeline(WorkflowEntrypoint):
    async def run(self, event):  # want: PW104
        pass
