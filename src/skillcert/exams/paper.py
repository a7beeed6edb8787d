"""The exam's frozen paper: question checks, sealing (EXAM-04) and per-attempt shuffling.

A question is a dict with exactly the keys `item_id:int, kind:str, stem:str,
options:list[str], answer, points:str`:

- single: `answer` = [index of the right option] (0-based, original order);
- multiple: `answer` = [indexes of all right options];
- judge: `answer` = true/false (`options` may be empty: the page shows 正确/错误);
- fill: `answer` = [key of blank 1, key of blank 2, …], a key being one string or a list of
  accepted strings (the item bank's fill items are one blank with accepted alternatives).

`points` is a Decimal written as a string. The list is sealed with
`skillcert.core.crypto.encrypt_bytes` and opened only from the time entry opens (EXAM-04).

Shuffling: each attempt stores its own order (`ExamAttempt.order`): the item ids in the
order shown and, for single/multiple items, the original option indexes in the order shown.
Candidates answer in shown positions; `to_original` maps them back for scoring.
"""

import json
import random
from decimal import Decimal, InvalidOperation
from functools import lru_cache

from skillcert.core.crypto import decrypt_bytes, encrypt_bytes
from skillcert.core.errors import DomainError
from skillcert.core.numbers import decimal_text

KINDS = {"single": "单选题", "multiple": "多选题", "judge": "判断题", "fill": "填空题"}
KEYS = {"item_id", "kind", "stem", "options", "answer", "points"}
MAX_ITEMS = 500
MAX_OPTIONS = 10


def _bad(n: int, message: str) -> DomainError:
    return DomainError("exam_question", f"第{n}题：{message}", field="questions", rule="EXAM-07")


def _is_int(v) -> bool:
    return isinstance(v, int) and not isinstance(v, bool)


def check_question(n: int, q) -> dict:
    """A clean copy of question number `n` (1-based) or a DomainError naming it."""
    if not isinstance(q, dict) or set(q) != KEYS:
        raise _bad(n, "应恰好包含 item_id、kind、stem、options、answer、points")
    item_id, kind, stem, options, answer = (
        q["item_id"],
        q["kind"],
        q["stem"],
        q["options"],
        q["answer"],
    )
    if not _is_int(item_id) or not 0 < item_id < 2**53:
        raise _bad(n, "题目编号应为正整数")
    if kind not in KINDS:
        raise _bad(n, "题型应为 single、multiple、judge 或 fill")
    if not isinstance(stem, str) or not stem.strip():
        raise _bad(n, "题干不能为空")
    if not isinstance(options, list) or not all(isinstance(o, str) for o in options):
        raise _bad(n, "选项应为文字列表")
    try:
        points = Decimal(str(q["points"]))
    except InvalidOperation:
        raise _bad(n, "分值不是数字") from None
    if not points.is_finite() or points <= 0 or points > 100:
        raise _bad(n, "分值应大于0且不超过100")
    if kind in ("single", "multiple"):
        if not 2 <= len(options) <= MAX_OPTIONS:
            raise _bad(n, f"选择题应有2–{MAX_OPTIONS}个选项")
        if not isinstance(answer, list) or not answer:
            raise _bad(n, "答案应为正确选项序号的列表")
        if not all(_is_int(a) and 0 <= a < len(options) for a in answer):
            raise _bad(n, "答案中的选项序号超出范围")
        if len(set(answer)) != len(answer) or (kind == "single" and len(answer) != 1):
            raise _bad(n, "单选题只有一个正确选项，答案序号不能重复")
        answer = sorted(answer)
    elif kind == "judge":
        if not isinstance(answer, bool):
            raise _bad(n, "判断题答案应为 true 或 false")
    else:
        if not isinstance(answer, list) or not answer:
            raise _bad(n, "填空题答案应为每空一项的列表")
        if not all(_blank_key_ok(a) for a in answer):
            raise _bad(n, "填空题每空答案应为非空文字或可接受文字的列表")
    return {
        "item_id": item_id,
        "kind": kind,
        "stem": stem.strip(),
        "options": list(options),
        "answer": answer,
        "points": decimal_text(points),
    }


def _blank_key_ok(key) -> bool:
    accepted = key if isinstance(key, list) else [key]
    return bool(accepted) and all(isinstance(a, str) and normalise(a) for a in accepted)


def blank_matches(given: str, key) -> bool:
    """A blank is right when the normalised answer equals one accepted string."""
    accepted = key if isinstance(key, list) else [key]
    return any(given == normalise(k) for k in accepted)


def check_questions(questions) -> list[dict]:
    if not isinstance(questions, list) or not questions:
        raise DomainError("exam_questions", "试卷没有试题", field="questions", rule="EXAM-07")
    if len(questions) > MAX_ITEMS:
        raise DomainError(
            "exam_questions", f"一份试卷至多{MAX_ITEMS}题", field="questions", rule="EXAM-07"
        )
    clean = [check_question(n, q) for n, q in enumerate(questions, start=1)]
    ids = [q["item_id"] for q in clean]
    if len(set(ids)) != len(ids):
        raise DomainError(
            "exam_question_dup", "试卷中有重复的题目编号", field="questions", rule="EXAM-07"
        )
    return clean


def seal(questions: list[dict]) -> bytes:
    return encrypt_bytes(json.dumps(questions, ensure_ascii=False).encode())


@lru_cache(maxsize=64)
def _unseal_cached(blob: bytes) -> tuple:
    return tuple(json.loads(decrypt_bytes(blob)))


def unseal(blob) -> list[dict]:
    """The clear questions (cached per process by the sealed bytes; callers must not change
    them). Only `services.exam_questions` calls this, after the EXAM-04 time check."""
    return list(_unseal_cached(bytes(blob)))


def make_order(questions: list[dict], seed: int) -> dict:
    """Items and options shuffled for one attempt (judge and fill options are not shuffled)."""
    rng = random.Random(seed)
    items = [q["item_id"] for q in questions]
    rng.shuffle(items)
    options = {}
    for q in questions:
        if q["kind"] in ("single", "multiple"):
            idx = list(range(len(q["options"])))
            rng.shuffle(idx)
            options[str(q["item_id"])] = idx
    return {"items": items, "options": options}


def to_original(question: dict, order: dict, value):
    """The candidate's value in the paper's own terms: option positions shown -> original
    indexes (a sorted list); judge a bool; fill a list of strings. None when malformed."""
    kind = question["kind"]
    if kind in ("single", "multiple"):
        shown = order["options"].get(str(question["item_id"]))
        if not isinstance(value, list) or not shown:
            return None
        if not all(_is_int(v) and 0 <= v < len(shown) for v in value):
            return None
        return sorted({shown[v] for v in value})
    if kind == "judge":
        return value if isinstance(value, bool) else None
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        return None
    return [normalise(v) for v in value]


def normalise(text: str) -> str:
    """Fill answers: full-width -> half-width (NFKC), spaces trimmed and collapsed."""
    import unicodedata

    return " ".join(unicodedata.normalize("NFKC", text).split())


def shown_paper(questions: list[dict], order: dict) -> list[dict]:
    """What the candidate's page gets: no answers, items and options in the attempt's order."""
    by_id = {q["item_id"]: q for q in questions}
    out = []
    for number, item_id in enumerate(order["items"], start=1):
        q = by_id[item_id]
        shown = order["options"].get(str(item_id))
        options = [q["options"][i] for i in shown] if shown else list(q["options"])
        if q["kind"] == "judge":
            options = ["正确", "错误"]
        blanks = len(q["answer"]) if q["kind"] == "fill" else 0
        out.append(
            {
                "item": item_id,
                "no": number,
                "kind": q["kind"],
                "kind_label": KINDS[q["kind"]],
                "stem": q["stem"],
                "options": options,
                "blanks": blanks,
                "points": decimal_text(q["points"]),
            }
        )
    return out
