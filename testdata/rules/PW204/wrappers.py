# profile: p026 date=2025-09-01 bindings=DB:d1_databases,CACHE:kv_namespaces
# profile: p028 date=2025-11-01 bindings=DB:d1_databases,CACHE:kv_namespaces
# App code that converts before calling JS: not a raw binding, no finding.
from workers import WorkerEntrypoint


class SafeEnv:
    def __init__(self, env):
        self._env = env

    def __getattr__(self, name):
        return SafeBinding(getattr(self._env, name))


class SafeBinding:
    def __init__(self, binding):
        self._b = binding


class Wrapped(WorkerEntrypoint):
    @property
    def env(self):
        return SafeEnv(self._raw_env)

    async def fetch(self, request):
        data = await request.json()
        await self.env.DB.prepare("q").bind(data.get("a")).run()
        return None


class Reassigned(WorkerEntrypoint):
    def __init__(self, ctx, env):
        super().__init__(ctx, env)
        self.env = SafeEnv(env)

    async def fetch(self, request):
        data = await request.json()
        await self.env.DB.prepare("q").bind(data.get("a")).run()
        return None


class Twice(WorkerEntrypoint):
    def __init__(self, ctx, env):
        super().__init__(ctx, env)
        self.db = env.DB

    def use_safe(self):
        self.db = SafeEnv(self.env).DB

    async def fetch(self, request):
        data = await request.json()
        await self.db.prepare("q").bind(data.get("a")).run()
        return None


async def asgi_app(scope, receive, send):
    env = scope["env"]
    await env.DB.prepare("q").bind(None).run()
