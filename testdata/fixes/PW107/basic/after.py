# profile: new date=2025-11-01 main=true
from workers import Response, WorkerEntrypoint


class Default(WorkerEntrypoint):
    async def fetch(self, request):
        data = await request.json()
        name = data["name"]
        return Response(f"{name} {(await request.json())['email']}")
