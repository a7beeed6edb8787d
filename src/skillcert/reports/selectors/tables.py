"""The shape every dashboard section answers in: tables of labelled rows of figures, each
row carrying the group a click on it drills into, and how to chart it. Pages, the .xlsx and
the API all read these, so a figure is computed once and shown the same everywhere."""

from dataclasses import dataclass, field


@dataclass
class Table:
    key: str
    title: str
    columns: list[str]  # labels first, then figures
    rows: list[list] = field(default_factory=list)
    drill: list[dict] = field(default_factory=list)  # per row: the group's query parameters
    chart: str = ""  # "bar", "line", "doughnut" or "" (no chart)
    labels: int = 1  # how many leading columns are labels

    def add(self, cells: list, group: dict | None = None) -> None:
        self.rows.append(cells)
        self.drill.append({k: str(v) for k, v in (group or {}).items() if v not in (None, "")})

    def figure(self, *labels, column: str):
        """The figure in `column` of the row whose labels are `labels` (tests, API clients)."""
        index = self.columns.index(column)
        for row in self.rows:
            if tuple(row[: len(labels)]) == labels:
                return row[index]
        raise KeyError(labels)

    def chart_data(self) -> dict | None:
        """Labels and one dataset per figure column, for static/reports/dashboard.js."""
        if not self.chart or not self.rows:
            return None
        figures = range(self.labels, len(self.columns))
        return {
            "key": self.key,
            "title": self.title,
            "type": self.chart,
            "labels": [" ".join(str(c) for c in row[: self.labels]) for row in self.rows],
            "datasets": [
                {"label": self.columns[i], "data": [_number(row[i]) for row in self.rows]}
                for i in figures
                if self.columns[i] not in RATE_COLUMNS
            ],
        }


RATE_COLUMNS = {"合格率（%）"}


def _number(value):
    return value if isinstance(value, int | float) else 0


def rate(passed: int, sat: int) -> float | None:
    """Pass rate in percent with one decimal, of those who sat; None when nobody sat."""
    return round(100 * passed / sat, 1) if sat else None


@dataclass
class Section:
    key: str
    title: str
    note: str  # what the figures count: the definitions a reader needs
    tables: list[Table]

    def table(self, key: str) -> Table:
        return next(t for t in self.tables if t.key == key)

    def charts(self) -> list[dict]:
        return [c for c in (t.chart_data() for t in self.tables) if c]
