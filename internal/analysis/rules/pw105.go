package rules

import (
	"fmt"
	"strings"

	"github.com/pyworkers/pyworkers-lsp/internal/analysis/diag"
	"github.com/pyworkers/pyworkers-lsp/internal/analysis/profile"
	"github.com/pyworkers/pyworkers-lsp/internal/analysis/syntax"
)

var pw105 = &Rule{
	Code:     "PW105",
	Name:     "sync-http",
	Summary:  "synchronous HTTP or socket client that cannot reach the network on this runtime",
	Severity: diag.Error,
	Runtimes: "requests/urllib3/httpx.Client: Pyodide 0.26; urllib.request, http.client, socket: below Pyodide 314",
	Applies:  func(p *profile.Profile) bool { return !p.Runtime.AtLeast(profile.Pyodide314) },
	Unit:     runPW105,
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
	for _, call := range p.Nodes(syntax.TypeCall) {
		fn := call.Field(syntax.FieldFunction)
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
