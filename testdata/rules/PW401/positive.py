# profile: p028 date=2025-11-01 bindings=DB:d1_databases,CACHE:kv_namespaces,API_URL:vars
# profile: new date=2026-07-01 sdk=1.4 packages=workers-runtime-sdk bindings=DB:d1_databases,CACHE:kv_namespaces,API_URL:vars
import workers
from workers import WorkerEntrypoint


class Default(WorkerEntrypoint):
    async def fetch(self, request):
        a = await self.env.DATABSE.prepare("q").all()  # want: PW401
        b = self.env.CAHCE  # want: PW401
        c = await self.env.SESSIONS.get("k")  # want: PW401
        d = self.env.db  # want: PW401
        env = self.env
        e = env.API_ULR  # want: PW401
        return a, b, c, d, e


async def helper(env):
    return await env.STORAGE.put("k", "v")  # want: PW401


def module_env():
    return workers.env.CACHEE.get("k")  # want: PW401
