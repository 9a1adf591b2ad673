# profile: old date=2025-06-01
# profile: new date=2025-11-01
# profile: vendored date=2026-05-01 packages=workers-runtime-sdk
# profile: vendored-underscore date=2026-05-01 packages=Workers_Runtime_SDK
# profile: builtin date=2026-05-01 flags=disable_python_external_sdk
# pywrangler (workers-py) vendors the SDK itself, and Cloudflare's
# quickstart lists the SDK in the dev group for editors:
# profile: pywrangler-dev date=2026-05-01 dev=workers-py
# profile: pywrangler-locked date=2026-05-01 packages=workers-py
# profile: sdk-dev-group date=2026-05-01 dev=workers-runtime-sdk,pytest
from workers import Response, WorkerEntrypoint
from cloudflare import Cloudflare  # the Cloudflare API client, not the SDK
from . import workers as local_workers

# from cloudflare.workers import Response
