from urllib.parse import urlparse

from workers import Response, WorkerEntrypoint


class Default(WorkerEntrypoint):
    async def fetch(self, request):
        name = urlparse(request.url).path.strip("/") or "world"
        return Response(f"Hello, {name}!", headers={"content-type": "text/plain"})
