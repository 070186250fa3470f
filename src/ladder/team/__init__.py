"""The team server's core: accounts and roles, secrets, the access rules and the audit trail.

Layers: :mod:`ladder.team.audit` and :mod:`ladder.team.accounts` sit on the store;
:mod:`ladder.team.access` decides who may see and do what (the rules of ``docs/team.md``) and
is the one way the web app reaches another person's data. The single-person workspace of the
command line does not use any of it: its one person owns everything.
"""
