"""The built-in evidence sources, registered under the ladder.sources.v1 entry points."""
