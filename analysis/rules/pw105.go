package rules

import (
	"fmt"
	"strings"

	"github.com/pyworkers/pyworkers-lsp/analysis/diag"
	"github.com/pyworkers/pyworkers-lsp/analysis/profile"
)

var pw105 = &Rule{
	Code:     "PW105",
	Name:     "sync-http",
	Summary:  "synchronous HTTP or socket client that cannot reach the network on this runtime",
	Severity: diag.Error,
	Runtimes: "requests/urllib3/httpx.Client: Pyodide 0.26; urllib.request, http.client, socket: below Pyodide 314",
	Applies:  func(p *profile.Profile) bool { return !p.Runtime.AtLeast(profile.Pyodide314) },
	Unit:     runPW105,
	Doc: `## What it does
Finds calls to synchronous network clients: ` + "`requests`" + `, ` + "`urllib3`" + `, ` + "`httpx.Client`" + `
and ` + "`httpx.get`" + ` and friends on Pyodide 0.26; ` + "`urllib.request.urlopen`" + `,
` + "`http.client`" + ` connections and raw ` + "`socket`" + ` connections on every runtime below 314.
Imports are resolved, so ` + "`from requests import get as fetch_url`" + ` is found too.

## Why it breaks on Workers
A Worker has no threads and no blocking sockets: network I/O goes through
the JavaScript ` + "`fetch`" + ` API, which is asynchronous. Pyodide 0.28 teaches
` + "`requests`, `urllib3` and `httpx`" + ` to block on ` + "`fetch`" + ` (JSPI); Pyodide 0.26 cannot,
so those calls fail. The standard library's ` + "`urllib.request`, `http.client`" + ` and
` + "`socket`" + ` have no working transport before Pyodide 314, which adds client sockets.

## Example
` + "```python" + `
import requests

class Default(WorkerEntrypoint):
    async def fetch(self, request):
        r = requests.get("https://example.com/api")
        return Response(r.text)
` + "```" + `

## Use instead
` + "```python" + `
from workers import fetch

class Default(WorkerEntrypoint):
    async def fetch(self, request):
        r = await fetch("https://example.com/api")
        return Response(await r.text())
` + "```" + `
` + "`httpx.AsyncClient`" + ` and ` + "`aiohttp`" + ` work on every runtime.

## Which runtimes
Pyodide 0.26 (compatibility dates before 2025-09-29) for ` + "`requests`, `urllib3`" + `
and sync ` + "`httpx`" + `; every runtime below Pyodide 314 (flag ` + "`python_workers_20260610`" + `)
for ` + "`urllib.request`, `http.client` and `socket`" + `.`,
}

// syncHTTP0_26 are the sync clients that work from Pyodide 0.28 on (JSPI).
var syncHTTP0_26 = map[string]bool{
	"requests.get": true, "requests.post": true, "requests.put": true, "requests.patch": true,
	"requests.delete": true, "requests.head": true, "requests.options": true, "requests.request": true,
	"requests.Session": true, "requests.session": true, "requests.sessions.Session": true,
	"urllib3.PoolManager": true, "urllib3.request": true, "urllib3.HTTPConnectionPool": true,
	"urllib3.HTTPSConnectionPool": true, "urllib3.ProxyManager": true, "urllib3.connection_from_url": true,
	"httpx.Client": true, "httpx.get": true, "httpx.post": true, "httpx.put": true, "httpx.patch": true,
	"httpx.delete": true, "httpx.head": true, "httpx.options": true, "httpx.request": true, "httpx.stream": true,
}

// syncStdlibNet are the stdlib network clients without a transport below 314.
var syncStdlibNet = map[string]bool{
	"urllib.request.urlopen": true, "urllib.request.urlretrieve": true, "urllib.request.build_opener": true,
	"http.client.HTTPConnection": true, "http.client.HTTPSConnection": true,
	"socket.socket": true, "socket.create_connection": true, "socket.socketpair": true, "socket.fromfd": true,
}

func runPW105(p *Pass) {
	gen := p.Profile.Runtime
	rt := runtimeLabel(p.Profile)
	for _, call := range p.Nodes("call") {
		fn := call.Field("function")
		q := p.Resolver.Resolve(fn)
		if q == "" {
			continue
		}
		var msg string
		switch {
		case syncHTTP0_26[q] && gen.Generation == profile.Pyodide026:
			msg = fmt.Sprintf("%s is synchronous HTTP, which %s cannot do (it needs Pyodide 0.28's JSPI); use `await workers.fetch(...)` or httpx.AsyncClient", q, rt)
		case syncStdlibNet[q]:
			msg = fmt.Sprintf("%s has no network transport on %s (client sockets arrive with Pyodide 314, flag python_workers_20260610); use `await workers.fetch(...)`", q, rt)
		default:
			continue
		}
		p.Report(fn, msg, map[string]string{"api": q, "module": strings.SplitN(q, ".", 2)[0]})
	}
}
