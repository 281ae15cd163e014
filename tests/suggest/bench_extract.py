"""Throughput of extract(): python tests/suggest/bench_extract.py [SECONDS]. Not a test.

Measures, in CPU time of this process on one core:
  1. extract(article) alone (the aim: >= 40 articles/s per core for ~3,000-character articles);
  2. the extra time per article with a prepared ClaimIndex of 20,000 known claims and an
     ActorIndex of 5,000 known actors, and the time to build each index;
  3. for comparison, a plain list of 2,000 claims (the index is then built inside every call).
"""

import random
import statistics
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parents[1]))

from suggest import ActorIndex, ClaimIndex, KnownActor, KnownClaim, extract  # noqa: E402

SUBJECTS = "Ardania Belmora Russia Ukraine Iran Israel China Kenya Nigeria Brazil the government the ministry the company the mayor the club the regulator the army rebels police the union".split(
    " "
)
VERBS = "smuggled supplied sold leaked hid rigged funded attacked bribed polluted banned deported raised cut doubled approved blocked".split()
OBJECTS = "drone parts|weapons|customer data|the election|the port contract|river water|safety reports|interest rates|refugees|fuel subsidies|vaccine trials|mining licences|the power grid|player wages|farm subsidies|tax records".split(
    "|"
)
PLACES = "Belmora|the north|the capital|its neighbours|foreign buyers|the coast|the delta|regulators|voters|the court".split(
    "|"
)


def known_claims(n: int) -> list[KnownClaim]:
    rng = random.Random(7)
    claims = [
        KnownClaim(i, f"Ardania smuggled drone parts to Belmora (case {i})") for i in range(n // 10)
    ]
    while len(claims) < n:
        s = f"{rng.choice(SUBJECTS)} {rng.choice(VERBS)} {rng.choice(OBJECTS)} to {rng.choice(PLACES)} in {rng.randint(1990, 2030)}"
        claims.append(KnownClaim(len(claims), s))
    return claims


def known_actors(n: int) -> list[KnownActor]:
    rng = random.Random(8)
    first = (
        "Anna Ben Carla David Elif Femi Grace Hamid Ines Jonas Kofi Lena Mara Nils Omar Pia".split()
    )
    last = "Okafor Silva Novak Haddad Mensah Larsen Ito Costa Weber Moyo Petrov Sato Kariuki Bauer".split()
    return [
        KnownActor(i, f"{rng.choice(first)} {rng.choice(last)}-{i}", (f"Actor{i}",), "person")
        for i in range(n)
    ]


def rate(articles, seconds, **kwargs) -> float:
    """CPU seconds per article."""
    done, start = 0, time.process_time()
    while time.process_time() - start < seconds:
        for article in articles:
            extract(article, **kwargs)
        done += len(articles)
    return (time.process_time() - start) / done


def main() -> None:
    seconds = float(sys.argv[1]) if len(sys.argv) > 1 else 3.0
    texts = [p.read_text(encoding="utf-8") for p in sorted((HERE / "tuning").glob("*.txt"))]
    seeds = HERE.parents[2] / "shared" / "seeds"
    texts += [p.read_text(encoding="utf-8") for p in sorted(seeds.glob("*.txt"))]
    # ~3,000-character articles: join the short ones pairwise
    articles = [a + "\n" + b for a, b in zip(texts[::2], texts[1::2], strict=False)]
    chars = sum(map(len, articles)) / len(articles)
    extract(articles[0])  # load the pipeline and the language model first: not per-article time
    # CPU time of this process, so that other work on the machine does not count against it;
    # rounds over all the articles, and their median, as the machine's speed wanders
    rounds, start, wall = [], time.process_time(), time.perf_counter()
    while time.process_time() - start < seconds or len(rounds) < 3:
        t = time.process_time()
        for article in articles:
            extract(article)
        rounds.append((time.process_time() - t) / len(articles))
    wall = (time.perf_counter() - wall) / (len(rounds) * len(articles))
    base = statistics.median(rounds)
    print(
        f"{1 / base:.1f} articles/s of CPU time on one core ({base * 1000:.2f} ms each, median "
        f"of {len(rounds)} rounds, fastest {min(rounds) * 1000:.2f} ms, slowest "
        f"{max(rounds) * 1000:.2f} ms; {chars:.0f} characters on average; "
        f"{1 / wall:.1f} articles/s wall-clock)"
    )

    claims = known_claims(20_000)
    t = time.process_time()
    claim_index = ClaimIndex(claims)
    built_claims = time.process_time() - t
    actors = known_actors(5_000)
    t = time.process_time()
    actor_index = ActorIndex(actors)
    built_actors = time.process_time() - t
    with_claims = rate(articles, seconds, claims=claim_index)
    with_actors = rate(articles, seconds, actors=actor_index)
    with_both = rate(articles, seconds, claims=claim_index, actors=actor_index)
    print(
        f"ClaimIndex of 20,000 claims built in {built_claims:.2f} s; extract adds {(with_claims - base) * 1000:.2f} ms per article"
    )
    print(
        f"ActorIndex of 5,000 actors built in {built_actors * 1000:.1f} ms; extract adds {(with_actors - base) * 1000:.2f} ms per article"
    )
    print(f"both: {1 / with_both:.0f} articles/s ({with_both * 1000:.2f} ms each)")
    list_2000 = rate(articles[:3], min(seconds, 2.0), claims=claims[:2000])
    list_actors = rate(articles[:3], min(seconds, 2.0), actors=actors)
    print(
        f"unprepared lists (index built per call): 2,000 claims {list_2000 * 1000:.1f} ms per article, 5,000 actors {list_actors * 1000:.1f} ms per article"
    )


if __name__ == "__main__":
    main()
