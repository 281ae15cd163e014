"""Score the suggestions against a gold set, rule by rule, with the database's actors and claims.

The scoring is suggest.evaluate's (see its docstring); this command only feeds it
``suggest_for_text``, so the suggestions are those an import would store today.
"""

from django.core.management.base import BaseCommand, CommandError

from claims.suggest_db import indexes, suggest_for_text
from suggest.evaluate import EvaluationError, add_arguments, run


class Command(BaseCommand):
    help = (
        "Score machine suggestions against a gold set (the shared scorer's format) rule by rule, "
        "through the actors and claims the database knows: totals, per-file counts, a table per "
        "rule (fired, matched, precision, unique), and with --misses the gold items nothing "
        "matched."
    )

    def add_arguments(self, parser):
        add_arguments(parser)

    def handle(self, *args, **options):
        prepared = indexes()  # built once, used for every article

        def suggest(text: str) -> list[dict]:
            return [s.as_json() for s in suggest_for_text(text, prepared=prepared)]

        try:
            self.stdout.write(run(options, suggest))
        except EvaluationError as exc:
            raise CommandError(str(exc)) from None
