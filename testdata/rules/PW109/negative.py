# profile: old date=2025-06-01
# profile: new date=2025-11-01
# profile: vendored date=2026-05-01 packages=workers-runtime-sdk
# profile: vendored-underscore date=2026-05-01 packages=Workers_Runtime_SDK
# profile: builtin date=2026-05-01 flags=disable_python_external_sdk
from workers import Response, WorkerEntrypoint
from cloudflare import Cloudflare  # the Cloudflare API client, not the SDK
from . import workers as local_workers

# from cloudflare.workers import Response
