"""CSV as the exports write it: streamed line by line, each cell safe to open in a spreadsheet."""

import csv

from django.http import StreamingHttpResponse


class _Echo:
    def write(self, value):
        return value


def cell(value) -> str:
    """Text as a spreadsheet shows it: never read as a formula (=, +, -, @)."""
    if value is None:
        return ""
    value = str(value)
    if value[:1] in ("=", "+", "-", "@", "\t", "\r"):
        return "'" + value
    return value


def csv_lines(header, rows):
    """CSV lines: the header, then each row of `rows` (an iterable, read lazily)."""
    writer = csv.writer(_Echo())
    yield writer.writerow(header)
    for row in rows:
        yield writer.writerow([cell(v) for v in row])


def csv_response(header, rows, filename: str) -> StreamingHttpResponse:
    response = StreamingHttpResponse(
        csv_lines(header, rows), content_type="text/csv; charset=utf-8"
    )
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
