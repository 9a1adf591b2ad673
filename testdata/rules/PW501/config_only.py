# PW501 checks the wrangler config, pyproject.toml and lock files, not Python
# code: its fixtures are the workspaces under testdata/workspaces, checked by
# internal/analysis/configcheck_test.go. This module must stay clean under every rule.
from workers import Response, WorkerEntrypoint


class Default(WorkerEntrypoint):
    async def fetch(self, request):
        return Response("ok")
