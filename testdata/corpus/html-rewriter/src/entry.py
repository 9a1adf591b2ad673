"""Proxy a site and make its relative links absolute with HTMLRewriter.
The element handler is a proxy handed to JavaScript, destroyed once the
rewritten body has been read."""

from js import HTMLRewriter
from pyodide.ffi import create_proxy
from workers import Response, WorkerEntrypoint, fetch

ORIGIN = "https://example.com"


class AbsoluteLinks:
    def __init__(self, origin):
        self.origin = origin

    def element(self, element):
        href = element.getAttribute("href")
        if href and href.startswith("/"):
            element.setAttribute("href", self.origin + href)


class Default(WorkerEntrypoint):
    async def fetch(self, request):
        upstream = await fetch(ORIGIN + "/")
        handler = create_proxy(AbsoluteLinks(ORIGIN))
        try:
            rewritten = HTMLRewriter.new().on("a[href]", handler).transform(upstream.js_object)
            body = await rewritten.text()
        finally:
            handler.destroy()
        return Response(body, headers={"content-type": "text/html; charset=utf-8"})
