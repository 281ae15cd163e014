"""Querysets turned into SQL once and run again with a new key: for the few reads on every request.

Django compiles a queryset to SQL each time it runs it; for a claim with its four EXISTS probes, or a
user found by token, compiling takes longer than PostgreSQL takes to answer. `ByKey` compiles the
queryset once, with a marker in place of the key, and afterwards only puts the key where the marker
was and turns the row into the model instance as the ORM does (annotations included), without
building the query again.
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
        self._compiled: dict[str, tuple] = {}
        self._lock = threading.Lock()

    def _compile(self) -> tuple:
        # One compilation per database vendor: the tests run the same code on SQLite and PostgreSQL.
        compiled = self._compiled.get(connection.vendor)
        if compiled is None:
            with self._lock:
                query = self.queryset.filter(**{self.field: self.marker}).order_by().query
                compiler = query.get_compiler(connection=connection)
                sql, params = compiler.as_sql()
                params = list(params)
                places = [n for n, param in enumerate(params) if param == self.marker]
                if len(places) != 1:
                    raise ValueError(f"The key must appear once in the compiled query: {sql}")
                # Where the model's fields and the annotations sit in a row, as Django's own
                # iterable reads them; None when a column needs converting (SQLite's dates and
                # booleans), which raw() then does.
                fields = compiler.klass_info["select_fields"]
                start, end = fields[0], fields[-1] + 1
                columns = [column for column, _, _ in compiler.select]
                layout = None
                if not compiler.get_converters(columns):
                    layout = (
                        start,
                        end,
                        [column.target.attname for column in columns[start:end]],
                        dict(compiler.annotation_col_map),
                    )
                compiled = self._compiled[connection.vendor] = (sql, params, places[0], layout)
        return compiled

    def get(self, key):
        """The one instance with this key, or None."""
        sql, params, at, layout = self._compile()
        params = list(params)
        params[at] = key
        if layout is None:
            rows = list(self.queryset.model.objects.raw(sql, params))
            return rows[0] if len(rows) == 1 else None
        # The row straight into an instance, as the ORM makes it (from_db), without RawQuerySet
        # working out the columns again from the cursor's description on every read.
        with connection.cursor() as cursor:
            cursor.execute(sql, params)
            rows = cursor.fetchmany(2)
        if len(rows) != 1:
            return None
        row = rows[0]
        start, end, attnames, annotations = layout
        instance = self.queryset.model.from_db(connection.alias, attnames, row[start:end])
        for name, position in annotations.items():
            setattr(instance, name, row[position])
        return instance
