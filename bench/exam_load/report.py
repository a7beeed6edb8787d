"""Figures from the request log: percentiles, the restart window, errors by kind."""

from collections import Counter

from .load import Log

Row = tuple[float, float, str, int]


def percentiles(rows: list[Row]) -> str:
    lat = sorted((end - start) * 1000 for start, end, kind, _ in rows if kind == "ok")
    if not lat:
        return "no successful requests"

    def at(q: float) -> float:
        return lat[min(len(lat) - 1, int(q * len(lat)))]

    return (
        f"p50 {at(0.50):.1f} ms, p90 {at(0.90):.1f} ms, p99 {at(0.99):.1f} ms, "
        f"max {lat[-1]:.1f} ms (n={len(lat)})"
    )


def p99_ms(rows: list[Row]) -> float:
    lat = sorted((end - start) * 1000 for start, end, kind, _ in rows if kind == "ok")
    return lat[min(len(lat) - 1, int(0.99 * len(lat)))] if lat else float("inf")


def window(log: Log, killed_at: float | None) -> tuple[float, float] | None:
    """(kill, first 200 answered after the kill), None without a kill."""
    if killed_at is None:
        return None
    ends = [end for start, end, kind, _ in log.rows if kind == "ok" and start > killed_at]
    return killed_at, min(ends, default=float("inf"))


def split(log: Log, win: tuple[float, float] | None) -> tuple[list[Row], list[Row]]:
    """(outside, inside): inside = the request's [start, end] overlaps the restart window."""
    if win is None:
        return log.rows, []
    outside, inside = [], []
    for row in log.rows:
        (inside if row[0] <= win[1] and row[1] >= win[0] else outside).append(row)
    return outside, inside


def errors(rows: list[Row]) -> str:
    counts = Counter(kind for _, _, kind, _ in rows if kind != "ok")
    return ", ".join(f"{k} {n}" for k, n in counts.most_common()) or "none"


def timeline(log: Log, start: float, bucket: float, until: float) -> str:
    """'t=0s 598/s p99 41ms | ...' per bucket of `bucket` seconds."""
    out = []
    t = 0.0
    while start + t < until:
        rows = [r for r in log.rows if start + t <= r[0] < start + t + bucket]
        ok = sum(1 for r in rows if r[2] == "ok")
        p99 = p99_ms(rows)
        out.append(f"{t:.0f}s {ok / bucket:.0f}/s p99 {p99:.0f}" if ok else f"{t:.0f}s down")
        t += bucket
    return " | ".join(out)
