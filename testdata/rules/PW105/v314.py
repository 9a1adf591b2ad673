# Pyodide 314 has client sockets; JSPI makes sync clients work from 0.28.
# profile: v314 date=2026-07-01 flags=python_workers_20260610 packages=workers-runtime-sdk
import http.client
import socket
import urllib.request

import requests


def handle(url):
    return (
        requests.get(url),
        urllib.request.urlopen(url),
        http.client.HTTPSConnection("example.com"),
        socket.create_connection(("example.com", 443)),
    )
