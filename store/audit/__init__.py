"""Audit: proving the record is what it claims, and showing the proof.

- :mod:`store.audit.verify`: ``council verify`` (fsck, every commit's rules,
  the index against HEAD; incremental from the last clean run);
- :mod:`store.audit.walk`: the per-commit checks, in one walk of the history;
- :mod:`store.audit.amendcheck`: the checks on one ``amend:`` commit (its
  decision, trailers and signatures, as of the parent commit);
- :mod:`store.audit.evidence`: ``council evidence``, one decision's proof,
  checkable offline with plain git.

Sync verifies a partner's commits with the same walk before it integrates
them; export refuses a commit that fails it.
"""
