// Package workergen generates realistic Cloudflare Python Worker sources
// for benchmarks: a module with imports, helpers, a `Default` entrypoint
// whose handler methods use bindings and the FFI, a Durable Object, and
// trees of such Workers with their wrangler.toml. Output is deterministic.
package workergen

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"text/template"
)

const header = `"""Generated Worker: routes backed by D1, KV, R2 and a Queue."""
import json
import re
from urllib.parse import urlparse, parse_qs

import js
from pyodide.ffi import to_js, create_proxy, JsProxy
from workers import WorkerEntrypoint, DurableObject, Response, fetch

ROUTE = re.compile(r"^/api/(?P<name>[a-z_]+)/(?P<id>\d+)$")
MAX_BODY = 1 << 20


def json_response(data, status=200):
    return Response(json.dumps(data), status=status, headers={"content-type": "application/json"})


def parse_route(url):
    match = ROUTE.match(urlparse(url).path)
    if match is None:
        return None, None
    return match.group("name"), int(match.group("id"))


class Default(WorkerEntrypoint):
    async def fetch(self, request):
        name, ident = parse_route(request.url)
        if name is None:
            return json_response({"error": "not found"}, status=404)
        handler = getattr(self, "route_" + name, None)
        if handler is None:
            return json_response({"error": "unknown route"}, status=404)
        return await handler(request, ident)

`

// methods are the shapes of handler methods; {{.N}} numbers them.
var methods = template.Must(template.New("").Parse(`
{{define "d1"}}    async def route_users_{{.N}}(self, request, ident):
        """List the users of team {{.N}}."""
        stmt = self.env.DB.prepare("SELECT id, name, email FROM users WHERE team = ? LIMIT ?")
        rows = await stmt.bind(ident, {{.Limit}}).all()
        users = [{"id": r["id"], "name": r["name"]} for r in rows.results]
        if not users:
            return json_response({"team": ident, "users": []})
        return json_response({"team": ident, "users": users, "count": len(users)})

{{end}}{{define "kv"}}    async def route_cache_{{.N}}(self, request, ident):
        key = f"item:{{"{"}}ident{{"}"}}:{{.N}}"
        cached = await self.env.CACHE.get(key)
        if cached is not None:
            return Response(cached, headers={"x-cache": "hit"})
        body = json.dumps({"id": ident, "route": {{.N}}, "ts": js.Date.now()})
        await self.env.CACHE.put(key, body, expirationTtl={{.Limit}})
        return Response(body, headers={"x-cache": "miss"})

{{end}}{{define "r2"}}    async def route_files_{{.N}}(self, request, ident):
        obj = await self.env.BUCKET.get(f"files/{{"{"}}ident{{"}"}}.json")
        if obj is None:
            return json_response({"error": "missing"}, status=404)
        text = await obj.text()
        try:
            data = json.loads(text)
        except ValueError:
            return json_response({"error": "corrupt"}, status=500)
        data["route"] = {{.N}}
        return json_response(data)

{{end}}{{define "queue"}}    async def route_jobs_{{.N}}(self, request, ident):
        if request.method != "POST":
            return json_response({"error": "method"}, status=405)
        payload = await request.json()
        if len(json.dumps(payload)) > MAX_BODY:
            return json_response({"error": "too large"}, status=413)
        message = to_js({"id": ident, "job": {{.N}}, "payload": payload}, dict_converter=js.Object.fromEntries)
        await self.env.JOBS.send(message)
        return json_response({"queued": True, "id": ident})

{{end}}{{define "upstream"}}    async def route_proxy_{{.N}}(self, request, ident):
        query = parse_qs(urlparse(request.url).query)
        target = f"https://upstream-{{.N}}.example.com/items/{{"{"}}ident{{"}"}}"
        resp = await fetch(target, headers={"accept": "application/json"})
        if resp.status >= 400:
            return json_response({"error": resp.status}, status=502)
        items = await resp.json()
        limit = int(query.get("limit", ["{{.Limit}}"])[0])
        return json_response({"items": items[:limit]})

{{end}}{{define "proxy"}}    async def route_events_{{.N}}(self, request, ident):
        seen = []

        def on_event(event):
            seen.append(event.type)

        listener = create_proxy(on_event)
        target = js.EventTarget.new()
        target.addEventListener("ping", listener)
        target.dispatchEvent(js.Event.new("ping"))
        target.removeEventListener("ping", listener)
        listener.destroy()
        return json_response({"events": seen, "route": {{.N}}})

{{end}}{{define "js"}}    async def route_info_{{.N}}(self, request, ident):
        headers = dict(request.headers)
        country = request.cf.country if request.cf else "XX"
        info = {"id": ident, "country": country, "agent": headers.get("user-agent", "")}
        if isinstance(request, JsProxy):
            info["proxy"] = True
        info["random"] = js.Math.random() > 0.5
        js.console.log(js.structuredClone({"route": {{.N}}}))
        return json_response(info)

{{end}}`))

var shapes = []string{"d1", "kv", "r2", "queue", "upstream", "proxy", "js"}

const footer = `

class Counter(DurableObject):
    async def fetch(self, request):
        count = (await self.ctx.storage.get("count")) or 0
        await self.ctx.storage.put("count", count + 1)
        return Response(str(count + 1))


async def cleanup(env):
    rows = await env.DB.prepare("DELETE FROM sessions WHERE expires < ?").bind(js.Date.now()).run()
    return rows
`

// Module returns a Worker entry module of about lines lines (never less
// than the fixed header and footer, about 50 lines). One handler shape in
// seven has a finding (PW210), as code being edited does.
func Module(lines int) []byte {
	var b bytes.Buffer
	b.WriteString(header)
	budget := lines - strings.Count(header, "\n") - strings.Count(footer, "\n")
	for i := 0; budget > 0; i++ {
		before := b.Len()
		data := struct{ N, Limit int }{i, 10 + i%90}
		if err := methods.ExecuteTemplate(&b, shapes[i%len(shapes)], data); err != nil {
			panic(fmt.Sprintf("workergen: %v", err)) // the templates are constant
		}
		budget -= bytes.Count(b.Bytes()[before:], []byte("\n"))
	}
	b.WriteString(footer)
	return b.Bytes()
}

// Wrangler returns the wrangler.toml of a generated Worker: a current
// runtime with the vendored SDK, under which the generated code is correct
// but for its PW210 findings.
func Wrangler(name string) []byte {
	return []byte(fmt.Sprintf(`name = %q
main = "src/entry.py"
compatibility_date = "2026-05-01"
compatibility_flags = ["python_workers"]

[[d1_databases]]
binding = "DB"
database_name = "app"
database_id = "4e1c28a9-90e8-41da-8b4b-6cf36e5abb29"

[[kv_namespaces]]
binding = "CACHE"
id = "0f2ac74b498b48028cb68387c421e279"

[[r2_buckets]]
binding = "BUCKET"
bucket_name = "files"

[[queues.producers]]
binding = "JOBS"
queue = "jobs"
`, name))
}

// Pyproject returns the pyproject.toml of a generated Worker.
func Pyproject(name string) []byte {
	return []byte(fmt.Sprintf(`[project]
name = %q
version = "0.1.0"
requires-python = ">=3.12"
dependencies = ["workers-runtime-sdk>=1.3"]
`, name))
}

// WriteWorker writes a Worker's wrangler.toml, pyproject.toml and
// src/entry.py (src) under root and returns the entry file.
func WriteWorker(root, name string, src []byte) (string, error) {
	if err := os.MkdirAll(filepath.Join(root, "src"), 0o755); err != nil {
		return "", fmt.Errorf("workergen: %w", err)
	}
	entry := filepath.Join(root, "src", "entry.py")
	for path, data := range map[string][]byte{
		filepath.Join(root, "wrangler.toml"):  Wrangler(name),
		filepath.Join(root, "pyproject.toml"): Pyproject(name),
		entry:                                 src,
	} {
		if err := os.WriteFile(path, data, 0o644); err != nil {
			return "", fmt.Errorf("workergen: %w", err)
		}
	}
	return entry, nil
}

// WriteTree writes workers Workers of linesEach lines under dir, each as
// worker-NNN/{wrangler.toml,pyproject.toml,src/entry.py}, and returns the
// entry files.
func WriteTree(dir string, workers, linesEach int) ([]string, error) {
	src := Module(linesEach)
	var files []string
	for i := 0; i < workers; i++ {
		name := fmt.Sprintf("worker-%03d", i)
		entry, err := WriteWorker(filepath.Join(dir, name), name, src)
		if err != nil {
			return nil, err
		}
		files = append(files, entry)
	}
	return files, nil
}

// flatFunctions are the shapes of a flat module's top-level functions;
// {{.N}} numbers them, so every function adds a module-level name.
var flatFunctions = template.Must(template.New("").Parse(`
{{define "d1"}}async def load_users_{{.N}}(env, team):
    """List the users of team {{.N}}."""
    stmt = env.DB.prepare("SELECT id, name FROM users WHERE team = ? LIMIT ?")
    rows = await stmt.bind(team, {{.Limit}}).all()
    users = [{"id": r["id"], "name": r["name"]} for r in rows.results]
    return json_response({"team": team, "users": users})

{{end}}{{define "kv"}}async def cached_item_{{.N}}(env, ident):
    key = f"item:{{"{"}}ident{{"}"}}:{{.N}}"
    cached = await env.CACHE.get(key)
    if cached is not None:
        return Response(cached, headers={"x-cache": "hit"})
    body = json.dumps({"id": ident, "route": {{.N}}, "ts": js.Date.now()})
    await env.CACHE.put(key, body, expirationTtl={{.Limit}})
    return Response(body)

{{end}}{{define "ffi"}}def event_payload_{{.N}}(ident, payload):
    message = to_js({"id": ident, "job": {{.N}}, "payload": payload}, dict_converter=js.Object.fromEntries)
    js.console.log(message)
    return message

{{end}}{{define "plain"}}def normalise_{{.N}}(items, limit={{.Limit}}):
    seen = set()
    out = []
    for item in items[:limit]:
        if item in seen:
            continue
        seen.add(item)
        out.append(item.strip().lower())
    return out

{{end}}`))

var flatShapes = []string{"d1", "kv", "ffi", "plain"}

// FlatModule returns a module of about lines lines made of top-level
// functions (no classes), each adding a module-level name: the shape of a
// large helpers module, where a new function changes the module's names.
func FlatModule(lines int) []byte {
	var b bytes.Buffer
	b.WriteString(flatHeader)
	budget := lines - strings.Count(flatHeader, "\n")
	for i := 0; budget > 0; i++ {
		before := b.Len()
		data := struct{ N, Limit int }{i, 10 + i%90}
		if err := flatFunctions.ExecuteTemplate(&b, flatShapes[i%len(flatShapes)], data); err != nil {
			panic(fmt.Sprintf("workergen: %v", err)) // the templates are constant
		}
		budget -= bytes.Count(b.Bytes()[before:], []byte("\n"))
	}
	return b.Bytes()
}

const flatHeader = `"""Generated helpers module: many top-level functions."""
import json

import js
from pyodide.ffi import to_js, create_proxy
from workers import Response


def json_response(data, status=200):
    return Response(json.dumps(data), status=status, headers={"content-type": "application/json"})

`

// File is one text of a Corpus.
type File struct {
	Name string
	Text []byte
}

// Corpus returns the parser tests' inputs: a flat module and a Worker of
// lines lines each, then the Python files under the testdata directory
// (two and three levels down) smaller than 1 MiB.
func Corpus(testdata string, lines int) []File {
	out := []File{{"flat", FlatModule(lines)}, {"worker", Module(lines)}}
	paths, _ := filepath.Glob(filepath.Join(testdata, "*", "*", "*.py"))
	more, _ := filepath.Glob(filepath.Join(testdata, "*", "*", "*", "*.py"))
	for _, path := range append(paths, more...) {
		if b, err := os.ReadFile(path); err == nil && len(b) < 1<<20 {
			out = append(out, File{path, b})
		}
	}
	return out
}

// SoakFragments are what the soak tests type at random places (the
// server's TestSoak through the protocol, the analysis's in process):
// code, line endings of every kind, NUL and non-ASCII text, and (one time
// in ten) fragments that open or close blocks, strings and brackets.
var SoakFragments = [2][]string{
	{"", "x", " ", "\n", "\r\n", "\r", "    ", "😀", "é", "\x00", "#", "1", "def g():\n    pass\n", "from pyodide.ffi import to_py\n",
		"    async def h(self, request):\n        return to_js({})\n", "env.DB.prepare(None)", "# pyworkers: ignore[PW201]"},
	{"(", ")", "[", "]", "\"", "'''", "class C:\n", "if x:\n  ", "to_js(", ":", ",", "\\", "\t"},
}
