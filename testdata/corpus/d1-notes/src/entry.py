"""Notes in D1. workers-runtime-sdk converts arguments and results, so
None binds as NULL and rows come back as dicts."""

from urllib.parse import parse_qs, urlparse

from workers import Response, WorkerEntrypoint

PAGE_SIZE = 20


class Default(WorkerEntrypoint):
    async def fetch(self, request):
        if request.method == "POST":
            return await self.create(request)
        query = parse_qs(urlparse(request.url).query)
        page = int(query.get("page", ["0"])[0])
        result = await (
            self.env.DB.prepare("SELECT id, title, body FROM notes ORDER BY id DESC LIMIT ? OFFSET ?")
            .bind(PAGE_SIZE, page * PAGE_SIZE)
            .all()
        )
        notes = [{"id": row["id"], "title": row["title"]} for row in result["results"]]
        return Response.json({"notes": notes, "page": page})

    async def create(self, request):
        note = await request.json()
        title = note.get("title")
        if not title:
            return Response.json({"error": "title is required"}, status=400)
        await self.env.DB.prepare("INSERT INTO notes (title, body) VALUES (?, ?)").bind(title, note.get("body")).run()
        return Response.json({"ok": True}, status=201)
