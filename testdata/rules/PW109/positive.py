# profile: external date=2026-05-01
# profile: v314 date=2026-07-01 flags=python_workers_20260610
# Other development tools do not vendor the SDK:
# profile: other-dev date=2026-05-01 dev=pytest,ruff
import workers  # want: PW109
import workers.asgi as asgi  # want: PW109
from workers import Response, WorkerEntrypoint  # want: PW109
from workers.workflows import NonRetryableError  # want: PW109
