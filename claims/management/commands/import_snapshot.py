from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from claims.snapshot import snapshot_import


class Command(BaseCommand):
    help = (
        "Restore a snapshot written by export_snapshot into a database holding no tracker records."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path)

    def handle(self, *args, file: Path, **options):
        try:
            with file.open(encoding="utf-8") as lines:
                restored = snapshot_import(lines)
        except (OSError, UnicodeDecodeError) as exc:
            raise CommandError(f"{file}: {exc}") from None
        except ValidationError as exc:
            raise CommandError("; ".join(exc.messages)) from None
        total = sum(restored.values())
        self.stdout.write(self.style.SUCCESS(f"Restored {total} records from {file}."))
