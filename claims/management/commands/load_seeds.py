from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from claims.seeds import SEEDS_DIR, load_seeds


class Command(BaseCommand):
    help = "Load the seed articles and their curated claims, actors, attributions and evidence."

    def add_arguments(self, parser):
        parser.add_argument(
            "--folder", type=Path, default=SEEDS_DIR, help="Folder with annotations.yaml"
        )

    def handle(self, *args, folder: Path, **options):
        if not (folder / "annotations.yaml").exists():
            raise CommandError(f"No annotations.yaml in {folder}.")
        try:
            report = load_seeds(folder)
        except ValidationError as exc:
            raise CommandError("; ".join(exc.messages)) from None
        if report.total:
            made = ", ".join(f"{n} {kind}" for kind, n in report.created.items())
            self.stdout.write(self.style.SUCCESS(f"Loaded seeds: {made}."))
        else:
            self.stdout.write("Seeds already loaded; nothing changed.")
