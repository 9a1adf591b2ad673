# profile: p026 date=2025-09-01
import js
from js import Response as JSResponse
from workers import WorkerEntrypoint
from pyodide.ffi import to_js


class Default(WorkerEntrypoint):
    async def fetch(self, request):
        return JSResponse.new("bad", to_js({"status": 400}, dict_converter=js.Object.fromEntries))
