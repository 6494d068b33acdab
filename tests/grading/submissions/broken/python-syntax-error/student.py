"""A submission that does not parse."""


class CircuitBreaker:
    def __init__(self, config)
        self.config = config
