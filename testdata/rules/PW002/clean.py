# PW002 comes from the project loader, not from the text: fixtures with a
# profile never report it. internal/analysis/project_test.go covers the note.
from workers import Response, WorkerEntrypoint


class Default(WorkerEntrypoint):
    async def fetch(self, request):
        return Response("ok")
