# profile: p026 date=2025-09-01
import js
from js import Response as JSResponse
from workers import WorkerEntrypoint


class Default(WorkerEntrypoint):
    async def fetch(self, request):
        return JSResponse.new("bad", {"status": 400})
