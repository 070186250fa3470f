"""Local HTTP servers that answer like the real services (GitHub, Jira) do, for harvest tests."""
