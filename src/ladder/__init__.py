"""ladder: a local-first career-growth system for software engineers.

Importing this package is deliberately cheap: the capture path (`ladder log`) starts
here, so nothing heavy is imported at package level.
"""

__version__ = "0.1.0"

__all__ = ["__version__"]
