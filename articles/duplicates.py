"""Finding the articles an import copies or rewrites, without comparing it with every article."""

from collections import Counter, OrderedDict

from django.db.models import Q

from articles.models import Article, ArticleBand, ArticleBlock, ArticleRelation, BlockKind
from articles.similarity import Features, bands, content_words, features, minhash, relation, story_text

MAX_CANDIDATES = 50
# Blocks that are not the story: compared articles leave them out.
NOT_STORY = (BlockKind.REPEATED, BlockKind.FURNITURE, BlockKind.CAPTION, BlockKind.TITLE, BlockKind.MARKER)


# Features of stored stories, by text and blocks: a text never changes, so a process compares
# a busy story's copies without reading and splitting each of them every time.
_FEATURES: OrderedDict[tuple, Features] = OrderedDict()
FEATURES_KEPT = 2000


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


def article_index(article: Article, story: str) -> list[int]:
    keys = bands(minhash(content_words(story)))
    ArticleBand.objects.bulk_create(ArticleBand(article=article, key=k) for k in keys)
    return keys


def _orient(new: Article, other: Article) -> tuple[Article, Article]:
    """(copy, original): the earlier publication is the original, else the earlier import."""
    if new.published_on and other.published_on and new.published_on < other.published_on:
        return other, new
    return new, other


def article_relations_detect(article: Article, blocks: list[ArticleBlock] | None = None) -> list[ArticleRelation]:
    """Index a newly stored article and record which stored articles it copies or rewrites.

    Queries: its blocks (unless given), the band insert, the candidates by shared band, their
    blocks, hashes and (for those this process has not compared before) texts, and one insert
    for the relations found.
    """
    if blocks is None:
        own_blocks = _blocks_by_article([article.pk])[article.pk]
    else:
        own_blocks = [(b.start, b.end) for b in blocks if b.kind in NOT_STORY]
    story = _story(article, own_blocks)
    keys = article_index(article, story)
    shared = Counter(
        ArticleBand.objects.filter(key__in=keys).exclude(article=article).values_list("article_id", flat=True)
    )
    candidate_ids = [pk for pk, _ in shared.most_common(MAX_CANDIDATES)]
    if not candidate_ids:
        return []
    blocks = _blocks_by_article(candidate_ids)
    candidates = Article.objects.filter(pk__in=candidate_ids).only("pk", "content_hash", "published_on")
    known = {other.pk: _FEATURES.get(_key(other, blocks[other.pk])) for other in candidates}
    # Texts are read only for the candidates whose features this process has not kept.
    for other in Article.objects.filter(pk__in=[pk for pk, f in known.items() if f is None]).only(
        "pk", "content_hash", "text"
    ):
        known[other.pk] = _remember(_key(other, blocks[other.pk]), features(_story(other, blocks[other.pk])))
    mine = _remember(_key(article, own_blocks), features(story))
    relations = []
    for other in candidates:
        kind, score = relation(mine, known[other.pk])
        if kind is None:
            continue
        copy, original = _orient(article, other)
        relations.append(ArticleRelation(article=copy, original=original, kind=kind, similarity=min(1.0, score)))
    return ArticleRelation.objects.bulk_create(relations, ignore_conflicts=True)


def related_article_ids(article_id: int) -> set[int]:
    """Articles linked to this one as copy or rewrite, in either direction (one query)."""
    pairs = ArticleRelation.objects.filter(Q(article_id=article_id) | Q(original_id=article_id)).values_list(
        "article_id", "original_id"
    )
    return {pk for pair in pairs for pk in pair} - {article_id}
