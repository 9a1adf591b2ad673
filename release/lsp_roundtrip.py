"""lsp_roundtrip.py [COMMAND...] — an LSP session over stdio against a real
pyworkers-lsp: initialize, open a Worker whose to_js(dict) must draw PW202,
wait for that diagnostic, shutdown, exit; the server must exit with status 0.

Needs only the Python standard library, so it runs where no Go, Node or C
compiler is installed. COMMAND defaults to `pyworkers-lsp serve` from PATH.
Prints one line per step and exits non-zero on any failure."""
import json
import os
import pathlib
import subprocess
import sys
import tempfile
import threading
import queue

# Pyodide 0.26 (compatibility_date before 2025-09-29): to_js turns the dict
# into a Map, which Response.json serialises as {} (PW202), as in the VS Code
# extension's protocol test.
WORKER = '''from pyodide.ffi import to_js
from workers import WorkerEntrypoint, Response
import js

class Default(WorkerEntrypoint):
    async def fetch(self, request):
        headers = to_js({"content-type": "text/plain"})
        return js.Response.json(headers)
'''

WRANGLER = '''name = "roundtrip"
main = "src/entry.py"
compatibility_date = "2025-09-01"
compatibility_flags = ["python_workers"]
'''

TIMEOUT = 60


class Session:
    def __init__(self, cmd, cwd):
        self.proc = subprocess.Popen(cmd, cwd=cwd, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        self.messages = queue.Queue()
        self.next_id = 0
        threading.Thread(target=self._read, daemon=True).start()
        threading.Thread(target=self._drain_stderr, daemon=True).start()
        self.stderr = []

    def _drain_stderr(self):
        for line in self.proc.stderr:
            self.stderr.append(line.decode("utf-8", "replace"))

    def _read(self):
        out = self.proc.stdout
        while True:
            length = None
            while True:
                line = out.readline()
                if not line:
                    self.messages.put(None)
                    return
                line = line.strip()
                if not line:
                    break
                name, _, value = line.decode("ascii").partition(":")
                if name.lower() == "content-length":
                    length = int(value)
            self.messages.put(json.loads(out.read(length)))

    def send(self, msg):
        body = json.dumps(msg).encode("utf-8")
        self.proc.stdin.write(b"Content-Length: %d\r\n\r\n" % len(body) + body)
        self.proc.stdin.flush()

    def request(self, method, params):
        self.next_id += 1
        self.send({"jsonrpc": "2.0", "id": self.next_id, "method": method, "params": params})
        return self.wait(lambda m: m.get("id") == self.next_id and "method" not in m, method)

    def notify(self, method, params):
        self.send({"jsonrpc": "2.0", "method": method, "params": params})

    def wait(self, match, what):
        while True:
            try:
                msg = self.messages.get(timeout=TIMEOUT)
            except queue.Empty:
                raise SystemExit(f"FAIL no {what} within {TIMEOUT}s")
            if msg is None:
                raise SystemExit(f"FAIL server closed stdout before {what}:\n{''.join(self.stderr)}")
            if "method" in msg and "id" in msg:
                # A server-to-client request (configuration, registration): answer it.
                result = [None] * len(msg["params"].get("items", [])) if msg["method"] == "workspace/configuration" else None
                self.send({"jsonrpc": "2.0", "id": msg["id"], "result": result})
                continue
            if match(msg):
                if "error" in msg:
                    raise SystemExit(f"FAIL {what}: {msg['error']}")
                return msg


def main(cmd):
    with tempfile.TemporaryDirectory() as tmp:
        root = pathlib.Path(tmp)
        (root / "src").mkdir()
        (root / "wrangler.toml").write_text(WRANGLER)
        entry = root / "src" / "entry.py"
        entry.write_text(WORKER)
        s = Session(cmd, tmp)
        init = s.request("initialize", {"processId": os.getpid(), "rootUri": root.as_uri(),
                                        "workspaceFolders": [{"uri": root.as_uri(), "name": "roundtrip"}],
                                        "capabilities": {"textDocument": {"publishDiagnostics": {}}}})
        info = init["result"].get("serverInfo", {})
        print(f"ok   initialize: {info.get('name')} {info.get('version')}")
        s.notify("initialized", {})
        uri = entry.as_uri()
        s.notify("textDocument/didOpen", {"textDocument": {"uri": uri, "languageId": "python", "version": 1, "text": WORKER}})
        diag = s.wait(lambda m: m.get("method") == "textDocument/publishDiagnostics" and m["params"]["uri"] == uri
                      and m["params"]["diagnostics"], "diagnostics for src/entry.py")
        codes = sorted({d.get("code") for d in diag["params"]["diagnostics"]})
        if "PW202" not in codes:
            raise SystemExit(f"FAIL diagnostics {codes}, want PW202")
        line = [d for d in diag["params"]["diagnostics"] if d.get("code") == "PW202"][0]["range"]["start"]["line"]
        if line != 6:
            raise SystemExit(f"FAIL PW202 on line {line}, want 6")
        print(f"ok   publishDiagnostics: {', '.join(codes)} (PW202 on line 6)")
        s.request("shutdown", None)
        s.notify("exit", None)
        try:
            code = s.proc.wait(timeout=TIMEOUT)
        except subprocess.TimeoutExpired:
            s.proc.kill()
            raise SystemExit("FAIL server still running after exit")
        if code != 0:
            raise SystemExit(f"FAIL server exit status {code}")
        print("ok   shutdown, exit: status 0")


if __name__ == "__main__":
    main(sys.argv[1:] or ["pyworkers-lsp", "serve"])
