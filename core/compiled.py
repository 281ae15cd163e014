"""Querysets turned into SQL once and run again with a new key: for the few reads on every request.

Django compiles a queryset to SQL each time it runs it; for a claim with its four EXISTS probes, or a
user found by token, compiling takes longer than PostgreSQL takes to answer. `ByKey` compiles the
queryset once, with a marker in place of the key, and afterwards only puts the key where the marker
was and reads the rows through `raw()`: the same SQL, the same model instances (annotations
included), without building it again.
"""

import threading

from django.db import connection
from django.db.models import QuerySet


class ByKey:
    """`queryset` filtered on `field` equal to a key; `marker` is a key of the field's type that no
    request sends, whose place among the compiled query's parameters is where each key goes."""

    def __init__(self, queryset: QuerySet, field: str, marker):
        self.queryset = queryset
        self.field = field
        self.marker = marker
        self._compiled: dict[str, tuple[str, list, int]] = {}
        self._lock = threading.Lock()

    def _compile(self) -> tuple[str, list, int]:
        # One compilation per database vendor: the tests run the same code on SQLite and PostgreSQL.
        compiled = self._compiled.get(connection.vendor)
        if compiled is None:
            with self._lock:
                query = self.queryset.filter(**{self.field: self.marker}).order_by().query
                sql, params = query.sql_with_params()
                params = list(params)
                places = [n for n, param in enumerate(params) if param == self.marker]
                if len(places) != 1:
                    raise ValueError(f"The key must appear once in the compiled query: {sql}")
                compiled = self._compiled[connection.vendor] = (sql, params, places[0])
        return compiled

    def get(self, key):
        """The one instance with this key, or None."""
        sql, params, at = self._compile()
        params = list(params)
        params[at] = key
        rows = list(self.queryset.model.objects.raw(sql, params))
        return rows[0] if len(rows) == 1 else None
