"""Item types and their labels: plain constants, shared by the pure solver and the models."""

SINGLE, MULTIPLE, JUDGE, FILL = "single", "multiple", "judge", "fill"
KINDS = [(SINGLE, "单选题"), (MULTIPLE, "多选题"), (JUDGE, "判断题"), (FILL, "填空题")]
KIND_LABELS = dict(KINDS)
KIND_ORDER = [SINGLE, MULTIPLE, JUDGE, FILL]
