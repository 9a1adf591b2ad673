# Without a wrangler config the dependencies are unknown: no finding.
from workers import Response
