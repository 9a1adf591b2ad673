"""Producer and consumer of one queue, on the built-in SDK: the queue
binding is a raw JavaScript object, so values are converted by hand."""

from js import Object
from pyodide.ffi import to_js
from workers import Response, WorkerEntrypoint


class Default(WorkerEntrypoint):
    async def fetch(self, request):
        if request.method != "POST":
            return Response("POST a JSON job", status=405)
        job = await request.json()
        if "url" not in job:
            return Response.json({"error": "url is required"}, status=400)
        message = {"url": job["url"], "width": job.get("width", 256)}
        await self.env.JOBS.send(to_js(message, dict_converter=Object.fromEntries))
        return Response.json({"queued": job["url"]}, status=202)

    async def queue(self, batch, env, ctx):
        for message in batch.messages:
            job = message.body.to_py()
            try:
                print(f"thumbnail {job['url']} at {job['width']}px")
                message.ack()
            except Exception as exc:
                print(f"retrying {message.id}: {exc}")
                message.retry()
