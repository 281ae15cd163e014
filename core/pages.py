"""Pages of a list by cursor (keyset): each page reads only its own rows, however deep it is, and
stays put while rows are added. The cursor is signed, so a hand-edited one is refused (400)
rather than read."""

from dataclasses import dataclass
from typing import Any

from django.core import signing
from django.core.exceptions import BadRequest
from django.db.models import Q, QuerySet

_SALT = "core.pages.cursor"


@dataclass(frozen=True)
class Sort:
    """One way to order a list: `key` names a field or an annotation that never holds NULL
    (wrap a nullable field in Coalesce), ties broken by the primary key in the same direction."""

    label: str
    key: str
    descending: bool = False


@dataclass
class CursorPage:
    rows: list
    next_cursor: str | None
    previous_cursor: str | None

    def __iter__(self):
        return iter(self.rows)

    def __len__(self) -> int:
        return len(self.rows)

    @property
    def has_other_pages(self) -> bool:
        return bool(self.next_cursor or self.previous_cursor)


def _json(value: Any) -> Any:
    return value.isoformat() if hasattr(value, "isoformat") else value


def _after(sort: Sort, value: Any, pk: int, forwards: bool) -> Q:
    """Rows strictly after (value, pk) in the direction of reading. The first, looser bound is
    one an index on (key, id) can seek to, so a deep page costs what the first one does."""
    later = "lt" if sort.descending == forwards else "gt"
    return Q(**{f"{sort.key}__{later}e": value}) & (
        Q(**{f"{sort.key}__{later}": value}) | Q(**{sort.key: value, f"pk__{later}": pk})
    )


def cursor_page(queryset: QuerySet, sort: Sort, cursor: str | None, size: int) -> CursorPage:
    """One page of `queryset` in `sort` order, starting from `cursor` (None: the first page)."""
    forwards, position = True, None
    if cursor:
        try:
            direction, key, value, pk = signing.loads(cursor, salt=_SALT)
            if key != sort.key:
                raise ValueError("a cursor of another order")
            forwards, position = direction == "n", (value, int(pk))
        except (signing.BadSignature, TypeError, ValueError) as error:
            raise BadRequest(
                "This page link is not valid: start again from the first page."
            ) from error
    descending = sort.descending == forwards
    order = [f"-{sort.key}", "-pk"] if descending else [sort.key, "pk"]
    rows = queryset.order_by(*order)
    if position:
        rows = rows.filter(_after(sort, *position, forwards))
    rows = list(rows[: size + 1])
    more, rows = len(rows) > size, rows[:size]
    if not forwards:
        rows.reverse()

    def token(row, direction: str) -> str:
        return signing.dumps(
            [direction, sort.key, _json(getattr(row, sort.key)), row.pk], salt=_SALT
        )

    has_next = more if forwards else position is not None
    has_previous = position is not None if forwards else more
    return CursorPage(
        rows,
        token(rows[-1], "n") if rows and has_next else None,
        token(rows[0], "p") if rows and has_previous else None,
    )


def list_page(request, filterset, sorts: dict[str, Sort], default: str, size: int) -> dict:
    """The context of a filtered list page in the chosen order (`?sort=`), a page by cursor:
    the filter form, the page, the query string without its cursor for the pager's links."""
    sort_name = request.GET.get("sort", "")
    if sort_name not in sorts:
        sort_name = default
    # Invalid filter values are shown on the form and left out; the valid ones still filter.
    page = cursor_page(filterset.qs, sorts[sort_name], request.GET.get("cursor"), size)
    query = request.GET.copy()
    query.pop("cursor", None)
    data = filterset.form.cleaned_data if filterset.is_bound else {}
    return {
        "form": filterset.form,
        "page": page,
        "query": query.urlencode(),
        "sorts": [(name, s.label) for name, s in sorts.items()],
        "sort": sort_name,
        "filtered": any(v not in (None, "") for v in data.values()),
    }
