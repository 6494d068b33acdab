"""The reference, but the health checker tries to reach the network when it is made."""
import socket

import reference_patterns
from reference_patterns import *  # noqa: F401,F403


class HealthChecker(reference_patterns.HealthChecker):
    def __init__(self, config):
        socket.create_connection(("192.0.2.1", 80), timeout=2).close()
        super().__init__(config)
