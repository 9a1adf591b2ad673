# Before 2025-08-14 the runtime calls on_fetch on the class.
# profile: legacy date=2025-01-01 main=true
from workers import Response, WorkerEntrypoint


class Default(WorkerEntrypoint):
    async def on_fetch(self, request, env):  # want: PW104
        return Response("")

    async def scheduled(self, controller, env, ctx):
        pass
