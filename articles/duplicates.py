"""Finding the articles an import copies or rewrites, without comparing it with every article."""

from collections import Counter, OrderedDict, defaultdict

from django.db import connection
from django.db.models import Q

from articles.models import Article, ArticleBand, ArticleBlock, ArticleRelation, BlockKind
from articles.similarity import (
    Features,
    bands,
    content_words,
    features,
    minhash,
    relation,
    story_text,
)

MAX_CANDIDATES = 50
# Stored articles read per band key: the earliest. A story reprinted ten thousand times shares
# its keys with every copy; its original and first copies (each linked to that original) are
# the ones a new copy needs, and reading them all made each import slower than the last.
PER_KEY = 20
# Blocks that are not the story: compared articles leave them out.
NOT_STORY = (
    BlockKind.REPEATED,
    BlockKind.FURNITURE,
    BlockKind.CAPTION,
    BlockKind.TITLE,
    BlockKind.MARKER,
)


# Features of stored stories, by text and blocks: a text never changes, so a process compares
# a busy story's copies without reading and splitting each of them every time.
_FEATURES: OrderedDict[tuple, Features] = OrderedDict()
FEATURES_KEPT = 400  # ~85 KB each


def _key(article: Article, blocks: list[tuple[int, int]]) -> tuple:
    return (article.content_hash, tuple(blocks))


def _remember(key: tuple, found: Features) -> Features:
    _FEATURES[key] = found
    _FEATURES.move_to_end(key)
    while len(_FEATURES) > FEATURES_KEPT:
        _FEATURES.popitem(last=False)
    return found


def _story(article: Article, blocks: list[tuple[int, int]]) -> str:
    return story_text(article.text, blocks)


def _blocks_by_article(ids) -> dict[int, list[tuple[int, int]]]:
    spans: dict[int, list[tuple[int, int]]] = {pk: [] for pk in ids}
    for article_id, start, end in ArticleBlock.objects.filter(
        article_id__in=ids, kind__in=NOT_STORY
    ).values_list("article_id", "start", "end"):
        spans[article_id].append((start, end))
    return spans


def _earliest_by_key(keys: set[int], new_ids: set[int]) -> list[tuple[int, int]]:
    """(key, article id) of the first PER_KEY stored articles with each band key, not counting
    the new ones: on PostgreSQL each key's few from the (key, article) index, elsewhere ranked."""
    if not keys:
        return []
    table = ArticleBand._meta.db_table
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(
                f"SELECT k.key, b.article_id FROM unnest(%s::bigint[]) AS k(key) CROSS JOIN LATERAL "
                f"(SELECT article_id FROM {table} b WHERE b.key = k.key "
                f"AND NOT (b.article_id = ANY(%s::bigint[])) ORDER BY b.article_id LIMIT %s) b",
                [list(keys), list(new_ids), PER_KEY],
            )
        else:
            cursor.execute(
                f"SELECT key, article_id FROM (SELECT key, article_id, ROW_NUMBER() OVER "
                f"(PARTITION BY key ORDER BY article_id) AS n FROM {table} "
                f"WHERE key IN ({', '.join(['%s'] * len(keys))}) "
                f"AND article_id NOT IN ({', '.join(['%s'] * len(new_ids))})) WHERE n <= %s",
                [*keys, *new_ids, PER_KEY],
            )
        return cursor.fetchall()


def _orient(new: Article, other: Article) -> tuple[Article, Article]:
    """(copy, original): the earlier publication is the original, else the earlier import."""
    if new.published_on and other.published_on and new.published_on < other.published_on:
        return other, new
    return new, other


def article_relations_detect_many(
    entries: list[tuple[Article, list[tuple[int, int]]]],
) -> list[ArticleRelation]:
    """Index newly stored articles (each with the spans of its blocks that are not the story, in
    import order) and record which articles each copies or rewrites: stored ones, and those
    before it among these. A new copy of a story is linked to the story's original, not to each
    earlier copy of it: a candidate that is itself a copy or rewrite of one the article already
    matches is passed over, so a story reprinted a thousand times costs a link each, not a
    thousand.

    Queries, however many articles: the band insert, the stored candidates by shared band, their
    blocks, hashes and (for those this process has not compared before) texts, and one insert
    for the relations found.
    """
    stories = [(article, spans, _story(article, spans)) for article, spans in entries]
    keys_of = {article.pk: bands(minhash(content_words(story))) for article, _, story in stories}
    ArticleBand.objects.bulk_create(
        ArticleBand(article_id=pk, key=key) for pk, keys in keys_of.items() for key in keys
    )
    new_ids = set(keys_of)
    stored_by_key: dict[int, list[int]] = defaultdict(list)
    for key, pk in _earliest_by_key({k for keys in keys_of.values() for k in keys}, new_ids):
        stored_by_key[key].append(pk)
    earlier_by_key: dict[int, list[int]] = defaultdict(list)
    candidates_of = {}
    for article, _, _ in stories:
        shared = Counter()
        for key in keys_of[article.pk]:
            shared.update(stored_by_key.get(key, ()))
            shared.update(earlier_by_key.get(key, ()))
        for key in keys_of[article.pk]:
            earlier_by_key[key].append(article.pk)
        candidates_of[article.pk] = [pk for pk, _ in shared.most_common(MAX_CANDIDATES)]
    stored_ids = {pk for ids in candidates_of.values() for pk in ids} - new_ids
    originals_of: dict[int, set[int]] = defaultdict(set)
    for copy_id, original_id in ArticleRelation.objects.filter(
        article_id__in=stored_ids
    ).values_list("article_id", "original_id"):
        originals_of[copy_id].add(original_id)
    blocks = _blocks_by_article(stored_ids)
    others = {
        o.pk: o
        for o in Article.objects.filter(pk__in=stored_ids).only(
            "pk", "content_hash", "published_on"
        )
    }
    known = {pk: _FEATURES.get(_key(other, blocks[pk])) for pk, other in others.items()}
    # Texts are read only for the candidates whose features this process has not kept.
    for other in Article.objects.filter(pk__in=[pk for pk, f in known.items() if f is None]).only(
        "pk", "content_hash", "text"
    ):
        known[other.pk] = _remember(
            _key(other, blocks[other.pk]), features(_story(other, blocks[other.pk]))
        )
    for article, spans, story in stories:
        others[article.pk] = article
        known[article.pk] = _remember(_key(article, spans), features(story))
    relations = []
    for article, _, _ in stories:
        matched: set[int] = set()
        # Earlier imports first: a story's original comes before its copies.
        for pk in sorted(candidates_of[article.pk]):
            if pk not in others or originals_of[pk] & matched:
                continue  # deleted since its bands were read, or a copy of a match
            kind, score = relation(known[article.pk], known[pk])
            if kind is None:
                continue
            matched.add(pk)
            copy, original = _orient(article, others[pk])
            originals_of[copy.pk].add(original.pk)
            relations.append(
                ArticleRelation(
                    article=copy, original=original, kind=kind, similarity=min(1.0, score)
                )
            )
    return ArticleRelation.objects.bulk_create(relations, ignore_conflicts=True)


def related_article_ids(article_id: int) -> set[int]:
    """The story's family: articles linked to this one as copy or rewrite, in either direction,
    and the other copies and rewrites of its originals (one query)."""
    originals = ArticleRelation.objects.filter(article_id=article_id).values("original_id")
    pairs = ArticleRelation.objects.filter(
        Q(article_id=article_id) | Q(original_id=article_id) | Q(original_id__in=originals)
    ).values_list("article_id", "original_id")
    return {pk for pair in pairs for pk in pair} - {article_id}
