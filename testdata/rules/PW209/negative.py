# profile: new date=2026-07-01 sdk=1.4 packages=workers-runtime-sdk bindings=DB:d1_databases,CACHE:kv_namespaces,FILES:r2_buckets
import js
from workers import WorkerEntrypoint, import_from_javascript


class Default(WorkerEntrypoint):
    async def fetch(self, request):
        obj = await self.env.FILES.get("k")
        meta = obj.to_py()
        r = await js.fetch("https://example.com")
        payload = (await r.json()).to_py()
        cf = import_from_javascript("cloudflare:workers")
        raw = (await cf.env.DB.prepare("q").first()).to_py()
        other = helper().to_py()
        # row.to_py()
        return meta, payload, raw, other
