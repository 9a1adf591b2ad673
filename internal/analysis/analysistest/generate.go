package analysistest

import (
	"bytes"
	"fmt"
)

// GenerateWorker returns a realistic Worker module of about n lines:
// imports, helpers, a Default entrypoint with many handler methods using
// bindings and the FFI, and a Durable Object. It seeds one PW201 finding
// so analyses always have something to report.
func GenerateWorker(n int) []byte {
	var b bytes.Buffer
	b.WriteString(`"""Generated Worker module for benchmarks."""
import json
import js
from pyodide.ffi import to_js, create_proxy, to_py
from workers import WorkerEntrypoint, DurableObject, Response


def render(rows):
    out = []
    for row in rows:
        out.append({"id": row["id"], "name": row["name"]})
    return json.dumps(out)


class Default(WorkerEntrypoint):
    async def fetch(self, request):
        url = js.URL.new(request.url)
        return Response(render([]), headers={"content-type": "application/json"})

`)
	lines := bytes.Count(b.Bytes(), []byte("\n"))
	for i := 0; lines < n-40; i++ {
		fmt.Fprintf(&b, `    async def handler_%d(self, request, key="k%d"):
        """Handle route %d."""
        data = await request.json()
        cached = await self.env.CACHE.get(key)
        if cached is not None:
            return Response(cached)
        rows = await self.env.DB.prepare("SELECT * FROM t WHERE id = ?").bind(data["id"]).all()
        payload = to_js({"id": %d, "rows": len(rows)}, dict_converter=js.Object.fromEntries)
        body = json.dumps({"route": %d, "items": [r for r in rows]})
        await self.env.CACHE.put(key, body)
        if len(body) > %d:
            return Response("too large", status=413)
        return Response(body, headers={"x-route": "%d"})

`, i, i, i, i, i, 1000+i, i)
		lines += 14
	}
	b.WriteString(`
class Counter(DurableObject):
    async def fetch(self, request):
        count = (await self.ctx.storage.get("count")) or 0
        await self.ctx.storage.put("count", count + 1)
        return Response(str(count + 1))


def legacy(x):
    return to_py(x)
`)
	return b.Bytes()
}
