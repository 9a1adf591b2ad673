"""An example Worker with mistakes pyworkers-lsp finds."""
from pyodide.ffi import to_js, to_py
from workers import WorkerEntrypoint
import js


class Default(WorkerEntrypoint):
    async def fetch(self, request):
        rows = await self.env.DB.prepare("SELECT id, name FROM users").all()
        users = to_py(rows.results)
        init = to_js({"status": 200, "headers": {"content-type": "application/json"}})
        return js.Response.new(str(users), init)
