"""Seat placement that keeps classmates apart: pure functions, no database.

Seats are filled room by room, row by row. For each seat the candidate comes from the
class with the most candidates left that is neither the class on the left nor the class in
front (ties broken at random); candidates without a class never conflict. Taking the
largest class first keeps the last seats from being left to one big class. A repair pass
then swaps seats to remove what adjacencies remain where a swap helps, and `adjacencies`
counts what could not be avoided. O(n log k) for n candidates in k classes.
"""

import heapq
import random
from collections import defaultdict
from dataclasses import dataclass


@dataclass(frozen=True)
class SeatSlot:
    room: int  # index into the room list
    row: int
    col: int


def place(classes: list[str], slots: list[SeatSlot], rng: random.Random) -> list[int | None]:
    """For each slot the index of its candidate (None = empty); every candidate placed once.

    `classes[i]` is candidate i's class ("" = none). `slots` are in filling order and
    there are at least as many as candidates.
    """
    order = list(range(len(classes)))
    rng.shuffle(order)
    groups: dict[str, list[int]] = defaultdict(list)
    for i in order:
        groups[classes[i]].append(i)
    heap = [(-len(members), rng.random(), name) for name, members in groups.items()]
    heapq.heapify(heap)
    by_pos: dict[tuple[int, int, int], str] = {}
    result: list[int | None] = []
    for slot in slots[: len(classes)]:
        forbidden = {
            by_pos.get((slot.room, slot.row, slot.col - 1), ""),
            by_pos.get((slot.room, slot.row - 1, slot.col), ""),
        } - {""}
        skipped = []
        while heap and heap[0][2] in forbidden:
            skipped.append(heapq.heappop(heap))
        entry = heapq.heappop(heap) if heap else skipped.pop(0)
        for s in skipped:
            heapq.heappush(heap, s)
        count, _, name = entry
        candidate = groups[name].pop()
        if count + 1 < 0:
            heapq.heappush(heap, (count + 1, rng.random(), name))
        by_pos[(slot.room, slot.row, slot.col)] = name
        result.append(candidate)
    result.extend([None] * (len(slots) - len(result)))
    _repair(classes, slots, result, rng)
    return result


def _neighbours(slots: list[SeatSlot]) -> list[list[int]]:
    index = {(s.room, s.row, s.col): k for k, s in enumerate(slots)}
    out = []
    for s in slots:
        near = []
        for dr, dc in ((0, -1), (0, 1), (-1, 0), (1, 0)):
            k = index.get((s.room, s.row + dr, s.col + dc))
            if k is not None:
                near.append(k)
        out.append(near)
    return out


def _clashes_at(k, cls, classes, result, near, skip=None) -> int:
    if not cls:
        return 0
    n = 0
    for j in near[k]:
        if j == skip:
            continue
        c = result[j]
        if c is not None and classes[c] == cls:
            n += 1
    return n


def _repair(classes, slots, result, rng: random.Random, tries: int = 200) -> None:
    """Swap a seat in conflict with a random seat when the swap lowers the total."""
    near = _neighbours(slots)
    bad = [
        k
        for k, c in enumerate(result)
        if c is not None and _clashes_at(k, classes[c], classes, result, near)
    ]
    n = len(slots)
    for k in bad:
        c = result[k]
        if c is None or not _clashes_at(k, classes[c], classes, result, near):
            continue
        for _ in range(tries):
            j = rng.randrange(n)
            if j == k:
                continue
            d = result[j]
            ck, cj = classes[c], classes[d] if d is not None else ""
            if ck == cj:
                continue
            before = _clashes_at(k, ck, classes, result, near) + _clashes_at(
                j, cj, classes, result, near
            )
            after = _clashes_at(j, ck, classes, result, near, skip=k) + _clashes_at(
                k, cj, classes, result, near, skip=j
            )
            if after < before:
                result[k], result[j] = d, c
                break


def adjacencies(classes: list[str], slots: list[SeatSlot], result: list[int | None]) -> int:
    """Pairs of classmates side by side (left/right) or one behind the other (front/back)."""
    pos = {}
    for k, c in enumerate(result):
        if c is not None and classes[c]:
            s = slots[k]
            pos[(s.room, s.row, s.col)] = classes[c]
    n = 0
    for (room, row, col), cls in pos.items():
        if pos.get((room, row, col + 1)) == cls:
            n += 1
        if pos.get((room, row + 1, col)) == cls:
            n += 1
    return n
