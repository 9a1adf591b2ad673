import httpx
from workers import Response, WorkerEntrypoint


class Default(WorkerEntrypoint):
    async def fetch(self, request):
        async with httpx.AsyncClient() as client:
            r = await client.get("https://example.com")
        return Response(r.text)
