import json
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from claims.suggest_db import suggest_for_text


class Command(BaseCommand):
    help = (
        "Print machine-suggested attributions for text files, saving nothing. One file prints a "
        "JSON list; several files print one JSON list per file, one per line, in the order given."
    )

    def add_arguments(self, parser):
        parser.add_argument("files", nargs="+", type=Path)
        parser.add_argument("--format", choices=["json"], default="json")

    def handle(self, *args, files: list[Path], **options):
        for path in files:
            try:
                text = path.read_text(encoding="utf-8")
            except (OSError, UnicodeDecodeError) as exc:
                raise CommandError(f"{path}: {exc}") from None
            suggestions = [s.as_json() for s in suggest_for_text(text)]
            self.stdout.write(json.dumps(suggestions, ensure_ascii=False))
