# Pyodide 0.26 still injects cloudflare.workers.
# profile: old date=2025-06-01
from cloudflare.workers import Response, WorkerEntrypoint
