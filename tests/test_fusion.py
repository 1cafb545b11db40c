"""Min-max fusion (assistant/retrieve.fuse_minmax): the fused order follows the scores' distances,
not only their ranks — the property that lets a weak vector ranking break near-ties of BM25."""

from __future__ import annotations

from assistant.retrieve import fuse, fuse_minmax


def test_minmax_scales_each_ranking_and_weights_them() -> None:
    lexical = [("a", 12.0), ("b", 11.9), ("c", 2.0)]
    dense = [("b", 0.90), ("c", 0.85), ("a", 0.80)]
    fused = fuse_minmax([(lexical, 1.0), (dense, 0.3)])
    scores = {cid: round(score, 4) for cid, score, _ in fused}
    # a: 1.0 + 0.3·0 ; b: 0.99 + 0.3·1 ; c: 0 + 0.3·0.5
    assert scores == {"a": 1.0, "b": 1.29, "c": 0.15}
    assert [cid for cid, _, _ in fused] == ["b", "a", "c"]
    assert {cid: ranks for cid, _, ranks in fused} == {"a": [1, 3], "b": [2, 1], "c": [3, 2]}


def test_minmax_follows_the_lexical_margin_where_rrf_sees_only_ranks() -> None:
    """The vectors mildly prefer b. When BM25 is sure of a (12 vs 3) min-max keeps a; when BM25 is
    torn (12 vs 11.9) the vectors decide. RRF gives the same result in both cases."""
    dense = [("b", 0.86), ("a", 0.85), ("c", 0.70)]
    sure = [("a", 12.0), ("b", 3.0), ("c", 2.9)]
    torn = [("a", 12.0), ("b", 11.9), ("c", 2.9)]
    assert fuse_minmax([(sure, 1.0), (dense, 0.5)])[0][0] == "a"
    assert fuse_minmax([(torn, 1.0), (dense, 0.5)])[0][0] == "b"
    assert fuse([(sure, 1.0), (dense, 0.5)], 60) == fuse([(torn, 1.0), (dense, 0.5)], 60)


def test_minmax_edge_cases() -> None:
    assert fuse_minmax([([], 1.0), ([], 0.5)]) == []
    # a single candidate (or equal scores) counts as the best of its ranking
    assert fuse_minmax([([("a", 5.0)], 1.0), ([], 0.5)]) == [("a", 1.0, [1, None])]
    # weight 0: the ranking adds its ranks for display but no score
    assert fuse_minmax([([("a", 2.0), ("b", 1.0)], 1.0), ([("c", 0.9)], 0.0)]) == [("a", 1.0, [1, None]), ("b", 0.0, [2, None])]


def test_dense_seat_gives_the_vectors_best_passage_the_last_seat() -> None:
    """English questions: the dense ranking's best passage, left outside the top k by the fusion (BM25
    never saw it), takes seat k; the rest keep their order, nothing is lost."""
    from assistant.retrieve import dense_seat

    lexical = [("a", 10.0), ("b", 9.9), ("c", 9.8), ("d", 9.7), ("e", 9.6), ("f", 1.0)]
    dense = [("z", 0.9), ("a", 0.8)]
    fused = fuse_minmax([(lexical, 1.0), (dense, 0.5)])
    assert [c for c, _, _ in fused][:4] == ["a", "b", "c", "d"] and "z" not in [c for c, _, _ in fused][:4]
    seated = dense_seat(fused, dense, 4)
    assert [c for c, _, _ in seated] == ["a", "b", "c", "z", "d", "e", "f"]
    assert sorted(seated) == sorted(fused)
    # already among the k, or no dense ranking: unchanged
    assert dense_seat(fused, [("b", 0.9)], 4) == fused
    assert dense_seat(fused, [], 4) == fused
