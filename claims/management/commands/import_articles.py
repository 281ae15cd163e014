import argparse
import datetime
import json
import sys
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.db import DatabaseError, transaction

from articles.services import article_import
from articles.text import (
    ARTICLE_FILE_SUFFIXES,
    HTML_FILE_SUFFIXES,
    TextImportError,
    check_upload_size,
    decode_upload,
)
from claims.models import Attribution, ReviewState

STDIN = "-"


@dataclass
class ArticleFile:
    name: str
    text: str
    is_html: bool | None


def _date(value: str) -> datetime.date:
    try:
        return datetime.date.fromisoformat(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{value!r} is not a date (YYYY-MM-DD)") from None


class Command(BaseCommand):
    help = (
        "Import articles from .txt/.html files, directories holding them, or one article on "
        "stdin (`-`). Every file is checked first; if any is refused, nothing is stored. "
        "Otherwise all are imported in one transaction, each with its machine suggestions."
    )
    # Tests hand the command a stdin of their own, as createsuperuser allows.
    stealth_options = ("stdin",)

    def add_arguments(self, parser):
        parser.add_argument("paths", nargs="+", metavar="PATH")
        parser.add_argument(
            "--outlet", default="", help="Publisher of every article; created if new."
        )
        parser.add_argument("--published-on", type=_date, help="Publication date, YYYY-MM-DD.")
        parser.add_argument(
            "--no-suggest",
            action="store_false",
            dest="suggest",
            help="Store no machine suggestions.",
        )
        parser.add_argument("--format", choices=["text", "json"], default="text")

    def handle(self, *args, paths: list[str], **options):
        files, refused = self._read(paths, options.get("stdin") or sys.stdin)
        if refused:
            raise CommandError(_refusal(refused, len(files) + len(refused)))
        try:
            with transaction.atomic():
                results, refused = self._import(files, options)
                if refused:
                    raise CommandError(_refusal(refused, len(files)))
        except DatabaseError as exc:
            raise CommandError(
                f"The articles could not be stored ({exc}); nothing was stored."
            ) from None

        if options["format"] == "json":
            self.stdout.write(json.dumps(results, ensure_ascii=False))
            return
        for result in results:
            state = "created" if result["status"] == "created" else "already stored"
            n = result["suggestions"]
            self.stdout.write(
                f"{result['file']}: {state}, article {result['article']}, "
                f"{n} suggestion{'' if n == 1 else 's'}"
            )

    def _read(self, paths: list[str], stdin) -> tuple[list[ArticleFile], list[tuple[str, str]]]:
        """Every article file named or found in a directory, decoded; and those refused, with why."""
        files, refused = [], []
        limit = settings.MAX_UPLOAD_BYTES
        for name, path, refusal in _article_paths(paths):
            try:
                if refusal:
                    raise TextImportError(refusal)
                if path is None:
                    # One byte past the limit tells it was passed, without reading it all.
                    raw = getattr(stdin, "buffer", stdin).read(limit + 1)
                else:
                    with path.open("rb") as f:
                        raw = f.read(limit + 1)
                check_upload_size(len(raw))
                text = decode_upload(raw)
            except OSError as exc:
                refused.append((name, exc.strerror or str(exc)))
            except TextImportError as exc:
                refused.append((name, str(exc)))
            else:
                is_html = None if path is None else path.suffix.lower() in HTML_FILE_SUFFIXES
                files.append(ArticleFile(name, text, is_html))
        return files, refused

    def _import(
        self, files: list[ArticleFile], options
    ) -> tuple[list[dict], list[tuple[str, str]]]:
        results, refused = [], []
        for file in files:
            try:
                # A savepoint per file: a refused one leaves the transaction usable to check the rest.
                with transaction.atomic():
                    result = article_import(
                        text=file.text,
                        is_html=file.is_html,
                        outlet=options["outlet"],
                        published_on=options["published_on"],
                        suggest=options["suggest"],
                    )
            except ValidationError as exc:
                refused.append((file.name, " ".join(exc.messages)))
                continue
            suggestions = Attribution.objects.filter(
                article=result.article, review_state=ReviewState.SUGGESTED
            ).count()
            results.append(
                {
                    "file": file.name,
                    "status": "created" if result.created else "existing",
                    "article": result.article.pk,
                    "suggestions": suggestions,
                }
            )
        return results, refused


def _article_paths(paths: list[str]):
    """(name, path, refusal) of each file to import, in the order given; a directory's article
    files sorted by path (other files in it are ignored); stdin has no path.
    """
    for given in paths:
        path = Path(given)
        if given == STDIN:
            yield "stdin", None, ""
        elif path.is_dir():
            inside = sorted(
                p
                for p in path.rglob("*")
                if p.is_file()
                and p.suffix.lower() in ARTICLE_FILE_SUFFIXES
                and not p.name.startswith(".")
            )
            if not inside:
                yield given, path, "The directory holds no .txt or .html files."
            for p in inside:
                yield str(p), p, ""
        elif not path.exists():
            yield given, path, "No such file or directory."
        elif path.suffix.lower() not in ARTICLE_FILE_SUFFIXES:
            yield given, path, "Give a .txt or .html file."
        else:
            yield given, path, ""


def _refusal(refused: list[tuple[str, str]], total: int) -> str:
    lines = [f"{len(refused)} of {total} files cannot be imported; nothing was stored."]
    lines.extend(f"  {name}: {reason}" for name, reason in refused)
    return "\n".join(lines)
