"""Data shipped with ladder: the bundled ladder and the JSON Schemas."""
