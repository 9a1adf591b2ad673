# profile: p028 date=2025-11-01 bindings=DB:d1_databases,CACHE:kv_namespaces
# profile: new date=2026-07-01 sdk=1.4 packages=workers-runtime-sdk bindings=DB:d1_databases,CACHE:kv_namespaces
import js
from js import Object
from pyodide.ffi import to_js
from workers import WorkerEntrypoint


class Default(WorkerEntrypoint):
    async def fetch(self, request):
        headers = {"content-type": "text/plain"}
        a = js.Response.new("ok", status=200, headers=headers)
        b = js.Response.new("ok", to_js({"status": 200}, dict_converter=Object.fromEntries))
        js.console.log({"debug": True})
        helper({"a": 1})
        await SafeEnv(self.env).CACHE.put("k", "v", {"expirationTtl": 60})
        c = js.Object.fromEntries([("a", 1)])
        # js.Response.new("bad", {"status": 400})
        return a, b, c, "js.fetch(url, {})"
