"""Score suggestions against a gold set, rule by rule, to decide which rules earn their place.

    python -m suggest.evaluate GOLD.json ARTICLES_DIR [--only d01-d16 | --only a.txt,b.txt]
        [--misses] [--false-positives RULE] [--json]

Gold is the shared scorer's format: ``{"file.txt": [{"actors": [aliases...], "stance":
"asserts"|"denies"|"any", "anchor": "exact text inside the statement"}]}``. The matching is
the scorer's, reimplemented here so it can say which suggestion matched which gold item: a
suggestion matches an item when its stance agrees (gold "any" takes either), one alias occurs
as whole words in the suggested actor (both normalised: curly apostrophes straightened,
whitespace collapsed, lower case), and its span overlaps an occurrence of the anchor, or the
anchor occurs in its quote. Each suggestion matches at most one item, by maximum bipartite
matching, augmenting in the scorer's order so both pick the same pairs.

Per rule the report gives how many suggestions it made (fired), how many of them the matching
used (matched), their precision, and ``unique``: how many matched items the matching loses
when that rule's suggestions are taken away and the other rules' suggestions kept as they are
(what dropping the rule would cost; usually the items only that rule's suggestions can match).
It lists the gold items nothing matched, with any suggestion that overlapped the anchor and
why it did not count ("actor", "stance", or "taken" when it went to another item), and every
suggestion that matched nothing (false positives).

Standard library only. The command line runs ``extract`` with no known actors or claims, as
``manage.py suggest_attributions`` does on an empty database; ``manage.py score_suggestions``
does the same through what the database knows.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path

NO_RULE = "(no rule)"

Gold = Mapping[str, Sequence[Mapping]]


class EvaluationError(Exception):
    """Bad input: unreadable gold or article, an --only that selects nothing."""


# --- the scorer's matching -------------------------------------------------------------------


def norm(s: str) -> str:
    return re.sub(r"\s+", " ", s.replace("’", "'").replace("‘", "'")).strip().lower()


def actor_matches(aliases: Iterable[str], actor: str) -> bool:
    """One alias occurs as whole words in the actor, both normalised ("Lee" is not in "Leeds")."""
    actor = norm(actor)
    return any(re.search(r"(?<!\w)" + re.escape(norm(a)) + r"(?!\w)", actor) for a in aliases)


def spans_overlap(text: str, sug: Mapping, anchor: str) -> bool:
    """The suggestion's span overlaps an occurrence of the anchor, or its quote holds the anchor."""
    start, end = sug.get("start"), sug.get("end")
    if isinstance(start, int) and isinstance(end, int) and 0 <= start < end <= len(text):
        for m in re.finditer(re.escape(anchor), text):
            if start < m.end() and m.start() < end:
                return True
    return norm(anchor) in norm(sug.get("quote") or "")


def stance_agrees(item: Mapping, sug: Mapping) -> bool:
    return item["stance"] == "any" or sug.get("stance") == item["stance"]


def failures(text: str, item: Mapping, sug: Mapping) -> list[str]:
    """Why a suggestion does not match a gold item: any of "span", "actor", "stance"."""
    reasons = []
    if not spans_overlap(text, sug, item["anchor"]):
        reasons.append("span")
    if not actor_matches(item["actors"], sug.get("actor") or ""):
        reasons.append("actor")
    if not stance_agrees(item, sug):
        reasons.append("stance")
    return reasons


def candidates(text: str, gold: Sequence[Mapping], sugs: Sequence[Mapping]) -> list[list[int]]:
    """For each gold item, the indexes of the suggestions that could match it."""
    return [
        [
            j
            for j, s in enumerate(sugs)
            if stance_agrees(g, s)
            and actor_matches(g["actors"], s.get("actor") or "")
            and spans_overlap(text, s, g["anchor"])
        ]
        for g in gold
    ]


def maximum_matching(ok: Sequence[Sequence[int]]) -> dict[int, int]:
    """Maximum bipartite matching (augmenting paths, the scorer's order): gold index -> suggestion."""
    owner: dict[int, int] = {}

    def augment(i: int, seen: set[int]) -> bool:
        for j in ok[i]:
            if j not in seen:
                seen.add(j)
                if j not in owner or augment(owner[j], seen):
                    owner[j] = i
                    return True
        return False

    for i in range(len(ok)):
        augment(i, set())
    return {i: j for j, i in owner.items()}


def matching(text: str, gold: Sequence[Mapping], sugs: Sequence[Mapping]) -> dict[int, int]:
    """Which suggestion matched which gold item: {gold index: suggestion index}.

    ``len(matching(...))`` is the scorer's ``match(...)``.
    """
    return maximum_matching(candidates(text, gold, sugs))


# --- the report ------------------------------------------------------------------------------


def _ratio(a: int, b: int) -> float:
    return a / b if b else 0.0


def _f1(p: float, r: float) -> float:
    return 2 * p * r / (p + r) if p + r else 0.0


@dataclass
class FileScore:
    name: str
    matched: int
    suggested: int
    gold: int

    def line(self) -> str:
        return f"{self.name}: {self.matched} matched, {self.suggested} suggested, {self.gold} gold"


@dataclass
class RuleRow:
    rule: str
    fired: int = 0
    matched: int = 0
    unique: int = 0

    @property
    def precision(self) -> float:
        return _ratio(self.matched, self.fired)


@dataclass
class NearMiss:
    """A suggestion whose span overlapped a missed item's anchor, and why it did not count."""

    actor: str
    stance: str
    rule: str
    quote: str
    reasons: list[str]  # "actor" and/or "stance", or ["taken"]
    taken_by: str | None = None  # the anchor of the item it matched instead


@dataclass
class Miss:
    file: str
    index: int  # position of the item in the file's gold list
    actors: list[str]
    stance: str
    anchor: str
    anchor_in_text: bool
    near: list[NearMiss] = field(default_factory=list)


@dataclass
class FalsePositive:
    file: str
    rule: str
    actor: str
    stance: str
    quote: str
    start: int | None
    end: int | None


@dataclass
class Report:
    files: list[FileScore] = field(default_factory=list)
    rules: list[RuleRow] = field(default_factory=list)  # most fired first
    misses: list[Miss] = field(default_factory=list)
    false_positives: list[FalsePositive] = field(default_factory=list)

    @property
    def matched(self) -> int:
        return sum(f.matched for f in self.files)

    @property
    def suggested(self) -> int:
        return sum(f.suggested for f in self.files)

    @property
    def gold(self) -> int:
        return sum(f.gold for f in self.files)

    @property
    def precision(self) -> float:
        return _ratio(self.matched, self.suggested)

    @property
    def recall(self) -> float:
        return _ratio(self.matched, self.gold)

    @property
    def f1(self) -> float:
        return _f1(self.precision, self.recall)

    def rule(self, rule: str) -> RuleRow:
        for row in self.rules:
            if row.rule == rule:
                return row
        raise KeyError(rule)

    def totals_line(self) -> str:
        return (
            f"F1 {self.f1:.3f} P {self.precision:.3f} R {self.recall:.3f} "
            f"({self.matched} matched, {self.suggested} suggested, {self.gold} gold)"
        )

    def as_json(self) -> dict:
        return {
            "totals": {
                "matched": self.matched,
                "suggested": self.suggested,
                "gold": self.gold,
                "precision": round(self.precision, 4),
                "recall": round(self.recall, 4),
                "f1": round(self.f1, 4),
            },
            "files": [asdict(f) for f in self.files],
            "rules": [{**asdict(r), "precision": round(r.precision, 4)} for r in self.rules],
            "misses": [asdict(m) for m in self.misses],
            "false_positives": [asdict(fp) for fp in self.false_positives],
        }


def _rule(sug: Mapping) -> str:
    return str(sug.get("rule") or NO_RULE)


def score(
    gold: Gold,
    articles: Mapping[str, str],
    suggest: Callable[[str], list[dict]],
) -> Report:
    """Run ``suggest`` on each gold file's text (sorted by name) and score it rule by rule."""
    report = Report()
    rows: dict[str, RuleRow] = {}
    for name in sorted(gold):
        items = list(gold[name])
        if name not in articles:
            raise EvaluationError(f"{name}: in the gold but no article text given")
        text = articles[name]
        sugs = list(suggest(text))
        pairs = matching(text, items, sugs)
        report.files.append(FileScore(name, len(pairs), len(sugs), len(items)))

        used = {j: i for i, j in pairs.items()}
        for j, s in enumerate(sugs):
            row = rows.setdefault(_rule(s), RuleRow(_rule(s)))
            row.fired += 1
            if j in used:
                row.matched += 1
            else:
                report.false_positives.append(
                    FalsePositive(
                        name,
                        _rule(s),
                        s.get("actor") or "",
                        s.get("stance") or "",
                        s.get("quote") or "",
                        s.get("start"),
                        s.get("end"),
                    )
                )
        # A rule none of whose suggestions the matching used costs nothing when dropped: the
        # same matching remains, and it is still maximum.
        for rule in sorted({_rule(sugs[j]) for j in used}):
            rest = [s for s in sugs if _rule(s) != rule]
            rows[rule].unique += len(pairs) - len(matching(text, items, rest))

        for i, item in enumerate(items):
            if i in pairs:
                continue
            miss = Miss(
                name,
                i,
                list(item["actors"]),
                item["stance"],
                item["anchor"],
                item["anchor"] in text,
            )
            for j, s in enumerate(sugs):
                reasons = failures(text, item, s)
                if "span" in reasons:
                    continue
                taken_by = None
                if not reasons:  # it could match, so the matching gave it to another item
                    reasons, taken_by = ["taken"], items[used[j]]["anchor"]
                miss.near.append(
                    NearMiss(
                        s.get("actor") or "",
                        s.get("stance") or "",
                        _rule(s),
                        s.get("quote") or "",
                        reasons,
                        taken_by,
                    )
                )
            report.misses.append(miss)
    report.rules = sorted(rows.values(), key=lambda r: (-r.fired, r.rule))
    return report


# --- choosing and loading files --------------------------------------------------------------

_NUMBERED = re.compile(r"^(\D*?)(\d+)")


def _stem(name: str) -> str:
    return name.rsplit(".", 1)[0] if "." in name else name


def parse_only(spec: str, names: Iterable[str]) -> list[str]:
    """The names an --only selects: comma-separated file names, stems, or ranges of stems.

    A range ``d01-d16`` takes every file whose stem starts with the same letters and a number
    from 1 to 16 (``d3.txt``, ``d07.txt``, ``d16_extra.txt``). An exact name or stem wins over
    reading a part as a range. Raises EvaluationError for a part that selects nothing.
    """
    names = sorted(set(names))
    by_stem: dict[str, list[str]] = {}
    for n in names:
        by_stem.setdefault(_stem(n), []).append(n)
    chosen: set[str] = set()
    for part in (p.strip() for p in spec.split(",")):
        if not part:
            continue
        if part in names:
            chosen.add(part)
        elif part in by_stem:
            chosen.update(by_stem[part])
        elif "-" in part:
            low, _, high = part.partition("-")
            lo, hi = _NUMBERED.fullmatch(low.strip()), _NUMBERED.fullmatch(high.strip())
            if not lo or not hi or lo.group(1) != hi.group(1):
                raise EvaluationError(
                    f"--only {part!r}: a range is two stems with the same prefix, as d01-d16"
                )
            prefix, first, last = lo.group(1), int(lo.group(2)), int(hi.group(2))
            if first > last:
                raise EvaluationError(f"--only {part!r}: the range runs backwards")
            found = []
            for n in names:
                m = _NUMBERED.match(_stem(n))
                if m and m.group(1) == prefix and first <= int(m.group(2)) <= last:
                    found.append(n)
            if not found:
                raise EvaluationError(f"--only {part!r}: no gold file in that range")
            chosen.update(found)
        else:
            raise EvaluationError(f"--only {part!r}: no such file in the gold")
    if not chosen:
        raise EvaluationError(f"--only {spec!r} selects no file")
    return sorted(chosen)


def load(
    gold_path: Path, articles_dir: Path, only: str | None = None
) -> tuple[dict[str, list], dict[str, str]]:
    """The gold (restricted by --only) and the text of each of its articles, read as the scorer does."""
    try:
        gold = json.loads(Path(gold_path).read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise EvaluationError(f"{gold_path}: {exc}") from None
    if not isinstance(gold, dict):
        raise EvaluationError(f"{gold_path}: expected an object of file name -> gold items")
    if only:
        gold = {name: gold[name] for name in parse_only(only, gold)}
    articles = {}
    for name in sorted(gold):
        try:
            articles[name] = (Path(articles_dir) / name).read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as exc:
            raise EvaluationError(f"{name}: {exc}") from None
    return gold, articles


# --- printing --------------------------------------------------------------------------------


def _short(s: str, width: int = 90) -> str:
    s = re.sub(r"\s+", " ", s).strip()
    return s if len(s) <= width else s[: width - 1] + "…"


def rule_table(rules: Sequence[RuleRow]) -> list[str]:
    width = max([len("rule"), *(len(r.rule) for r in rules)])
    lines = [f"{'rule':<{width}}  {'fired':>5}  {'matched':>7}  {'precision':>9}  {'unique':>6}"]
    for r in rules:
        lines.append(
            f"{r.rule:<{width}}  {r.fired:>5}  {r.matched:>7}  {r.precision:>9.3f}  {r.unique:>6}"
        )
    return lines


def render(report: Report, *, misses: bool = False, false_positives: Sequence[str] = ()) -> str:
    lines = [f.line() for f in report.files]
    lines.append(report.totals_line())
    lines.append("")
    lines.extend(rule_table(report.rules))
    if misses:
        lines += ["", f"Missed gold items ({len(report.misses)}):"]
        current = None
        for m in report.misses:
            if m.file != current:
                current = m.file
                lines.append(f"{m.file}")
            note = "" if m.anchor_in_text else "  (anchor not in the text)"
            lines.append(f"  #{m.index} {m.stance} [{' | '.join(m.actors)}] “{m.anchor}”{note}")
            if not m.near:
                lines.append("      no suggestion overlaps the anchor")
            for n in m.near:
                why = ", ".join(n.reasons)
                if n.taken_by is not None:
                    why += f" by “{_short(n.taken_by, 60)}”"
                lines.append(f"      near: {n.actor!r} {n.stance} ({n.rule}): {why}")
    for rule in false_positives:
        wrong = [fp for fp in report.false_positives if fp.rule == rule]
        lines += ["", f"False positives of {rule} ({len(wrong)}):"]
        for fp in wrong:
            at = f"@{fp.start}" if fp.start is not None else ""
            lines.append(f"  {fp.file}{at} {fp.actor!r} {fp.stance}: “{_short(fp.quote)}”")
    return "\n".join(lines)


# --- command line ----------------------------------------------------------------------------


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("gold", type=Path, help="gold JSON: file name -> gold items")
    parser.add_argument("articles_dir", type=Path, help="folder holding the gold's files")
    parser.add_argument(
        "--only",
        metavar="FILES",
        help="score only these files: a range of stems (d01-d16) or a comma list (d17.txt,d18)",
    )
    parser.add_argument(
        "--misses", action="store_true", help="list the gold items nothing matched, by file"
    )
    parser.add_argument(
        "--false-positives",
        metavar="RULE",
        action="append",
        default=[],
        help="list the suggestions of RULE that matched nothing (may be repeated)",
    )
    parser.add_argument("--json", action="store_true", help="print the whole report as JSON")


def run(options: Mapping, suggest: Callable[[str], list[dict]]) -> str:
    """Load, score and render as the options say; what the command line and manage.py share."""
    gold, articles = load(options["gold"], options["articles_dir"], options.get("only"))
    report = score(gold, articles, suggest)
    if options.get("json"):
        return json.dumps(report.as_json(), ensure_ascii=False, indent=1)
    return render(
        report,
        misses=bool(options.get("misses")),
        false_positives=options.get("false_positives") or (),
    )


def suggest_without_database(text: str) -> list[dict]:
    from . import extract

    return [s.as_json() for s in extract(text)]


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m suggest.evaluate",
        description="Score the suggestion engine against a gold set, rule by rule.",
    )
    add_arguments(parser)
    options = vars(parser.parse_args(argv))
    try:
        print(run(options, suggest_without_database))
    except EvaluationError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main())
