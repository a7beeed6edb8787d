"""The assembly solver without a database (EXAM-02): blueprint met, overlap <= 15%,
infeasible blueprints explained, the same seed gives the same forms."""

import random

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from skillcert.itembank.blueprint import Candidate, Spec, check_forms, max_overlap
from skillcert.itembank.solver import AssemblyInfeasible, assemble


def bank(n, *, seed=0, kinds=("single", "single", "judge"), kps=5):
    rng = random.Random(seed)
    return [
        Candidate(i + 1, rng.choice(kinds), 1 + rng.randrange(5), f"K{rng.randrange(kps)}")
        for i in range(n)
    ]


def worst_overlap(result):
    return max(
        (v for i, row in enumerate(result.overlap) for j, v in enumerate(row) if i != j),
        default=0,
    )


@pytest.mark.parametrize("seed", [1, 2, 3, 4, 5])
def test_exam_02_parallel_forms_overlap_at_most_15_percent(seed):
    """A bank too small for disjoint forms: the exact model reuses items within the limit."""
    cands = bank(100, seed=seed)
    spec = Spec({"single": 14, "judge": 6}, {}, 0.1, {"K0": 1, "K1": 1})
    result = assemble(spec, cands, forms=6, overlap_share=0.15, seed=seed)
    assert result.max_overlap == 3  # floor(0.15 × 20)
    assert not result.disjoint_model
    assert worst_overlap(result) <= 3
    assert check_forms(spec, result.forms, cands, 0.15) == []


def test_exam_02_large_bank_gives_disjoint_forms_meeting_the_mix():
    cands = bank(3000, seed=9, kinds=("single", "multiple", "judge", "fill"), kps=10)
    spec = Spec(
        {"single": 30, "multiple": 10, "judge": 8, "fill": 2},
        {1: 0.1, 2: 0.2, 3: 0.4, 4: 0.2, 5: 0.1},
        0.05,
        {f"K{i}": 2 for i in range(10)},
    )
    result = assemble(spec, cands, forms=8, overlap_share=0.15, seed=3)
    assert result.disjoint_model and worst_overlap(result) == 0
    assert check_forms(spec, result.forms, cands, 0.15) == []
    # Papers list the items by type: single first, fill last.
    by_id = {c.id: c for c in cands}
    kinds = [by_id[i].kind for i in result.forms[0]]
    assert kinds == sorted(kinds, key=["single", "multiple", "judge", "fill"].index)


def test_exam_02_same_seed_same_forms_other_seed_other_forms():
    cands = bank(500, seed=4)
    spec = Spec({"single": 10, "judge": 5})
    a = assemble(spec, cands, forms=3, overlap_share=0.15, seed=11)
    b = assemble(spec, cands, forms=3, overlap_share=0.15, seed=11)
    c = assemble(spec, cands, forms=3, overlap_share=0.15, seed=12)
    assert a.forms == b.forms
    assert a.forms != c.forms


def test_too_few_items_of_a_type_is_named_with_the_numbers():
    cands = [Candidate(i, "single", 3, "K") for i in range(1, 38)]
    with pytest.raises(AssemblyInfeasible) as exc:
        assemble(Spec({"single": 40}), cands, forms=1, overlap_share=0.15, seed=1)
    assert "单选题已审核题目只有 37 道，蓝图需要 40 道" in exc.value.message


def test_exam_02_overlap_impossible_is_explained_by_counting():
    """40 single-choice items cannot make 10 forms of 10 sharing at most 1 per pair."""
    cands = [Candidate(i, "single", 3, "K") for i in range(1, 41)]
    with pytest.raises(AssemblyInfeasible) as exc:
        assemble(Spec({"single": 10}), cands, forms=10, overlap_share=0.15, seed=1)
    assert exc.value.rule == "EXAM-02"
    assert "单选题 40 道" in exc.value.message and "每两套最多重复 1 道" in exc.value.message


def test_missing_knowledge_point_and_difficulty_are_named():
    cands = [Candidate(i, "single", 3, "K1") for i in range(1, 30)]
    spec = Spec({"single": 10}, {3: 0.5, 5: 0.5}, 0.0, {"K9": 1})
    with pytest.raises(AssemblyInfeasible) as exc:
        assemble(spec, cands, forms=1, overlap_share=0.15, seed=1)
    assert "难度5的已审核题目只有 0 道，蓝图每套至少需要 5 道" in exc.value.message
    assert "知识点“K9”的已审核题目只有 0 道" in exc.value.message


def test_max_overlap_is_floor_of_share():
    assert max_overlap(100, 0.15) == 15
    assert max_overlap(20, 0.15) == 3
    assert max_overlap(6, 0.15) == 0


@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    n=st.integers(10, 60),
    singles=st.integers(1, 8),
    judges=st.integers(0, 4),
    forms=st.integers(1, 5),
    seed=st.integers(0, 1000),
)
def test_exam_02_property_any_result_meets_blueprint_and_overlap(n, singles, judges, forms, seed):
    """Whatever the bank: forms that meet the blueprint and EXAM-02, or a stated reason."""
    cands = bank(n, seed=seed)
    spec = Spec({"single": singles, "judge": judges} if judges else {"single": singles})
    try:
        result = assemble(spec, cands, forms=forms, overlap_share=0.15, seed=seed, time_limit=5)
    except AssemblyInfeasible as exc:
        assert exc.reasons and all(exc.reasons)
        return
    assert len(result.forms) == forms
    assert check_forms(spec, result.forms, cands, 0.15) == []
    assert worst_overlap(result) <= max_overlap(spec.size, 0.15)
