# profile: old date=2025-06-01
# profile: new date=2025-11-01
import http.client
import socket
import urllib.request as ureq

import httpx
import requests
import urllib3
from requests import get as fetch_url


async def handle(url):
    a = requests.get(url)  # want[old]: PW105
    b = fetch_url(url)  # want[old]: PW105
    with httpx.Client() as client:  # want[old]: PW105
        c = client.get(url)
    d = urllib3.PoolManager().request("GET", url)  # want[old]: PW105
    e = ureq.urlopen(url)  # want: PW105
    f = http.client.HTTPSConnection("example.com")  # want: PW105
    g = socket.create_connection(("example.com", 443))  # want: PW105
    return a, b, c, d, e, f, g
