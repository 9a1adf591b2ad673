# profile: legacy date=2025-01-01 main=true
from workers import Response, WorkerEntrypoint


class Default(WorkerEntrypoint):
    async def on_fetch(self, request):
        return Response(self.env.GREETING)
