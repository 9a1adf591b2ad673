# profile: p028 date=2025-11-01
import js
from js import Response as JSResponse
from workers import WorkerEntrypoint


class Default(WorkerEntrypoint):
    async def fetch(self, request):
        return JSResponse.new("bad", {"status": 400})
