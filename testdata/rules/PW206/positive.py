# profile: p026 date=2025-09-01
# profile: new date=2026-07-01 sdk=1.4 packages=workers-runtime-sdk
# profile: p314 date=2026-07-01 flags=python_workers_20260610 sdk=1.4 packages=workers-runtime-sdk
import js
from pyodide.ffi import create_proxy
from pyodide.ffi import create_proxy as cp
from workers import WorkerEntrypoint


class Default(WorkerEntrypoint):
    async def fetch(self, request):
        js.setTimeout(create_proxy(lambda: None), 10)  # want: PW206
        cb = cp(self.on_event)  # want: PW206
        js.addEventListener("x", cb)

    def on_event(self, event):
        return event


async def helper(env):
    proxy = create_proxy(env)  # want: PW206
    other = create_proxy(env)
    other.destroy()
    return proxy.typeof
