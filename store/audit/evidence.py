"""`council evidence`: a self-contained bundle proving one decision, checkable offline with plain git.

The bundle holds, for the commit that carried the decision (its amendment,
or the commit that recorded it when it amends nothing):

- the charter, the membership and the partnership as in force at the parent
  commit (the files, byte for byte, so ``git hash-object`` matches the history);
- the decision and meeting records as of the commit (for a decision taken by
  written resolution, the resolution: its ballots and dates, worked through by
  ``store/audit/evidence_written.py``);
- the attendance and quorum computation, each member's vote, and the outcome
  computation, worked through by the same rules ``council verify`` applies;
- the amendment diff, from ``git show``, and field by field;
- the commit signature and co-signatures, the signed payloads and the
  allowed-signers file of the keys registered at the parent commit;
- ``history.bundle``, a git bundle of the main line up to the commit;
- ``README.md`` with the exact commands an outsider runs, and ``SHA256SUMS``.

The output is a directory, or a ``.zip`` / ``.tar.gz`` archive of one.
"""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
import io
import json
import shutil
import tarfile
import tempfile
import zipfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from council import proceedings, rules
from council.errors import CouncilError, RecordError, StoreError
from council.presence import attendance_at
from council.records import Decision, Meeting, Resolution, is_term_path
from store.audit import evidence_check
from store.audit import evidence_written as in_writing
from store.audit.walk import Walker
from store.git import bundles, revs
from store.git import process as gitprocess
from store.git.trees import ls_tree
from store.history import commit_entry
from store.logentry import Entry, record_path
from store.recorddiff import diff
from store.write import signing

README_TITLE = "Evidence for {decision}"


@dataclass(frozen=True)
class Evidence:
    decision: str
    commit: str
    out: Path
    files: tuple[str, ...]


def find_commit(root: Path, dec_id: str) -> Entry:
    """The amend commit whose Decision trailer names ``dec_id``, else the commit that decided it."""
    record_path(dec_id)  # a clear error for a malformed ID
    out = revs.rev_list(root, "--first-parent", f"--grep=^Decision: {dec_id}$", "HEAD")
    for sha in out:
        entry = commit_entry(root, sha)
        if entry.kind == "amend" and entry.decision == dec_id:
            return entry
    from store.history import history

    with Walker(root, {}) as walker:
        for entry in reversed(history(root, dec_id)):
            record = walker.record_at(entry.commit, dec_id)
            if in_writing.decided(record):
                return entry
    raise RecordError(dec_id, "id", "a decision recorded in this store with its votes, or a written resolution "
                      "once closed", dec_id)


def build(root: Path, dec_id: str, out: Path) -> Evidence:
    """Write the evidence bundle for ``dec_id`` to ``out`` (a new directory, .zip or .tar.gz)."""
    out = Path(out)
    if out.exists() and (out.is_file() or any(out.iterdir())):
        raise StoreError(f"{out} already exists; choose a new path for the evidence bundle")
    entry = find_commit(root, dec_id)
    with tempfile.TemporaryDirectory(prefix="council-evidence-") as tmp:
        folder = Path(tmp) / "evidence"
        folder.mkdir()
        _write_all(root, dec_id, entry, folder)
        files = _checksums(folder)
        _pack(folder, out)
    return Evidence(dec_id, entry.commit, out, files)


def _write_all(root: Path, dec_id: str, entry: Entry, folder: Path) -> None:
    parent = entry.parents[0] if entry.parents else None
    with Walker(root, {}) as walker:
        decision = walker.record_at(entry.commit, dec_id)
        if not isinstance(decision, (Decision, Resolution)):
            raise RecordError(dec_id, "id", f"a decision present at commit {entry.short}", dec_id)
        meeting = walker.record_at(entry.commit, decision.meeting) if isinstance(decision, Decision) else None
        copied: list[tuple[str, str, str]] = []  # (commit, path in git, file here): what check.sh binds

        def copy(commit: str, path: str, file: str) -> None:
            if _copy(walker, commit, path, folder / file):
                copied.append((commit, path, file))

        copy(entry.commit, record_path(dec_id), in_writing.record_file(decision))
        if isinstance(meeting, Meeting):
            copy(entry.commit, record_path(meeting.id), "meeting.md")
        state = walker.state(parent) if parent else None
        if parent:
            for sub in ("charter", "members"):
                for path in _paths(root, parent, sub):
                    copy(parent, path, path)
            copy(parent, "partnership.md", "partnership.md")
        facts = (in_writing.computation(decision, state) if isinstance(decision, Resolution)
                 else _computation(decision, meeting, state))
        sigs = _signatures(walker, entry, dec_id, state, folder) if parent else {}
    (folder / "computation.txt").write_text(facts["text"])
    if isinstance(decision, Resolution):
        in_writing.votes_csv(decision, state, folder / "votes.csv")
    else:
        _votes_csv(decision, state, folder / "votes.csv")
    git_show = gitprocess.git(root, "show", "--format=fuller", "--no-color", entry.commit).decode("utf-8", "replace")
    (folder / "amendment.diff").write_text(git_show)
    from store.history_text import diff_lines

    (folder / "amendment-fields.txt").write_text("\n".join(diff_lines(diff(root, entry.commit))) + "\n")
    bundles.of_history(root, entry.commit, folder / "history.bundle")
    summary = {"decision": dec_id, "commit": entry.commit, "parent": parent, "date": entry.date.isoformat(),
               "summary": entry.summary, "kind": entry.kind, "trailers": entry.message.split("\n\n")[-1],
               "quorum": facts["quorum"], "outcome": facts["outcome"], "votes": decision.votes,
               "signatures": sigs, **(in_writing.summary(decision, state) if isinstance(decision, Resolution) else {})}
    (folder / "evidence.json").write_text(json.dumps(summary, indent=2, ensure_ascii=False) + "\n")
    (folder / "README.md").write_text(_readme(dec_id, entry, parent, decision, sigs))
    evidence_check.write(folder, dec_id, entry.commit, copied)


def _paths(root: Path, commit: str, folder: str) -> list[str]:
    return [path for path, _ in ls_tree(root, commit, folder)]


def _copy(walker: Walker, commit: str, path: str, target: Path) -> bool:
    found = walker.get(f"{commit}:{path}")
    if found is not None:
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(found[2])
    return found is not None


def _computation(decision: Decision, meeting, state) -> dict:
    """The quorum and outcome, worked through under the charter and membership at the parent."""
    lines = [f"Decision {decision.id}: {decision.title}", f"Tier: {decision.tier}", ""]
    facts: dict[str, Any] = {"quorum": None, "outcome": None}
    if not isinstance(meeting, Meeting) or state is None:
        lines.append("The meeting or the charter in force is not in the store; nothing can be computed.")
        facts["text"] = "\n".join(lines) + "\n"
        return facts
    at = f" at agenda item {decision.agenda_item}" if decision.agenda_item else ""
    lines += [f"Meeting {meeting.id} on {meeting.date}: attendance{at}"]
    by_id = {m.id: m for m in state.members}
    for member_id, presence in sorted(attendance_at(meeting, decision.agenda_item).items()):
        m = by_id.get(member_id)
        who = f"{m.name} ({m.party}{', voting' if m.voting else ', non-voting'})" if m else "(not a member)"
        lines.append(f"  {member_id:<16} {presence:<12} {who}")
    try:
        # The quorum at the decision's agenda item (arrivals and departures applied).
        q = rules.quorum(state.charter, state.members, attendance_at(meeting, decision.agenda_item),
                         meeting.date, state.parties)
        # The write path's and verify's own function: one set of rules.
        result = proceedings.decision_outcome(state.charter, state.members,
                                              proceedings.consenting_parties(state.partnership), decision, meeting)
    except CouncilError as exc:
        lines += ["", f"Cannot compute: {exc}"]
        facts["text"] = "\n".join(lines) + "\n"
        return facts
    lines += ["", f"Quorum: {q.explanation}", "", "Votes:"]
    for member_id, vote in sorted(decision.votes.items()):
        m = by_id.get(member_id)
        lines.append(f"  {member_id:<16} {vote:<8} {m.name + ' (' + m.party + ')' if m else '(not a member)'}")
    lines += ["", f"Tally: {result.tally}", f"Outcome: {result.explanation}",
              f"Recorded outcome: {decision.outcome}" + ("" if decision.outcome == result.result else "  << DIFFERS")]
    facts.update(text="\n".join(lines) + "\n", quorum={"met": q.met, "explanation": q.explanation},
                 outcome={"result": result.result, "explanation": result.explanation,
                          "recorded": decision.outcome})
    return facts


def _votes_csv(decision: Decision, state, target: Path) -> None:
    by_id = {m.id: m for m in state.members} if state else {}
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\n")
    writer.writerow(["member", "name", "party", "vote"])
    for member_id, vote in sorted(decision.votes.items()):
        m = by_id.get(member_id)
        writer.writerow([member_id, m.name if m else "", m.party if m else "", vote])
    target.write_text(buf.getvalue())


def _signatures(walker: Walker, entry: Entry, dec_id: str, state, folder: Path) -> dict:
    """The commit signature, co-signatures, their payloads and the allowed signers at the parent."""
    sig_dir = folder / "signatures"
    sig_dir.mkdir()
    (sig_dir / "allowed_signers").write_text(signing.allowed_signers(state.members))
    found = walker.get(entry.commit)
    payload, signature = signing.split_signature(found[2] if found else b"")
    out: dict = {"commit": None, "cosignatures": []}
    if signature:
        (sig_dir / "commit.payload").write_bytes(payload)
        (sig_dir / "commit.sig").write_text(signature)
        check = signing.verify_signature(payload, signature, state.members, signing.GIT_NAMESPACE, entry.date)
        out["commit"] = {"ok": check.ok, "member": check.member.id if check.member else None,
                         "principal": signing.principal(check.member) if check.member else None,
                         "reason": check.reason}
    cosigs = signing.cosignatures_in(entry.message)
    if cosigs:
        terms = [(ch.path, ch.old, ch.new) for c in walker.commits(entry.parents[0], entry.commit)
                 for ch in c.changes if is_term_path(ch.path)]
        approval = signing.approval_payload(dec_id, terms)
        (sig_dir / "approval.payload").write_bytes(approval)
        for cosig in cosigs:
            (sig_dir / f"cosign-{cosig.member}.sig").write_text(cosig.signature)
            check = signing.verify_signature(approval, cosig.signature, state.members,
                                             signing.APPROVAL_NAMESPACE, entry.date)
            out["cosignatures"].append({"member": cosig.member, "ok": check.ok, "reason": check.reason,
                                        "principal": signing.principal(check.member) if check.member else None})
    return out


def _checksums(folder: Path) -> tuple[str, ...]:
    files = sorted(p.relative_to(folder).as_posix() for p in folder.rglob("*") if p.is_file())
    lines = [f"{hashlib.sha256((folder / f).read_bytes()).hexdigest()}  {f}" for f in files]
    (folder / "SHA256SUMS").write_text("\n".join(lines) + "\n")
    return tuple(files) + ("SHA256SUMS",)


def _pack(folder: Path, out: Path) -> None:
    name = out.name.lower()
    out.parent.mkdir(parents=True, exist_ok=True)
    if name.endswith(".zip"):
        with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zf:
            for path in sorted(folder.rglob("*")):
                if path.is_file():
                    zf.write(path, f"evidence/{path.relative_to(folder).as_posix()}")
    elif name.endswith((".tar.gz", ".tgz")):
        with tarfile.open(out, "w:gz") as tf:
            tf.add(folder, arcname="evidence")
    else:
        if out.exists():
            out.rmdir()
        shutil.copytree(folder, out)


# The README's list of what the bundle holds: the same for every decision.
_CONTENTS = (
    "## What is here", "",
    "| file | what it is |", "|---|---|",
    "| `decision.md`, `meeting.md` | the decision and its meeting, as recorded at the commit |",
    "| `resolution.md` | in their place, a decision taken by written resolution: its ballots and dates |",
    "| `charter/`, `members/`, `partnership.md` | the charter, membership and parties in force at the parent commit |",
    "| `computation.txt` | attendance, the quorum computation, each member's vote, the outcome computation |",
    "| `votes.csv` | each member's vote, with their party |",
    "| `amendment.diff` | `git show` of the commit: its message, trailers and diff |",
    "| `amendment-fields.txt` | the same change, field by field and word by word |",
    "| `signatures/` | the commit signature and co-signatures, what they sign, and the allowed signers at the parent |",
    "| `history.bundle` | the git history of the store up to this commit |",
    "| `evidence.json` | the same facts for programs |",
    "| `SOURCES` | for every file copied from git: its blob, the commit and the path it comes from |",
    "| `check.sh` | checks every file against the history in `history.bundle` (plain sh and git) |",
    "| `SHA256SUMS` | a checksum of every file above (transit only: it does not prove where they came from) |", "",
    "`computation.txt`, `votes.csv`, `evidence.json` and `amendment-fields.txt` are *derived* from the",
    "copied files (they are conveniences, not evidence); `check.sh` works them out again with",
    "`council evidence` from the cloned history when Council is installed.", "",
)


def _readme(dec_id: str, entry: Entry, parent: str | None, decision: Decision | Resolution, sigs: dict) -> str:
    """The README: what is in the bundle and the plain commands that check it, offline."""
    sha, short = entry.commit, entry.short
    meeting = decision.meeting if isinstance(decision, Decision) else ""
    lines = [
        f"# Evidence for {dec_id}: {decision.title}", "",
        f"Commit `{sha}` ({entry.kind}: {entry.summary}), dated {entry.date.isoformat()}.",
        f"Parent commit (the charter and membership in force): `{parent or 'none: the founding commit'}`.", "",
        *_CONTENTS,
        "## Check it yourself (offline, with git and OpenSSH only)", "",
        "Run these from this directory.  The anchor is the commit ID above: compare it with your own",
        "copy of the store, or check its signature (below); every file is then checked against it:", "",
        "```sh",
        "sh check.sh                                  # every file against the git object it came from",
        "```", "",
        "or step by step:", "",
        "```sh",
        "sha256sum -c SHA256SUMS                      # nothing was altered in transit",
        "git clone -q -b main history.bundle store    # the bundle is the history up to the commit",
        f"git -C store log -1 --format=fuller {sha}   # the message and its trailers",
        f"git -C store show --stat {sha}              # what the amendment changed",
        f"git -C store log --first-parent --format='%h %ad %s' --date=short {sha}   # the history before it",
        "```", "",
        "The files here are the files in the history, byte for byte:", "",
        "```sh",
        "for f in charter/*.md members/*.md partnership.md; do",
        f"  test \"$(git -C store hash-object --stdin < \"$f\")\" = \"$(git -C store rev-parse {parent or sha}:\"$f\")\" \\",
        "    && echo \"same: $f\" || echo \"DIFFERENT: $f\"",
        "done",
        f"git -C store show {sha}:{record_path(dec_id)} | diff - {in_writing.record_file(decision)} "
        f"&& echo 'same: {in_writing.record_file(decision)}'",
        *([f"git -C store show {sha}:{record_path(meeting)} | diff - meeting.md && echo 'same: meeting.md'"]
          if meeting else []),
        "```", "",
    ]
    stamp = entry.date.astimezone(dt.UTC).strftime("%Y%m%d%H%M%SZ")
    lines += _readme_signatures(sha, sigs, stamp)
    if isinstance(decision, Resolution):
        return "\n".join([*lines, *in_writing.recount(decision), f"Short commit: `{short}`."]) + "\n"
    lines += [
        "## Recount the vote", "",
        "`computation.txt` works the quorum and the threshold through; to recount by hand, read the",
        "quorum clause and the tier in `charter/` (the clause with `rule = \"quorum\"` and the one with",
        "`rule = \"tiers\"`), the voting members serving on the meeting day in `members/`, the attendance",
        "in `meeting.md` and the votes in `decision.md`.",
        "A term change counts only if the decision passed under the charter in force at the *parent*",
        "commit, so a charter amendment cannot approve itself.", "",
        f"Short commit: `{short}`.",
    ]
    return "\n".join(lines) + "\n"


def _readme_signatures(sha: str, sigs: dict, stamp: str) -> list[str]:
    """``stamp`` is the commit time: keys are valid only during their member's term."""
    if not sigs or (not sigs.get("commit") and not sigs.get("cosignatures")):
        return ["## Signatures", "", "The commit is not signed (the charter in force did not require it, "
                "or this is the founding commit).", ""]
    lines = ["## Signatures", "",
             "The commit signature is an SSH signature made the way `git commit -S` makes it; git checks it:", "",
             "```sh",
             f"git -C store -c gpg.ssh.allowedSignersFile=../signatures/allowed_signers verify-commit {sha}",
             "# or, with OpenSSH alone, over the exact bytes that were signed:"]
    commit = sigs.get("commit") or {}
    if commit.get("principal"):
        lines.append(f"ssh-keygen -Y verify -f signatures/allowed_signers -I '{commit['principal']}' -n git "
                     f"-s signatures/commit.sig -Overify-time={stamp} < signatures/commit.payload")
    lines += ["git -C store cat-file commit " + sha + " | sed '/^gpgsig /,/^ -----END SSH SIGNATURE-----$/d' "
              "| cmp - signatures/commit.payload "
              "&& echo 'commit.payload is the commit without its signature'", "```", ""]
    if sigs.get("cosignatures"):
        lines += ["Two-key approval: each party's representative signed `signatures/approval.payload` (the",
                  "decision, and the old and new blob of every term file the commit changes):", "", "```sh"]
        for c in sigs["cosignatures"]:
            lines.append(f"ssh-keygen -Y verify -f signatures/allowed_signers -I '{c.get('principal') or c['member']}' "
                         f"-n council-approval -s signatures/cosign-{c['member']}.sig -Overify-time={stamp} "
                         "< signatures/approval.payload")
        lines += [f"git -C store diff-tree -r --no-abbrev {sha}   # the old and new blobs named in approval.payload",
                  "```", ""]
    return lines
