# profile: p028 date=2025-11-01
import js
from pyodide.ffi import create_once_callable, create_proxy, destroy_proxies

# Import time: one proxy for the life of the isolate.
ON_ERROR = create_proxy(lambda e: None)


async def with_finally(target):
    handler = create_proxy(target)
    try:
        js.addEventListener("x", handler)
    finally:
        handler.destroy()


async def destroyed_together(env):
    proxies = [create_proxy(env)]
    destroy_proxies(proxies)


def factory(env):
    return create_proxy(env)


def factory2(env):
    p = create_proxy(env)
    return p


class Holder:
    def attach(self, f):
        self.callback = create_proxy(f)


def once():
    js.setTimeout(create_once_callable(lambda: None), 1)


text = "create_proxy(x)"
