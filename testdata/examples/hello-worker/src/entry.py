"""An example Worker with mistakes pyworkers-lsp finds."""
from pyodide.ffi import to_js, to_py
from workers import Response, WorkerEntrypoint


class Default(WorkerEntrypoint):
    async def fetch(self, request):
        rows = await self.env.DB.prepare("SELECT id, name FROM users").all()
        users = to_py(rows.results)
        headers = to_js({"content-type": "application/json"})
        return Response(str(users), headers=headers)
