"""The mapper's curated knowledge of the bundled ladder: words, kinds, commit types and paths.

Everything here is data, written for the default ladder's area and expectation ids. A target is
an area id (``operations``) or an expectation id (``operations.incidents-rca``). With another
ladder, targets whose area it lacks are dropped and unknown expectations fall back to their
area, so the same lexicon helps wherever the ids match; the ladder's own markers (see
:mod:`ladder.mapping.rules`) work for any ladder.

A phrase written ``=like this`` is matched on the words as written, not their stems ("talked
to" is a conversation, "a talk to the meetup" is not). Weights: 3 decides on its own, 2 is strong, 1 moderate, below 1 a hint. A phrase is matched
on whole stemmed words ("on-call" also matches "on call" and "On-Call"); the longest phrase
at a position wins, so "design review" is not also read as "design" and "review".

Labelling guidelines for the primary area (the same ones the labelled set in
``data/evidence-mapping/`` follows) are in ``docs/mapping.md``.
"""

from __future__ import annotations

# The tables below are laid out for reading, not by the formatter.
# fmt: off

#: The bundled ladder's areas, the ids every target below starts with. A ladder that lacks
#: one of them gets what the lexicon knows of it by meaning (:mod:`ladder.mapping.meaning`).
AREAS = ("technical-depth", "system-design", "delivery", "code-quality", "operations",
         "communication", "mentorship", "leadership", "career")

# -- words, per target: (weight, "phrase, phrase, …") ------------------------------------------
WORDS: dict[str, list[tuple[float, str]]] = {
    # technical depth
    "technical-depth.performance-concurrency": [
        # a profiler run, as written: "profile" alone is as often a user's or a configuration's
        # ("Profile scanning" of AutoMapper's Profile classes, "Add a profile page")
        # (and a program profiled, as py-spy's say it: "Profile processes running in
        # containers"; speedscope's profiles)
        (2.5, "=profiler, =profilers, =profiling, =profiled, =profile the, =profiling the, cpu profile, "
              "=profile processes, =profile a process, speedscope, "
              "heap profile, memory profile, py-spy, pprof, flame graph, flamegraph, heap dump, "
              "memory leak, leak, race condition, data race, deadlock, livelock, mutex, "
              "lock contention, contention, thread pool, goroutine, concurrency, concurrent access, "
              "gc pause, garbage collector, garbage collection, allocation, hot path, hot loop, "
              "latency regression, cpu time, sync.pool, async i/o, event loop, heap usage, "
              "memory usage, latency budget, memory budget, two writers, lost update, "
              "thread safety, thread-safe, lock ordering, cpu-bound, orjson"),
        (2.5, "improve performance, improves performance, improved performance, better performance, "
              "performance improvement, performance improvements, rendering performance, "
              "performance regression, performance issue, performance problem, for performance"),
        (2.0, "benchmark, benchmarked, optimise, optimize, optimised, optimized, faster, speed up, "
              "sped up, heap, threads, throughput, memory, stress test, stream large, streaming parsing, "
              "shared mutable state, immutable"),
        # state shared between threads kept whole ("More Atomic Locking", "Added an NSLock for
        # the task delegate's task"); not "Synchronize urllib3 to 1.10.4", a copy brought up
        (2.0, "=atomics, atomic ops, atomic var, atomic vars, atomic variable, atomic variables, "
              "atomic counter, atomic counters, atomic_int, atomic bool, atomic locking, atomic ordering, "
              "=races, nslock, "
              "unfair lock, os_unfair_lock, spinlock, spin lock, semaphore, semaphores, "
              "memory ordering, thread sanitizer, tsan, lock-free, lockless, "
              # a field other threads read ("Make …streamAllocation volatile"); the scheduler's cost
              "volatile, context switch, context switches, context switching"),
        # a file written whole is atomic too ("cookies: make saving atomic with a rename",
        # "Make cluster config file saving atomic"), and replicas or a tracker's reviews are
        # synchronised ("Delay to discard cached master when full synchronization", "Enable
        # GitHub review synchronization"): they need company
        (1.5, "atomic, atomically, =synchronization, =synchronisation"),
        (1.2, "latency, p99, p95, slow endpoint, cpu, caching, cache"),
    ],
    "technical-depth.databases": [
        (2.5, "database index, db index, missing index, an index on, index on, the index for, "
              "right index, the index concurrently, unique index, btree index, index scan, "
              "=indexing, composite index, partial index, covering index, query plan, "
              "explain analyze, slow query, n+1, postgres, postgresql, mysql, vacuum, autovacuum, "
              "bloat, partitioning, backfill, keyset pagination, for update, skip locked, "
              "optimistic locking, row lock, table lock, isolation level, correlated subquery, "
              "subquery, lazy-load, lazy loads, sql, schema change, sqlite, "
              "non-null column, not null column, version column"),
        (1.5, "database, db, schema, orm, table, tables, join, rows, migration, migrations, query, queries, explain, "
              "round trips, insert, inserts, batch inserts"),
    ],
    "technical-depth.distributed-systems": [
        (2.5, "idempotent, idempotency, idempotency key, retries, retry, backoff, exponential backoff, "
              "jitter, at-least-once, exactly-once, at-most-once, duplicate delivery, duplicate messages, duplicate events, duplicate requests, "
              "dedupe, deduplication, eventual consistency, strong consistency, consistency model, "
              "consistency guarantee, read-your-writes, consensus algorithm, leader election, raft, paxos, "
              "network partition, network partitions, outbox, saga, two-phase commit, "
              "distributed lock, lease, etcd, zookeeper, replication lag, read replica, "
              "clock skew, crdt, optimistic concurrency, rebalance, retry storm, "
              # a consumer's offsets in a log, not any offset (a scroll or highlight offset)
              "delivered twice, message broker, message brokers, consumer offsets, kafka offsets, "
              "committed offsets, offsets were committed, offsets committed, offset commit, "
              "offset commits, commit offsets, commit the offsets, consumer lag"),
        (1.5, "timeout, timeouts, consistency, consistent, kafka, distributed, data centres, "
              "data centers, replicas, replication, etag, etags"),
    ],
    "technical-depth.fundamentals": [
        (2.5, "o(n2), o(n²), o(n^2), o(n log n), quadratic, linear time, complexity analysis, "
              "big-o, data structure, data structures, algorithm, algorithms, hash set, hash map, "
              "set lookup, trie, bloom filter, ring buffer, binary search, top-k, unbounded, "
              "nested loop, complexity and limits"),
        (1.0, "complexity, sorting, lookup, list scan"),
    ],
    "technical-depth.deep-stack": [
        (2.5, "=internals, gil, jvm, mvcc, query planner, planner, page cache, kernel, syscall, "
              "epoll, v8, runtime internals, bytecode, g1, memory model, statistics target"),
        (1.0, "under the hood, how it works"),
    ],
    "technical-depth.stack-proficiency": [
        (1.5, "traced, chased, through the layers, down to the db, from the ui, from the browser, "
              "serializer, middleware, waterfall, timezone bug, rounding bug, currency rounding"),
    ],
    "technical-depth.language-basics": [
        (2.0, "dataclass, dataclasses, f-string, f-strings, pathlib, itertools, defaultdict, "
              "standard library, stdlib, =generics, list comprehension, groupby"),
    ],
    "technical-depth.subject-matter-expert": [
        (2.0, "code owner, codeowners, go-to person, go to person, subject matter expert, "
              "evaluation of, evaluated three, evaluated the options, evaluated alternatives, "
              "evaluate the options, evaluate alternatives, should we adopt, nobody owns"),
        (1.0, "expert"),
    ],
    "technical-depth.org-expertise": [
        (2.0, "consult, consulted, invited by, intermittently wrong"),
    ],
    "technical-depth": [
        (1.0, "low-level, deep dive, linux, rust, golang, python internals"),
    ],
    # system design
    "system-design.design-docs": [
        (3.0, "design doc, design docs, design document, design documents, rfc, rfcs, "
              "technical design, tech spec, technical spec, architecture doc, design review, "
              "design reviews, adr, adrs, decision record, architecture decision record"),
        (1.5, "design, designed, designing, architecture"),
    ],
    "system-design.tradeoffs": [
        (2.5, "trade-off, trade-offs, tradeoff, tradeoffs, trade off, trade offs, decision log, "
              "decision doc, what we give up, gives up, build vs buy, build or buy, "
              "denormalise, denormalize, over kafka, over webhooks, vs memcached"),
        (1.5, "chose, choose, choosing, defended, decision, versus, vs"),
    ],
    "system-design.failure-modes": [
        (3.0, "failure mode, failure modes, failure-modes table, circuit breaker, circuit breakers, "
              "graceful degradation, degrade gracefully, fail open, fail closed, "
              "malicious user, bulkhead, partial failure, partially failed, dependency down, "
              "what happens when, what happens if, what if"),
        (1.5, "fallback, fall back, unavailable, abuse, replay, replays"),
    ],
    "system-design.scale": [
        (3.0, "10x, 50x, 100x, 1000x, at scale, load estimate, load estimates, capacity planning, "
              "fan-out, fan out, sharding, shard, off the request path, request path, "
              "background worker, payload size, load test, load tests, load testing, load-tested"),
        (1.5, "scale, scaling, capacity, qps, rps, traffic increase, peak, payload, deltas, "
              "to a queue, into a queue, asynchronous, async, synchronous call, paginate"),
    ],
    "system-design.api-evolution": [
        # deprecations escalated to errors or removals: the API's evolution, no incident
        (2.5, "escalate deprecations, escalate deprecation, escalate the deprecation, "
              "escalate the deprecations, escalate deprecation warnings"),
        (2.5, "api design, api versioning, versioning policy, versioned api, deprecation, =deprecate, "
              "=deprecates, =deprecating, deprecated the, "
              "backwards compatible, backwards compatibility, backward compatible, "
              "backward compatibility, breaking change, openapi, swagger, "
              # compatibility kept for the API's users, not with another program or platform
              # ("Vim 8.0 compatibility", "bash 3.2 compatibility")
              "api compatibility, abi compatibility, compatibility rules, compatibility policy, "
              "compatibility guarantee, compatibility guarantees, compatibility break, "
              "break compatibility, breaks compatibility, breaking compatibility, "
              "graphql schema, cursor pagination, rest api, api guidelines, error format, "
              "webhooks subscription, contract test, v2, v1, additive field, optional field, "
              "partner api, public api, upgrade path, migration path, migration guide"),
        (1.5, "api, endpoint, endpoints, pagination, graphql, grpc, schema evolution, "
              "default page size, naming, =defaults, changed the default, change the default, deprecated"),
    ],
    "system-design.security-compliance": [
        # an injection is an attack; style, hook or dependency injection is how code is put
        # together (those are NEUTRAL)
        (3.0, "threat model, threat modelling, threat modeling, owasp, injection, sql injection, "
              "command injection, shell injection, code injection, header injection, "
              "crlf injection, html injection, script injection, template injection, "
              "prompt injection, ldap injection, injection attack, injection attacks, "
              "privilege escalation, privilege escalations, "
              "xss, csrf, content security policy, authorisation check, authorization check, "
              "tenant scoping, cross-tenant, gdpr, pii, data retention requirement, "
              "retention requirement, redact, redaction, api key, vulnerability, vulnerabilities, "
              "cve, pen test, penetration test, owns the document, secrets handling, "
              "server-side validation, encryption at rest, "
              # what leaks is information, not memory: a response body, a secret, a URL
              "information leak, info leak, leaking response, leak response, leaks response, "
              "leak credentials, leaking credentials, leak secrets, leaking secrets, leak token, "
              "leak tokens, leak passwords, leak password, leak headers, leak url, leak urls, "
              "leak to, leaking to, "
              "dos attack, dos attacks, denial of service, denial-of-service, hash collision dos, "
              "hash collision attack, hash collision attacks, hash flooding"),
        (2.0, "security, secure, secrets, secret, vault, encryption, encrypt, compliance, legal, "
              "authentication, authorisation, authorization, authn, authz, oidc, oauth, "
              "permissions model, permission, permissions, trusts the client, signature check, "
              "audit, audit log, audit logs"),
    ],
    "system-design.cost": [
        (3.0, "cost estimate, run-cost, run cost, cost comparison, monthly run-cost, "
              "infrastructure cost estimate, domain model, context map, reuse the platform, "
              "reuse the existing, instead of a new"),
    ],
    "system-design.architecture-direction": [
        (2.5, "technical strategy, architecture proposal, architecture review, architectural risk, "
              "shared event platform, domain services, per-domain"),
    ],
    "system-design.component-changes": [
        (2.0, "five-line plan, poke holes, sketched the approach, approach before coding, "
              "plan before coding, small component"),
        (1.0, "sketched, sketch, whiteboarded, whiteboard"),
    ],
    "system-design.feature-design": [
        (2.5, "one-pager, one pager, feature design, two options, options compared, =alternatives, "
              "alternatives considered, considered alternatives"),
    ],
    # delivery
    "delivery.ownership": [
        (2.5, "owner, =owned, ownership, project hub, weekly status, status update, status updates, "
              "weekly update, project update, biweekly status, end to end, end-to-end, saw it through"),
        (1.5, "=owning, project"),
    ],
    "delivery.autonomy": [
        (2.5, "milestone, milestones, milestone plan, ambiguous requirements, ambiguous problem, "
              "ambiguous project, ambiguous request, vague requirements, vague problem, vague ask, "
              "vague request, vague requests, vague brief, fuzzy requirements, fuzzy ask, "
              "fuzzy scope, fuzzy problem, ambiguity, without supervision, "
              "day-to-day direction, check-ins, on my own, top three risks, risk written down"),
        (1.0, "risks, risk, plan"),
    ],
    "delivery.launch-impact": [
        (3.0, "launch, launched, launches, launching, go live, went live, release notes, "
              "launch announcement, launch checklist, conversion rate, activation, for everyone, "
              "for all customers, for all users, to all users, to 100, add-to-cart, success metric, "
              "measured effect"),
        (1.5, "shipped, released, release, customers, metric, support tickets"),
    ],
    "delivery.safe-rollouts": [
        (3.0, "feature flag, feature flags, behind a flag, behind a feature flag, kill switch, "
              "dual-write, dual write, dual-wrote, dual wrote, shadow traffic, shadow reads, "
              "shadow read, cut over, cut-over, cutover, cut-over reads, ramped, ramp, "
              "validation period, data comparison, cohort, percent of traffic, of traffic, "
              "old path, new path, rollback step, rollback for each, no downtime, zero-downtime, "
              "zero downtime, by region"),
        # a transition alone is a state's or an animation's ("fix(transition): …"); one
        # planned, or away from something, is a migration
        (2.0, "rollout, rolled out, migrated, migrate, migrating, phases, phase, "
              "migration plan, transition plan, transition period, transitional period, "
              "transition away, smooth transition"),
    ],
    "delivery.features": [
        (2.0, "epic, implement, implemented, feature, features, estimate, estimates, estimated, "
              "slip, close to the estimate, screen, button, allow users, "
              "customer can, users can"),
        (1.0, "add, adds, added, built, build, support"),
    ],
    "delivery.scoped-tasks": [
        (2.0, "ticket, tickets, blocker, standup, stand-up, acceptance criteria, ticket label, "
              "small tickets"),
    ],
    "delivery.roadmap": [
        (3.0, "roadmap, problem statement, phased plan, phased roadmap, multi-quarter, "
              "customer interview, customer feedback, customer conversations, cut lines"),
        (1.5, "workshop, customers, phased"),
    ],
    "delivery.multi-team-programs": [
        (3.0, "program sync, programme sync, program plan, replatform, replatforming, "
              "across four teams, across five teams, cross-team launch, four services, "
              "dependencies between"),
        (1.5, "program, programme, weekly sync, shared milestones"),
    ],
    "delivery": [
        (2.0, "shipped, ship, ships, =delivered, mvp, beta, deadline, on time, "
              "ahead of schedule, shipped early, go-live, release, released, finished"),
    ],
    # code quality
    "code-quality.design-review": [
        (2.5, "formatter, linter config, eslint config, prettier, style is no longer, "
              "nitpicks to architecture, design and correctness, module boundaries, module boundary, "
              "god class, god-class, error handling, separation of concerns"),
    ],
    "code-quality.reviews": [
        (2.5, "code review, code reviews, pr review, pr reviews, reviewed, reviewing, lgtm, "
              "approved, requested changes, request changes, found a bug, real bugs, reviews"),
        (2.0, "review, off-by-one, null check, missing await"),
    ],
    "code-quality.testing-strategy": [
        (3.0, "test strategy, testing strategy, test plan, test pyramid, testing section, "
              "integration test, integration tests, mocks, snapshot tests, "
              "property-based, mutation testing, contract tests, test harness, fuzzing, fuzzer, "
              "flaky, flaky test, flaky tests, test suite, end-to-end test, end-to-end tests, e2e"),
    ],
    "code-quality.tech-debt": [
        (3.0, "refactor, refactored, refactoring, tech debt, technical debt, debt, dead code, "
              "legacy, cleanup, clean up, no behaviour change, no behavior change, extract method, "
              "extract class, rename, renamed, remove unused, unused, simplify, simplified, "
              "compatibility shims, named refactoring, deprecated calls, split the, split out, "
              "unify, unified, consolidate, consolidated, restructure, restructured, reorganise, "
              "reorganize, reorganised, reorganized, tidy, tidy up, type annotations, annotate"),
        (1.5, "upgrade, upgraded, remove, removed, delete, deleted, old"),
    ],
    "code-quality.ci-cd": [
        (3.0, "ci, ci/cd, cd pipeline, =pipeline, =pipelines, github actions, gitlab ci, jenkins, "
              "build time, build times, ci time, deploy pipeline, deployment pipeline, canary, "
              "blue-green, blue green, rollback procedure, release pipeline, semantic versioning, "
              "docker layers, pre-commit, canary deployments, deploys"),
        # a package published by automation, not a post published ("Publish workflow",
        # "Publish to PyPI from CI")
        (3.0, "publish workflow, release workflow, publish job, publish script, publish step, "
              "publish to pypi, upload to pypi, publish to npm, publish to crates.io"),
        (2.5, "portability, portable, autoconf, automake, libtool, cmake, mingw, msvc, "
              "visual studio, compiler warning, compiler warnings, build system, makefile, makefiles"),
        (1.5, "rollback, deploy, deployment, build, builds, runners, license check"),
    ],
    "code-quality.integration": [
        (3.0, "shared library, shared package, shared component, duplicated code, duplicate code, "
              "code duplication, duplicated logic, duplicate logic, "
              "duplicate implementations, copies of, reusable, decouple, integration contract, "
              "our copy, three services into"),
    ],
    "code-quality.tested-changes": [
        (3.0, "test, tests, testing, unit test, unit tests, coverage, playwright, selenium, pytest"),
        (2.0, "with tests, with a test, tests included, small pr, small prs, under 300 lines, "
              "review comments, follow-up commits"),
    ],
    "code-quality.engineering-standards": [
        (2.5, "engineering guidelines, lead time, change failure rate"),
    ],
    "code-quality.ai-assistance": [
        (3.0, "copilot, coding assistant, coding assistants, ai assistant, llm, "
              # (not "generated code" alone: a macro's, a parser generator's or protoc's output
              # is no assistant's: "Allow lints in generated code" in a derive macro)
              "chatgpt, ai-generated, hallucinated, generated regex"),
    ],
    "code-quality": [
        (2.5, "lint, linting, linter, ruff, eslint, mypy, type hints, =typing, code formatting, "
              "black formatting, apply black, "
              "type errors, static analysis, code quality, readability"),
    ],
    # operations
    "operations.incidents-rca": [
        (3.0, "postmortem, post-mortem, post mortem, postmortems, incident, incidents, outage, "
              "outages, sev1, sev2, sev-1, sev 1, root cause, rca, incident review, post-incident, "
              # an incident mitigated, not an attack a change sets out to mitigate ("Randomize
              # hash seed to mitigate hash collision DoS attacks" is security)
              "incident bridge, incident call, incident lead, =mitigated, =502s, =500s, split brain, "
              "incident report"),
        (1.5, "error rates, elevated, failures, diagnosed, diagnose, intermittent, broke, "
              "double-charges, stuck"),
        (1.0, "action items"),
    ],
    "operations.runbooks-oncall": [
        # a pager alone is as often the terminal's (less, more) and paging the memory's:
        # only the on-call's pager and being paged count
        (3.0, "runbook, runbooks, playbook, playbooks, on-call, oncall, on call, pagerduty, "
              "pager duty, pager rotation, carry the pager, carried the pager, "
              "carrying the pager, on the pager, pager load, pager alerts, pager fatigue, "
              "took the pager, take the pager, taking the pager, woken by the pager, "
              "pager escalation, pager escalations, pager policy, pager schedule, "
              "handover, handover note, handover notes, on-call guide, on-call playbook"),
        (2.5, "got paged, was paged, were paged, paged me, paged us, paged at, paged twice, "
              "page the on-call, pages per night, paging alert, paging alerts, paging noise, "
              "paging policy"),
        (1.5, "rotation, shift, weekend"),
    ],
    "operations.slos-alerting": [
        (3.0, "slo, slos, sli, slis, error budget, burn rate, burn-rate, =alerting, "
              "alarm, alarms, noisy alert, noisy alerts, pages per week, availability, "
              "alert rule, alert rules, alerting rules, alert threshold, alert thresholds, "
              "=alert on, =alerts on"),
        # an alert alone may be the product's ("blockquote alerts", a dialog's alert)
        (1.5, "alert, alerts"),
    ],
    "operations.observability": [
        (3.0, "observability, dashboard, dashboards, grafana, prometheus, tracing, traces, "
              "opentelemetry, otel, structured logging, correlation ids, correlation id, "
              "request ids, telemetry, datadog, kibana, trace propagation"),
        # a histogram is a metric's shape, and also a chart a tool plots: it needs company;
        # so do a trace's spans, as written: a compiler's are source locations ("Preserve Group
        # span better on compilers without Span::join", "Prefer call site spans")
        (1.5, "metrics, metric, logs, logging, monitoring, histogram, histograms, =spans"),
        (3.0, "latency histogram, latency histograms, duration histogram, duration histograms"),
    ],
    "operations.efficiency": [
        (3.0, "right-size, right-sized, right-sizing, rightsize, autoscaling, utilisation, "
              "utilization, idle instances, idle capacity, idle resources, idle servers, idle nodes, "
              "spot instances, cloud bill, cloud cost, finops, "
              "memory requests, cheaper storage, logging bill, orphaned"),
        (1.5, "cost, costs, bill, spend, =saving, =savings, month"),
    ],
    "operations.readiness-reviews": [
        (3.0, "readiness, production readiness, readiness review, readiness checklist, toil, "
              "manual step, manual task, recurring issue, recurred, log rotation, cleanup script"),
        # a script alone is any script (one that plots, builds, tests): it needs company
        (1.5, "automated, automate, recurring, manual"),
    ],
    "operations.on-call-basics": [
        (2.5, "shadowed on-call, shadow on-call, shadowed my first on-call, escalated, escalate"),
    ],
    "operations.reliability-strategy": [
        (2.5, "incident process, reliability practice, postmortems across, across the group"),
        (1.0, "reliability"),
    ],
    "operations": [
        (2.5, "backup, backups, disk full, oom-killed, certificate, "
              "certificates, failover"),
        (2.0, "infra, infrastructure, kubernetes, k8s, pods, "
              "node pool, load balancer, load balancers, helm"),
        # what a program writes to or reads from: "writing to disk", "check for disk space";
        # the build a library runs in: "do not throw in production", "avoid object.freeze in
        # prod" say which build of the code, not work on the systems that run it
        (1.0, "cluster, redis cluster, cert, tls, dns, oom, restore, restored, disk, "
              "production, prod"),
        # the systems that run in production, named
        (2.0, "production cluster, production clusters, production database, production "
              "databases, production support, production outage, production traffic, production "
              "servers, production environment, prod cluster, prod database"),
        (0.8, "terraform"),
    ],
    # communication
    "communication.talks-posts": [
        (4.0, "gave a talk, a talk at, my talk, the talk, tech talk, lightning talk, keynote, "
              "conference talk, presented at, "
              "spoke at, blog, blog post, blog posts, wrote an article, my article, published an article, "
              "an article on, medium, stackoverflow, "
              "answered on stack overflow, stack overflow answer, stack overflow answers, "
              "talk proposal, long-form post, engineering blog"),
        (1.5, "conference, meetup, published, wrote a post, a post about, my post, presentation, "
              "recorded, talk, talks"),
    ],
    "communication.documentation": [
        (3.0, "documentation, documented, document the, how-to, how to, howto, how-to guide, "
              "readme, api reference, reference pages, wiki, faq, handbook, architecture overview, "
              "usage examples, onboarding guide, setup guide, guide"),
        (1.5, "docs, doc, diagram, explain the"),
    ],
    "communication.stakeholders": [
        (3.0, "stakeholder, stakeholders, executive, executives, exec team, =execs, cto, vp, "
              "product leadership, head of product, executive summary, status report, "
              "plain language, no jargon, without jargon, slides, qbr, sales team, sales, "
              "business stakeholders, leadership review"),
        (1.5, "summary, explained, product manager, explain, present, presented"),
    ],
    "communication.technical-writing": [
        (2.5, "write-up, wrote up, written proposal, asynchronously, doc comments, comment deadline, "
              "one-page design docs, link to when, laying out the options, short doc, "
              "decide asynchronously, settled asynchronously, clarity"),
        (1.0, "writing, wrote, written"),
    ],
    "communication.persuasion": [
        (3.0, "convinced, convince, made the case, persuaded, counter-argument, strongest argument, "
              "changed the outcome"),
    ],
    "communication.within-team": [
        (2.5, "demo, demoed, walked the team through, team meeting, to the team"),
    ],
    "communication.clear-updates": [
        (2.5, "pr description, pr descriptions, why/what/how, daily update, focused question, "
              "how tested, what i had tried"),
    ],
    "communication.org-wide": [
        (3.0, "technical vision, vision, newsletter, all-hands, whole org, company blog"),
    ],
    "communication": [
        (1.5, "communicated, communication, translated, announcement"),
    ],
    # mentorship
    "mentorship.mentoring": [
        (4.0, "mentor, mentored, mentoring, mentee, mentees, coached, coaching, coach, "
              "pair programming, apprentice, growth goal"),
        (2.0, "pairing, paired, junior, juniors, pairing session, pairing sessions, intern"),
    ],
    "mentorship.teaching-reviews": [
        (2.5, "questions rather than answers, open questions, open question, labelled my review, "
              "labelling my review, blocking comment, blocking comments, marked blocking, "
              "non-blocking comment, suggestion and nit, thanked me for the review, "
              "junior author, new grad, intern, teach the"),
    ],
    "mentorship.hiring": [
        (3.0, "interview, interviews, interviewed, interviewer, interviewers, interviewing, "
              "candidate, candidates, hiring, hire, recruiter, phone screen, technical screen, "
              "take-home, rubric, debrief, onsite, interview loop, cvs, calibrated, "
              "hiring committee, question bank, interview questions"),
    ],
    "mentorship.knowledge-sharing": [
        (4.0, "brown bag, brown-bag, lunch and learn, knowledge sharing, knowledge-sharing, "
              "study group, brainstorming, mob programming, internal workshop, workshop on, "
              "taught a workshop, office hours"),
        (1.5, "workshop, taught, teaching, session, sessions, internal guide"),
    ],
    "mentorship.onboarding": [
        (3.0, "onboarding buddy, buddy, new joiner, new joiners, new hire, new hires, "
              "new engineer, newcomers, first week, architecture walkthrough, walkthrough, "
              "first production change, day one, day four"),
        (1.0, "onboarding"),
    ],
    "mentorship.peer-support": [
        (2.5, "unstuck, setup questions, new grads, new colleague, new team members, helped a teammate"),
        (1.5, "helped, help, helping, answered"),
    ],
    "mentorship.seeks-feedback": [
        (2.5, "my mentor, asked for feedback, applied the feedback, applied the review feedback"),
    ],
    "mentorship.growing-leaders": [
        (2.5, "was promoted, promoted to senior, mentoring programme, mentoring program, "
              "interview training"),
    ],
    # leadership
    "leadership.requirements": [
        (3.0, "requirements, requirement, product spec, product discovery, discovery, "
              "acceptance criteria, cut the scope, pushed back, no code, needs no code, "
              "without new code, spec review, product and design, real-time requirement, "
              "technical constraints"),
        (1.5, "spec, scope, with product, pm, clarify the requirements, refine, challenged"),
    ],
    "leadership.cross-team": [
        (3.0, "cross-team, cross team, initiative, three teams, several teams, other teams, "
              "across teams, commitments, agreements, kickoff, all teams, other team"),
        (1.0, "teams, shared, coordinated"),
    ],
    "leadership.disagreement": [
        (3.0, "disagreement, disagreed, disagree, debate, tension, mediated, facilitated, "
              "chaired, decision summary, published the decision, dissenting, heated, "
              "both sides, settle it, constructive discussion"),
        (1.0, "experiment, resolved"),
    ],
    "leadership.process": [
        (3.0, "our process, team process, the process for, release process, review process, "
              "development process, hiring process, process change, new process, "
              "process improvement, team agreement, working agreement, norms, review norms, retro format, "
              "definition of done, wip limits, cycle time, turnaround, rfc process, team rules, "
              "ground rules, house rules, review rules, "
              "review standard, code review standard, "
              "triage rules, team adopted"),
        (1.0, "introduced, guidelines, rotation"),
    ],
    "leadership.influence": [
        (3.0, "priorities, prioritise, prioritize, roadmap changed, guild, adopted by two, "
              "neighbouring teams, neighboring teams, quarterly planning, annual planning, "
              "planning document, influenced"),
        (1.5, "adopted, proposal, adopt, planning"),
    ],
    "leadership.team-participation": [
        (3.0, "retro, retrospective, sprint planning, chore, chores, dependency update, "
              "volunteered, nobody wanted, picked up"),
        (1.5, "sprint, sprints, standup format"),
    ],
    "leadership.initiative": [
        (3.0, "without being asked, on my own initiative, clarifying questions, nobody asked"),
    ],
    "leadership.org-strategy": [
        (3.0, "engineering strategy, strategy memo, memo, offsite, investment priorities, "
              "org planning, company strategy"),
        (1.5, "strategy, investment"),
    ],
    "leadership": [
        (3.0, "led the team, tech lead, tech leads, stood in, stepped up, team lead, "
              "ran planning, ran the team"),
    ],
    # career
    "career.conversations": [
        (3.0, "career, career conversation, career conversations, promotion, promotion path, "
              "skip-level, skip level, next level, growth plan, advice, towards senior, "
              "towards staff, grew into"),
    ],
    "career.brag-document": [
        (4.0, "brag doc, brag document, brag, accomplishments log, highlights, wins"),
    ],
    "career.portfolio": [
        (4.0, "open source, open-source, upstream, side project, personal site, github profile, "
              "portfolio, dotfiles, maintainers, my best"),
    ],
    "career.network": [
        (4.0, "coffee chat, coffee, network, networking, catch-up, catch up, reconnected, =talked to, =talked with, "
              "former colleague, former teammates, community, followed up, lunch with, "
              "community of practice, volunteered at"),
        (2.0, "attended, meetup, conference, went to, joined the"),
    ],
    "career.learning-plan": [
        (3.0, "book, chapter, chapters, ddia, designing data-intensive applications, sre book, "
              "site reliability engineering, refactoring book, course, coursera, udemy, "
              "certification, certified, learning plan, reading list, lab, learning log, "
              "studied, studying, philosophy of software design, mit"),
        (2.0, "read, reading, study, learn, learned, learning, watched"),
    ],
    "career.monthly-focus": [
        (3.0, "one technical, one leadership, one communication, this month's focus, "
              "goals for the month, monthly goals, month's focus, three goals for the month"),
    ],
    "career.growth-goals": [
        (3.0, "self-assessment, self assessment, self-review, self review, running list, "
              "rated myself, mid-year review, performance cycle, biggest gaps"),
        (1.0, "gaps, expectations, progress"),
    ],
    "career.feedback-loop": [
        (2.5, "my manager, manager, growth goals, one-on-one, 1on1, check-in with my lead"),
        (1.5, "goals, feedback"),
    ],
    "career.next-path": [
        (3.0, "staff engineer path, engineering manager, management track, sponsor, "
              "development plan, which path, is for me"),
    ],
    "career": [
        (3.0, "resume, cv, linkedin, promotion packet, 360 feedback, conference budget, "
              "learning time"),
    ],
}

#: Phrases that mean nothing for the ladder but would otherwise be read as a word they contain
#: ("onboarding flow" is product work, not onboarding a person; "new path" is code).
NEUTRAL = (
    "onboarding flow, onboarding emails, onboarding portal, onboarding experience, "
    "self-serve onboarding, mobile onboarding, user onboarding, make onboarding faster, "
    "design system, test data, feature owner, page load, search page, product page, "
    "pricing page, reports page, projects page, settings page, confirmation page, "
    "page size, slow page, invoice page, admin page, status code, up to date, "
    "release tooling, book a, booking, code scanning alert, code scanning alerts, "
    "security alert, security alerts, dependabot alert, dependabot alerts, scanning alerts, "
    "list of alternatives, alternatives to, "
    # injection as a way to put code together, no attack
    "style injection, hook injection, dependency injection, constructor injection, "
    "field injection, fault injection, service injection, property injection, "
    "setter injection, method injection, variable injection, variables injection, "
    "injection not found, injection key, injection keys, injection context, "
    # a tool's own nouns: a project it creates ("create-project", a project template), a
    # variable not bound, what a package ships with
    "create project, project template, project templates, project root, project directory, "
    "project folder, project file, project files, project name, unbound variable, "
    "unbound variables, ships with, shipped with, ship with, "
    # a program keeping its own state (the cursor, errno, the directory), not backups or cost;
    # the size a call needs, not right-sizing
    "save and restore, saves and restores, saved and restored, save/restore, the right size, "
    "the wrong size, the correct size, "
    # a rename the program does for its users (a database's columns and tables, a feature
    # to rename): what it offers, not code renamed; columns and tables renamed for consistency
    # still are a clean-up ("Rename columns and tables for consistency")
    "rename support, renaming support, support for renaming, support renaming, rename column support, "
    "rename table support, rename index support, support rename column, support rename table, "
    # the documentation as the yardstick the code is brought to, not documentation written
    "code to documentation, code to the documentation, implementation to the documentation, "
    "match the documentation, matches the documentation, match documentation, "
    "according to the documentation, according to documentation, as documented, "
    "documented behavior, documented behaviour, "
    # a pair in the code (two iterators, a key and its value), no pair programming
    "iterator pair, iterator pairs, key value pair, key value pairs, name value pair, value pair, "
    "value pairs, std pair, pair support, pair type, pair types, "
    # a certificate a program is told not to check (wget's --no-check-certificate) or checks,
    # no certificate renewed; a certificate check that operations run still counts ("Add
    # certificate checks to monitoring")
    "not check certificate, not check certificates, no check certificate, ignore certificate, "
    "ignore certificates, skip certificate check, skip certificate checks, certificate verification, "
    "certificate validation, verify certificate, verify certificates, "
    # a warning a program escalates to an error, or privileges: no incident escalated (a
    # privilege escalation is an attack: security)
    "escalate warnings, escalate the warning, escalate the warnings, escalate to an error, "
    "escalate the distinction, escalate privileges, "
    # memory or a lock a program retains and releases, no release shipped
    "retain and release, retains and releases, retained and released, retain release, "
    "release closure, release closures, release callback, release callbacks, "
    "release the lock, release a lock, release lock, release the mutex, release memory, "
    "release the memory, release resources, release the resources, release the reference, "
    "release references, "
    # a formatter's style named after the RFC that set it (rustfmt's "rfc style"), no RFC written
    "rfc style, the rfc style, "
    # a compiler's or a package manager's features, switched on and off at build time (Rust's
    # feature gates, Cargo's default features), no feature delivered
    "feature gate, feature gates, feature gated, unstable feature, unstable features, "
    "unstable feature flag, nightly feature, nightly features, default features, "
    "no default features, combinations of features, feature announcement, feature announcements"
)

# -- words that only mean something in a context ----------------------------------------------
#: Context cues: a word that puts an item in a context (besides its kind).
CUES: dict[str, str] = {
    "review": "code review, reviewed, reviewing, my review, review of, in review, lgtm, "
              "approved, requested changes, review comments, reviews",
}

#: In a code review, words about code structure are design-level review, and teaching words
#: are review feedback that teaches.
IN_CONTEXT: dict[str, dict[str, list[tuple[float, str]]]] = {
    "review": {
        "code-quality.design-review": [
            (3.0, "boundary, boundaries, module, modules, interface, interfaces, abstraction, "
                  "coupling, separation, separate, separating, split, splitting, god class, "
                  "singleton, dependency injection, enum, data model, error handling, "
                  "error types, result object, layer, domain layer, controller, api shape, "
                  "shape, naming, builder, responsibilities, class, architecture, design, "
                  "invalid states, stringly-typed, global, mixes, belongs, optional arguments, "
                  "boolean flags, infrastructure code, domain"),
        ],
        "code-quality.reviews": [
            (2.0, "caught, bug, bugs, edge case, missing test, missing case, returns 200"),
        ],
        "mentorship.teaching-reviews": [
            (3.0, "explained why, explaining, explained, explain, linked the, link to, "
                  "style guide, teach, taught, why behind, reasoning behind, junior, intern, "
                  "new grad, the author could, so the author, learn, examples"),
        ],
    },
}

# -- kinds of evidence --------------------------------------------------------------------------
#: Item kind → (target, weight, phrase for the reason).
KINDS: dict[str, list[tuple[str, float, str]]] = {
    "review": [("code-quality.reviews", 2.0, "a code review you gave")],
    "pull-request": [("delivery", 0.8, "a pull request")],
    "merge": [("delivery", 0.8, "a merged change")],
    "commits": [("delivery", 0.5, "commits")],
    "commit": [("delivery", 0.5, "a commit")],
    "ticket": [("delivery.scoped-tasks", 1.5, "a ticket")],
    "issue": [("delivery.scoped-tasks", 1.0, "an issue")],
}

#: Calendar event subkind → targets.
MEETINGS: dict[str, list[tuple[str, float, str]]] = {
    "one-on-one": [
        ("career.feedback-loop", 1.5, "a 1:1 meeting"),
        ("mentorship.mentoring", 1.2, "a 1:1 meeting"),
    ],
    "interview": [("mentorship.hiring", 4.0, "an interview on your calendar")],
    "design-review": [("system-design.design-docs", 3.0, "a design review meeting")],
    "talk": [("communication.talks-posts", 4.0, "a talk on your calendar")],
    "incident-review": [("operations.incidents-rca", 4.0, "an incident review meeting")],
    "retro": [("leadership.team-participation", 3.0, "a retrospective")],
    "planning": [("leadership.team-participation", 2.0, "a planning meeting")],
    "demo": [("communication.within-team", 3.0, "a demo")],
    "knowledge-sharing": [("mentorship.knowledge-sharing", 3.0, "a knowledge-sharing session")],
    "onboarding": [("mentorship.onboarding", 3.0, "an onboarding session")],
    "hiring-debrief": [("mentorship.hiring", 3.0, "a hiring debrief")],
    "standup": [("delivery", 1.0, "a stand-up")],
}

MEETING_ALIASES: dict[str, str] = {
    "1:1": "one-on-one", "1-1": "one-on-one", "one-to-one": "one-on-one", "1on1": "one-on-one",
    "oneonone": "one-on-one", "interviews": "interview", "design": "design-review",
    "design_review": "design-review", "presentation": "talk", "tech-talk": "talk",
    "incident": "incident-review", "postmortem": "incident-review", "retrospective": "retro",
    "brown-bag": "knowledge-sharing", "brownbag": "knowledge-sharing", "debrief": "hiring-debrief",
    "stand-up": "standup",
}

#: Document kind (``data.kind`` from the docs source; see ``ladder.designdoc``) → targets.
DOCS: dict[str, list[tuple[str, float, str]]] = {
    "design": [("system-design.design-docs", 2.5, "a design doc you wrote")],
    "rfc": [("system-design.design-docs", 2.5, "an RFC you wrote")],
    "adr": [("system-design.design-docs", 2.5, "an architecture decision record you wrote")],
    "runbook": [("operations.runbooks-oncall", 4.0, "a runbook you wrote")],
    "postmortem": [("operations.incidents-rca", 4.0, "a postmortem you wrote")],
    "onboarding": [("communication.documentation", 3.0, "an onboarding guide you wrote")],
    "howto": [("communication.documentation", 3.0, "a how-to guide you wrote")],
}

#: Conventional-commit type → (target, weight).
COMMIT_TYPES: dict[str, tuple[str, float]] = {
    "feat": ("delivery.features", 1.5),
    "test": ("code-quality.tested-changes", 2.0),
    "tests": ("code-quality.tested-changes", 2.0),
    "docs": ("communication.documentation", 2.5),
    "doc": ("communication.documentation", 2.5),
    "perf": ("technical-depth.performance-concurrency", 3.0),
    "refactor": ("code-quality.tech-debt", 3.0),
    "ci": ("code-quality.ci-cd", 3.0),
    "build": ("code-quality.ci-cd", 2.5),
    "style": ("code-quality", 2.5),
    "chore": ("code-quality", 0.8),
    "revert": ("delivery.safe-rollouts", 1.0),
    "sec": ("system-design.security-compliance", 2.5),
    "security": ("system-design.security-compliance", 2.5),
}

#: Paths touched: (regex on the path, target, weight, what it is). First match per path wins.
PATHS: list[tuple[str, str, float, str]] = [
    (r"(^|/)(adrs?|decisions|architecture-decisions)/", "system-design.design-docs", 3.0, "an architecture decision record"),
    (r"(^|/)(rfcs?|design-docs?|designs?)/", "system-design.design-docs", 3.0, "a design document"),
    (r"(^|/)(runbooks?|playbooks?|on-?call)/", "operations.runbooks-oncall", 3.0, "a runbook"),
    (r"(^|/)(post-?mortems?|incidents?)/", "operations.incidents-rca", 3.0, "a postmortem"),
    (r"(^|/)(alerts?|alerting|alertmanager)/|alerts?\.ya?ml$", "operations.slos-alerting", 3.0, "alert rules"),
    (r"(^|/)(monitoring|dashboards?|grafana|observability)/", "operations.observability", 2.5, "monitoring"),
    (r"(^|/)(\.github/workflows|\.circleci|\.buildkite)/|(^|/)(\.gitlab-ci\.ya?ml|Jenkinsfile|azure-pipelines\.ya?ml)$", "code-quality.ci-cd", 3.0, "the CI configuration"),
    (r"(^|/)(tests?|__tests__|spec|e2e)/|(^|/)test_[^/]*\.py$|_test\.(go|py)$|\.(test|spec)\.[jt]sx?$", "code-quality.tested-changes", 1.5, "tests"),
    (r"(^|/)(terraform|infra|k8s|kubernetes|helm|charts|ansible)/|\.tf$", "operations", 1.5, "infrastructure code"),
    (r"(^|/)migrations?/|\.sql$", "technical-depth.databases", 1.5, "database migrations"),
    (r"(^|/)(openapi|swagger)\.(ya?ml|json)$", "system-design.api-evolution", 2.0, "the API specification"),
    (r"(^|/)(docs?|documentation)/|(^|/)README(\.\w+)?$|\.(md|rst|adoc)$", "communication.documentation", 2.0, "documentation"),
]

# fmt: on

# -- how a target reads in a reason ----------------------------------------------------------------
LABELS: dict[str, str] = {
    "technical-depth.language-basics": "language basics",
    "technical-depth.stack-proficiency": "knowing the stack",
    "technical-depth.fundamentals": "data structures and complexity",
    "technical-depth.deep-stack": "deep knowledge of the stack",
    "technical-depth.performance-concurrency": "performance, memory and concurrency",
    "technical-depth.databases": "databases",
    "technical-depth.distributed-systems": "distributed systems",
    "technical-depth.subject-matter-expert": "subject-matter expertise",
    "technical-depth.org-expertise": "expertise across teams",
    "system-design.component-changes": "designing components",
    "system-design.feature-design": "designing features",
    "system-design.design-docs": "design documents",
    "system-design.tradeoffs": "trade-offs backed by data",
    "system-design.failure-modes": "failure modes",
    "system-design.scale": "scale",
    "system-design.api-evolution": "API design and evolution",
    "system-design.security-compliance": "security and compliance",
    "system-design.cost": "cost and fit",
    "system-design.architecture-direction": "architecture direction",
    "delivery.scoped-tasks": "scoped tasks",
    "delivery.features": "delivering features",
    "delivery.ownership": "ownership end to end",
    "delivery.autonomy": "shipping without supervision",
    "delivery.launch-impact": "launch impact",
    "delivery.roadmap": "roadmaps with stakeholders",
    "delivery.safe-rollouts": "safe rollouts and migrations",
    "delivery.multi-team-programs": "multi-team programs",
    "code-quality.tested-changes": "tested changes",
    "code-quality.reviews": "code review",
    "code-quality.design-review": "design-level review",
    "code-quality.testing-strategy": "testing strategy",
    "code-quality.tech-debt": "tech debt and refactoring",
    "code-quality.ci-cd": "CI/CD",
    "code-quality.integration": "shared components",
    "code-quality.ai-assistance": "AI-assisted code, reviewed critically",
    "code-quality.engineering-standards": "engineering standards",
    "operations.on-call-basics": "on-call basics",
    "operations.service-health": "service health",
    "operations.slos-alerting": "SLOs and alerting",
    "operations.runbooks-oncall": "runbooks and on-call",
    "operations.incidents-rca": "incidents and root-cause analysis",
    "operations.observability": "observability",
    "operations.efficiency": "cost and efficiency",
    "operations.readiness-reviews": "operational readiness",
    "operations.reliability-strategy": "reliability strategy",
    "communication.clear-updates": "clear updates",
    "communication.within-team": "explaining within the team",
    "communication.technical-writing": "technical writing",
    "communication.documentation": "documentation",
    "communication.stakeholders": "stakeholders and executives",
    "communication.persuasion": "making the case",
    "communication.talks-posts": "talks and posts",
    "communication.org-wide": "speaking for the organisation",
    "mentorship.seeks-feedback": "seeking feedback",
    "mentorship.peer-support": "helping peers",
    "mentorship.mentoring": "mentoring",
    "mentorship.teaching-reviews": "reviews that teach",
    "mentorship.knowledge-sharing": "knowledge sharing",
    "mentorship.onboarding": "onboarding new engineers",
    "mentorship.hiring": "hiring and interviews",
    "mentorship.growing-leaders": "growing leaders",
    "leadership.team-participation": "team participation",
    "leadership.initiative": "initiative",
    "leadership.requirements": "shaping requirements",
    "leadership.cross-team": "cross-team initiatives",
    "leadership.disagreement": "resolving disagreement",
    "leadership.process": "improving process",
    "leadership.influence": "influence beyond the team",
    "leadership.org-strategy": "organisation strategy",
    "career.feedback-loop": "1:1s and goals",
    "career.growth-goals": "tracking growth",
    "career.conversations": "career conversations",
    "career.brag-document": "brag document",
    "career.portfolio": "portfolio",
    "career.network": "network",
    "career.learning-plan": "learning plan",
    "career.monthly-focus": "monthly focus",
    "career.next-path": "the path after Senior",
}

__all__ = [
    "AREAS",
    "COMMIT_TYPES",
    "CUES",
    "DOCS",
    "IN_CONTEXT",
    "KINDS",
    "LABELS",
    "MEETINGS",
    "MEETING_ALIASES",
    "NEUTRAL",
    "PATHS",
    "WORDS",
]
