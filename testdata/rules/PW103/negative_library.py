# Only the main module needs an entrypoint.
# profile: lib date=2025-11-01
def helper():
    return 1
