# profile: p028 date=2025-11-01 bindings=DB:d1_databases,CACHE:kv_namespaces,API_URL:vars
from workers import WorkerEntrypoint


class Default(WorkerEntrypoint):
    async def fetch(self, request):
        # Secrets and .dev.vars variables are not in the config: plain reads pass.
        token = self.env.API_TOKEN
        host = self.env.SECRET_HOST.lower()
        url = self.env.API_URL
        rows = await self.env.DB.prepare("q").all()
        wrapped = SafeEnv(self.env).MISSING.get("k")
        private = self.env._cache
        text = "self.env.MISSING.get('k')"
        # self.env.MISSING.get("k")
        return token, host, url, rows, wrapped, private, text


def unrelated(obj):
    return obj.env.MISSING.get("k")


def render(env, name):
    # A Jinja2 Environment is called env too.
    return env.get_template(name).render()
