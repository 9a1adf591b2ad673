"""A main module that forgot its entrypoint."""
# profile: new date=2025-11-01 main=true
import json
from workers import WorkerEntrypoint, Response


def handle(request):
    return json.dumps({})


class Default(WorkerEntrypoint):
    async def fetch(self, request):
        return Response("Hello from Python Workers")
