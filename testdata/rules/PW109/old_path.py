# profile: new date=2025-11-01
# profile: vendored date=2026-05-01 packages=workers-runtime-sdk
from cloudflare.workers import Response  # want: PW109
import cloudflare.workers  # want: PW109
from cloudflare import workers  # want: PW109
