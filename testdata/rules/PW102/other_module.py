# In a module other than main, `test` is an ordinary function.
# profile: lib date=2025-01-01
from workers import WorkerEntrypoint


class Default(WorkerEntrypoint):
    pass


def test():
    return 1
