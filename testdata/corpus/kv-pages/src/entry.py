"""A tiny page store: PUT /<key> stores the body, GET /<key> returns it."""

from urllib.parse import urlparse

from workers import Response, WorkerEntrypoint


class Default(WorkerEntrypoint):
    async def fetch(self, request):
        key = urlparse(request.url).path.strip("/") or "index"
        if request.method == "PUT":
            await self.env.PAGES.put(key, await request.text())
            return Response("stored", status=201)
        if request.method != "GET":
            return Response("method not allowed", status=405)
        # The SDK converts results: a missing key is None.
        page = await self.env.PAGES.get(key)
        if page is None:
            return Response("not found", status=404)
        return Response(page, headers={"content-type": "text/html; charset=utf-8"})
