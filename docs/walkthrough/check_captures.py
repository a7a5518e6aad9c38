"""Check the walk-through's screen captures for words cut short (issue 19).

A cut word is a token of 3+ letters that is a strict prefix of a word the app
shows (a record's title or field, a column header, a key's label, an area's
name) and is not that word nor any other word the app uses, ended without an
ellipsis: ``nego`` for ``negotiation`` in a stage column, ``agai`` for
``against``. A footer is checked for keys cut in half the same way (its labels
are in the vocabulary, down to two letters), and the footers of the areas
that have one must offer ``? Keys``.

Importable (the fast tests plant cut captures) and runnable::

    python docs/walkthrough/check_captures.py --store STORE CAPTURE...

Exit status 0 when no capture is cut; otherwise each cut is printed as
``file:line: 'nego' cut from 'negotiation'`` and the status is 1.
"""

from __future__ import annotations

import argparse
import ast
import dataclasses
import re
import sys
from collections.abc import Iterable
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
# A token: letters bounded by anything but letters, digits, '-' and '_' (so IDs
# such as DSP-001 and values such as no_quorum are not read as words).
TOKEN = re.compile(r"(?<![\w\-])[A-Za-z]{%d,}(?![\w\-])")
ELLIPSIS = "…"
# Words that are whole although longer app words start with them: a shorter
# word is never a cut of itself, and these are the plain ones the app's vocabulary
# does not hold on its own (month abbreviations in dates, English glue words).
PLAIN_WORDS = frozenset(
    "jan feb mar apr may jun jul aug sep sept oct nov dec mon tue wed thu fri sat sun "
    "the and app are not all any can has had her his its one our out own see set was who why yes "
    "new now off per say she too two use via way yet also each from have into just more none again "
    "only over some such than that them then they this what when will with your "
    # the footer's names of keys (Textual shows escape as esc)
    "esc tab enter del ins home end space ctrl shift pgup pgdn".split()
)
# A token that runs into a block or box character is under a panel drawn over
# it (a dialog over a form), not laid out short: the panel's own text is checked.
COVERED = re.compile(r"[\u2500-\u259f]")


# What a whole word grows by in the app's words: "Dispute" is whole beside "disputes".
INFLECTIONS = frozenset(("s", "es", "d", "ed", "ing", "er", "ers"))


@dataclasses.dataclass(frozen=True)
class Cut:
    """A word cut short on a screen: where, what was shown, what it was cut from."""

    line: int  # 1-based
    column: int  # 0-based
    token: str
    word: str

    def __str__(self) -> str:
        return f"{self.line}:{self.column}: {self.token!r} cut from {self.word!r}"


def words_of(texts: Iterable[str]) -> set[str]:
    """The lower-case words of some texts (a title gives each of its words)."""
    found: set[str] = set()
    for text in texts:
        found.update(w.lower() for w in re.findall(r"[A-Za-z]+", text))
    return found


def find_cuts(capture: str, vocabulary: Iterable[str], shortest: int = 3) -> list[Cut]:
    """Every token (``shortest`` letters or more) in ``capture`` that is a strict prefix
    of a vocabulary word and is not a word itself (nor followed by an ellipsis, which
    says it was shortened)."""
    token_re = re.compile(TOKEN.pattern % shortest)
    vocab = words_of(vocabulary)
    whole = vocab | PLAIN_WORDS
    cuts: list[Cut] = []
    for number, line in enumerate(capture.splitlines(), 1):
        for match in token_re.finditer(line):
            token = match.group().lower()
            after = line[match.end():match.end() + 1]
            # A word before a colon is a filter's key or a label (sens:public, amend: adopt…),
            # written short on purpose: a cut word loses what followed it, colon and all.
            if token in whole or after in (ELLIPSIS, ":") or COVERED.match(after):
                continue
            longer = sorted(w for w in vocab if len(w) > len(token) and w.startswith(token)
                            and w[len(token):] not in INFLECTIONS)
            if longer:
                cuts.append(Cut(number, match.start(), match.group(), longer[0]))
    return cuts


def footer_problems(capture: str, vocabulary: Iterable[str], keys_panel: bool = True) -> list[str]:
    """The footer (the last line) shows whole key labels (a cut as short as ``m Mo``
    is flagged there) and, where ``keys_panel``, the ``? Keys`` that lists every key."""
    lines = capture.rstrip("\n").splitlines()
    last = lines[-1].rstrip() if lines else ""
    problems = [f"{len(lines)}:{c.column}: footer key label {c.token!r} cut from {c.word!r}"
                for c in find_cuts(last, vocabulary, shortest=2)]
    if keys_panel and "? Keys" not in last:
        problems.append(f"{len(lines)}: the footer does not offer '? Keys': {last!r}")
    return problems


def app_vocabulary() -> set[str]:
    """The words the screens are built with: column headers, key labels, area names,
    and the record kinds' choices (statuses, outcomes, votes, roles)."""
    texts: list[str] = []
    for source in sorted((REPO / "screens").glob("*.py")):
        texts.extend(_labels_in(ast.parse(source.read_text(encoding="utf-8"))))
    from council.records import base, resolutions
    from screens.widgets import AREAS, SHORT_LABELS

    texts.extend(label for _, _, label in AREAS)
    texts.extend(SHORT_LABELS.values())
    for module in (base, resolutions):
        for value in vars(module).values():
            if isinstance(value, tuple) and all(isinstance(v, str) for v in value):
                texts.extend(value)
    return words_of(texts)


def _labels_in(tree: ast.AST) -> list[str]:
    """The strings given to ``add_columns(...)`` and the labels of ``Binding(...)``."""
    found: list[str] = []
    for node in ast.walk(tree):
        if not isinstance(node, ast.Call):
            continue
        name = node.func.attr if isinstance(node.func, ast.Attribute) else getattr(node.func, "id", "")
        if name == "add_columns":
            found.extend(a.value for a in node.args if isinstance(a, ast.Constant) and isinstance(a.value, str))
        elif name == "Binding" and len(node.args) >= 3 and isinstance(node.args[2], ast.Constant):
            found.append(str(node.args[2].value))
    return found


def store_vocabulary(store_path: Path) -> set[str]:
    """The words of a store's records: every short text field (titles, names, stages,
    statuses), not the Markdown bodies."""
    from council.records.paths import KINDS
    from store.service import Store

    store = Store.open(store_path)
    texts: list[str] = []
    try:
        for kind in KINDS:
            for record in store.list(kind):
                texts.extend(_short_texts(record))
    finally:
        store.close()
    return words_of(texts)


def _short_texts(value: object) -> list[str]:
    if isinstance(value, str):
        return [value] if len(value) <= 200 else []
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return [t for f in dataclasses.fields(value) if f.name not in ("body", "sealed")
                for t in _short_texts(getattr(value, f.name))]
    if isinstance(value, (list, tuple)):
        return [t for v in value for t in _short_texts(v)]
    if isinstance(value, dict):
        return [t for v in value.values() for t in _short_texts(v)]
    return []


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("captures", nargs="+", type=Path)
    parser.add_argument("--store", action="append", type=Path, default=[], help="a store whose records' words count")
    parser.add_argument("--word", action="append", default=[], help="another word of the vocabulary")
    parser.add_argument("--footer", action="append", default=[],
                        help="a capture name (glob) whose footer must offer '? Keys'")
    args = parser.parse_args(argv)
    vocabulary = app_vocabulary() | words_of(args.word)
    for store in args.store:
        vocabulary |= store_vocabulary(store)
    bad = 0
    for capture in args.captures:
        text = capture.read_text(encoding="utf-8")
        problems = [str(c) for c in find_cuts(text, vocabulary)]
        problems += footer_problems(text, vocabulary, any(capture.match(p) for p in args.footer))
        for problem in problems:
            print(f"{capture}:{problem}")
        bad += bool(problems)
    return 1 if bad else 0


if __name__ == "__main__":
    sys.path.insert(0, str(REPO))
    sys.exit(main())
