"""Paper assembly (EXAM-02): 10 parallel forms of 100 items from a 20,000-item bank.

In the database: 20,000 reviewed items of one occupation and level (4 types, difficulty
1..5, 40 knowledge points), bulk-created. Blueprint: 60 single + 20 multiple + 15 judge +
5 fill, difficulty mix 10/20/40/20/10% ±5%, every knowledge point at least once per form.
Timed: `assemble_forms` (load candidates + counting checks + CP-SAT) and `paper_set_assemble`
(the same + seal 10 papers + custody log + audit). Verified: blueprint met, pairwise overlap
<= 15. Goal: <= 5 s. Baselines, same run: loading the 20,000 candidates from the database,
and a seeded random draw of the 10 forms by type only (no difficulty, knowledge-point or
overlap guarantee).
"""

import os
import random
import time
from decimal import Decimal

N_ITEMS = int(os.environ.get("BENCH_ASSEMBLY_ITEMS", "20000"))
FORMS, KPS, SEED = 10, 40, 2026
TARGET_SECONDS = 5.0
COUNTS = {"single": 60, "multiple": 20, "judge": 15, "fill": 5}
MIX = {"1": "0.1", "2": "0.2", "3": "0.4", "4": "0.2", "5": "0.1"}


def _data():
    from skillcert.itembank.models import Item
    from skillcert.itembank.services import blueprint_create
    from tests import factories as f

    institution = f.filed_institution("组卷基准学院")
    occ = f.occupation()
    rng = random.Random(1)
    kinds = ["single"] * 10 + ["multiple"] * 4 + ["judge"] * 4 + ["fill"] * 2
    items = []
    for n in range(N_ITEMS):
        kind = rng.choice(kinds)
        options = ["甲", "乙", "丙", "丁"] if kind in ("single", "multiple") else []
        answer = {"single": [0], "multiple": [0, 2], "judge": True, "fill": ["答案"]}[kind]
        items.append(
            Item(
                institution=institution,
                occupation=occ,
                level=4,
                kind=kind,
                stem=f"基准题{n}",
                options=options,
                answer=answer,
                knowledge_point=f"K{rng.randint(1, KPS):02d}",
                difficulty=rng.randint(1, 5),
                source="own",
                author="专家",
                status=Item.REVIEWED,
            )
        )
    Item.objects.bulk_create(items, batch_size=2000)
    bp = blueprint_create(
        actor=None,
        institution=institution,
        name="车工四级理论",
        occupation=occ,
        job_type=None,
        level=4,
        sections={k: {"count": c, "points": "1"} for k, c in COUNTS.items()},
        difficulty_mix=MIX,
        difficulty_tolerance=Decimal("0.05"),
        knowledge_points={f"K{i:02d}": 1 for i in range(1, KPS + 1)},
    )
    return bp


def _random_draw(cands, seed):
    rng = random.Random(seed)
    forms = []
    for _ in range(FORMS):
        form = []
        for kind, n in COUNTS.items():
            form += rng.sample([c.id for c in cands if c.kind == kind], n)
        forms.append(form)
    return forms


def run() -> None:
    from skillcert.itembank.assembly import assemble_forms, candidates, paper_set_assemble
    from skillcert.itembank.blueprint import check_forms, overlap_matrix
    from skillcert.itembank.services import spec_of

    bp = _data()
    candidates(bp, "own")  # warm-up (query compilation)
    started = time.perf_counter()
    cands = candidates(bp, "own")
    load_s = time.perf_counter() - started
    started = time.perf_counter()
    draw = _random_draw(cands, SEED)
    draw_s = time.perf_counter() - started
    draw_overlap = max(
        v for i, r in enumerate(overlap_matrix(draw)) for j, v in enumerate(r) if i != j
    )

    started = time.perf_counter()
    _, result = assemble_forms(blueprint=bp, forms=FORMS, seed=SEED)
    solve_s = time.perf_counter() - started
    problems = check_forms(spec_of(bp), result.forms, cands, 0.15)
    worst = max(v for i, r in enumerate(result.overlap) for j, v in enumerate(r) if i != j)
    started = time.perf_counter()
    paper_set = paper_set_assemble(actor=None, blueprint=bp, forms=FORMS, seed=SEED)
    full_s = time.perf_counter() - started

    print(f"   bank: {len(cands)} reviewed items, {KPS} knowledge points; blueprint {COUNTS}")
    print(f"   baseline A (load {len(cands)} candidates from the database): {load_s:.3f} s")
    print(
        f"   baseline B (random draw of {FORMS} forms by type only, no guarantees): "
        f"{draw_s:.3f} s, worst pairwise overlap {draw_overlap}"
    )
    print(
        f"   assemble_forms (load + checks + CP-SAT): {solve_s:.2f} s, pool {result.pool_size}, "
        f"disjoint model: {result.disjoint_model}, worst pairwise overlap {worst} "
        f"(limit {result.max_overlap}), blueprint problems: {len(problems)}"
    )
    print(
        f"   paper_set_assemble (+ seal {paper_set.papers.count()} papers, custody log, audit): "
        f"{full_s:.2f} s"
    )
    verdict = "met" if solve_s <= TARGET_SECONDS and not problems else "MISSED"
    print(
        f"   goal <= {TARGET_SECONDS:g} s: {verdict}; ratio assemble/load: "
        f"{solve_s / load_s:.1f}x, assemble/random draw: {solve_s / draw_s:.0f}x"
    )
