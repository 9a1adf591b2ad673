# profile: p026 date=2025-09-01 bindings=DB:d1_databases,CACHE:kv_namespaces,COUNTER:durable_objects
# profile: p028 date=2025-11-01 bindings=DB:d1_databases,CACHE:kv_namespaces,COUNTER:durable_objects
# profile: p314 date=2026-03-01 flags=python_workers_20260610 bindings=DB:d1_databases,CACHE:kv_namespaces,COUNTER:durable_objects
import js
from js import Object
from pyodide.ffi import to_js
from workers import WorkerEntrypoint


class Default(WorkerEntrypoint):
    async def fetch(self, request):
        headers = {"content-type": "text/plain"}
        # Keyword arguments arrive as a plain object on every runtime.
        a = js.Response.new("ok", status=200, headers=headers)
        b = js.Response.new("ok", to_js({"status": 200}, dict_converter=Object.fromEntries))
        # Receivers the table does not know: no finding.
        js.console.log({"debug": True})
        js.myLibrary.configure({"a": 1})
        helper({"a": 1})
        await SafeEnv(self.env).CACHE.put("k", "v", {"expirationTtl": 60})
        c = js.Object.fromEntries([("a", 1)])
        # js.Response.new("bad", {"status": 400})
        return a, b, c, "js.fetch(url, {})"
