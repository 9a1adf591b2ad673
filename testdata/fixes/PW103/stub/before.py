"""A main module that forgot its entrypoint."""
# profile: new date=2025-11-01 main=true
import json


def handle(request):
    return json.dumps({})

