"""Harvests as jobs: :mod:`ladder.jobs.queue` (the queue, procrastinate on PostgreSQL, and the
worker's tasks) and :mod:`ladder.jobs.status` (what a person sees of their jobs; no queue
library needed to read it)."""
