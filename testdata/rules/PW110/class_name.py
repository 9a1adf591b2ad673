# profile: new date=2025-11-01 main=true
from workers import Response, WorkerEntrypoint


class Worker(WorkerEntrypoint):  # want: PW110
    async def fetch(self, request):
        return Response("hello")
