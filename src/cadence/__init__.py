"""cadence: a terminal habit scheduler built like a half-marathon training plan."""

__version__ = "0.1.0"
