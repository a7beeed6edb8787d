"""Checks of an item's content, shared by the edit form, the API and the import (EXAM-01).

Every check raises DomainError naming the field, so an import row can report its column.
Answers are stored in one shape per type: choice -> sorted option indexes (0 = A), judge ->
true/false, fill -> the accepted strings.
"""

from dataclasses import dataclass

from skillcert.core.errors import DomainError

from .kinds import FILL, JUDGE, KIND_LABELS, MULTIPLE, SINGLE
from .models import NATIONAL, OWN, SOURCE_LABELS

MAX_OPTIONS = 8
LETTERS = "ABCDEFGH"
STEM_MAX, OPTION_MAX, KP_MAX = 2000, 500, 100


@dataclass(frozen=True)
class Content:
    kind: str
    stem: str
    options: list[str]
    answer: list[int] | bool | list[str]
    knowledge_point: str
    difficulty: int
    source: str
    author: str


def _err(field: str, message: str, rule: str = "") -> DomainError:
    return DomainError("item_invalid", message, field=field, rule=rule)


def _options(kind: str, options) -> list[str]:
    if kind in (JUDGE, FILL):
        if options and any(str(o).strip() for o in options):
            raise _err("options", f"{KIND_LABELS[kind]}不设选项")
        return []
    if not isinstance(options, list | tuple):
        raise _err("options", "选项应为文字列表")
    cleaned = [str(o).strip() for o in options]
    while cleaned and not cleaned[-1]:
        cleaned.pop()
    if len(cleaned) < 2 or len(cleaned) > MAX_OPTIONS:
        raise _err("options", f"{KIND_LABELS[kind]}需要2–{MAX_OPTIONS}个选项，现有{len(cleaned)}个")
    for n, o in enumerate(cleaned):
        if not o:
            raise _err("options", f"选项{LETTERS[n]}为空，选项之间不能留空")
        if len(o) > OPTION_MAX:
            raise _err("options", f"选项{LETTERS[n]}超过{OPTION_MAX}字")
    if len(set(cleaned)) != len(cleaned):
        raise _err("options", "选项内容有重复")
    return cleaned


def _answer(kind: str, answer, n_options: int):
    if kind == JUDGE:
        if not isinstance(answer, bool):
            raise _err("answer", "判断题答案应为“正确”或“错误”")
        return answer
    if kind == FILL:
        if not isinstance(answer, list | tuple):
            raise _err("answer", "填空题答案应为可接受答案的列表")
        accepted = [str(a).strip() for a in answer if str(a).strip()]
        if not accepted:
            raise _err("answer", "填空题至少需要一个可接受的答案")
        if any(len(a) > OPTION_MAX for a in accepted):
            raise _err("answer", f"填空题答案超过{OPTION_MAX}字")
        return accepted
    if not isinstance(answer, list | tuple) or not all(
        isinstance(i, int) and not isinstance(i, bool) for i in answer
    ):
        raise _err("answer", "选择题答案应为选项字母")
    picked = sorted(set(answer))
    if any(i < 0 or i >= n_options for i in picked):
        raise _err("answer", f"答案不在选项 A–{LETTERS[n_options - 1]} 之内")
    if kind == SINGLE and len(picked) != 1:
        raise _err("answer", "单选题只能有一个正确答案")
    if kind == MULTIPLE and len(picked) < 2:
        raise _err("answer", "多选题至少有两个正确答案")
    return picked


def clean_content(
    *,
    kind: str,
    stem: str,
    options,
    answer,
    knowledge_point: str,
    difficulty: int,
    source: str,
    author: str = "",
) -> Content:
    if kind not in KIND_LABELS:
        raise _err("kind", f"题型应为：{'、'.join(KIND_LABELS.values())}")
    stem = (stem or "").strip()
    if not stem:
        raise _err("stem", "请填写题干")
    if len(stem) > STEM_MAX:
        raise _err("stem", f"题干超过{STEM_MAX}字")
    opts = _options(kind, options)
    ans = _answer(kind, answer, len(opts))
    kp = (knowledge_point or "").strip()
    if not kp:
        raise _err("knowledge_point", "请填写知识点（标准中的编码或名称）", "EXAM-01")
    if len(kp) > KP_MAX:
        raise _err("knowledge_point", f"知识点超过{KP_MAX}字")
    if not isinstance(difficulty, int) or isinstance(difficulty, bool) or not 1 <= difficulty <= 5:
        raise _err("difficulty", "难度应为1–5的整数")
    if source not in SOURCE_LABELS:
        raise _err("source", "请注明来源：国家题库或机构自建（EXAM-01）", "EXAM-01")
    author = (author or "").strip()[:60]
    if source == OWN and not author:
        raise _err("author", "机构自建题须填写命题人（由专家依据标准命制，EXAM-01）", "EXAM-01")
    return Content(kind, stem, opts, ans, kp, difficulty, source, author)


def answer_text(kind: str, answer) -> str:
    """The answer as a person reads it: 'B', 'ACD', '正确', 'a｜b'."""
    if kind == JUDGE:
        return "正确" if answer else "错误"
    if kind == FILL:
        return "｜".join(answer)
    return "".join(LETTERS[i] for i in answer)


__all__ = ["NATIONAL", "OWN", "Content", "answer_text", "clean_content"]
