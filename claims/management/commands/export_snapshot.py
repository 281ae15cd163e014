from pathlib import Path

from django.core.management.base import BaseCommand

from claims.snapshot import snapshot_export


class Command(BaseCommand):
    help = "Write the whole dataset (articles, actors, claims, passages, attributions, evidence) and its change history as JSON lines."

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path, help="Where to write the snapshot (.jsonl)")

    def handle(self, *args, file: Path, **options):
        with file.open("w", encoding="utf-8") as out:
            count = snapshot_export(out)
        self.stdout.write(self.style.SUCCESS(f"Wrote {count} records to {file}."))
