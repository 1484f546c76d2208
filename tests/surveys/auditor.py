"""The attacker's arithmetic as integer programs: unknown counts per cell and
answer, constraints from published figures, least and greatest solutions."""

import itertools

import numpy as np
from scipy.optimize import Bounds, LinearConstraint, milp
from scipy.sparse import coo_array

from surveys.models import QuestionKind

QUESTIONS = [
    {
        "key": "mode",
        "kind": QuestionKind.SINGLE,
        "text": "How do you get around?",
        "choices": [("bus", "Bus"), ("car", "Car"), ("walk", "Walk")],
    },
    {
        "key": "help",
        "kind": QuestionKind.MULTIPLE,
        "min_choices": 1,
        "max_choices": 2,
        "text": "What would help?",
        "choices": [("a", "Patrols"), ("b", "Lights")],
    },
    {"key": "trust", "kind": QuestionKind.SCALE, "scale_points": 5, "text": "Trust"},
    {"key": "yn", "kind": QuestionKind.YES_NO, "text": "Would you come?"},
    {"key": "age", "kind": QuestionKind.NUMBER, "text": "Age"},
    {
        "key": "where",
        "kind": QuestionKind.DROPDOWN,
        "text": "Where do you live?",
        "choices": [("north", "North"), ("south", "South")],
    },
    {
        "key": "feel",
        "kind": QuestionKind.MATRIX,
        "scale_points": 5,
        "text": "Do you agree?",
        "choices": [("fair", "Officers are fair"), ("listen", "Officers listen")],
    },
    {
        "key": "order",
        "kind": QuestionKind.RANKING,
        "text": "What matters most?",
        "choices": [("p", "Patrols"), ("l", "Lights"), ("y", "Youth")],
    },
    {
        "key": "rank",
        "kind": QuestionKind.RANKING,
        "text": "Which should come first?",
        "choices": [("p", "Parks"), ("l", "Libraries"), ("y", "Youth clubs")],
    },
    {"key": "when", "kind": QuestionKind.DATE, "text": "When did you last call?"},
]
RANKED = ("p", "l", "y")
# A matrix's statements, each followed as a question of its own ("feel.fair"):
# they are rated all or none, so the same number skip each.
STATEMENTS = {"feel": ["feel.fair", "feel.listen"]}
# Each question's possible answers ("patterns"), None for no answer, and the
# published count each pattern adds to.
PATTERNS = {
    "mode": ["bus", "car", "walk", None],
    "help": [("a",), ("b",), ("a", "b"), None],
    "trust": [1, 2, 3, 4, 5, None],
    "yn": [1, 0, None],
    "age": [40, None],
    "where": ["north", "south", None],
    "feel.fair": [1, 2, 3, 4, 5, None],
    "feel.listen": [1, 2, 3, 4, 5, None],
    "order": [*itertools.permutations(RANKED), None],
    "rank": [*itertools.permutations(RANKED), None],
    "when": ["2026-01", "2026-02", "2026-03", None],
}


def counted_in(key, pattern):
    """The answer codes a pattern counts towards."""
    if pattern is None:
        return []
    if key == "help":
        return list(pattern)
    if key == "age":
        return []
    if key in ("order", "rank"):
        # Ranked first (published), and each place (which means give away).
        places = [f"{code}@{place}" for place, code in enumerate(pattern, 1)]
        return [pattern[0], *places]
    return [str(pattern)]


class Model:
    """Integer unknowns for each cell: its size and, per question, how many gave
    each pattern; constraints are added as published figures are read."""

    def __init__(self, cells):
        self.known = set(cells)
        self.index = {}
        for cell in cells:
            self.index[(cell, "n")] = len(self.index)
            for key, patterns in PATTERNS.items():
                for pattern in patterns:
                    self.index[(cell, key, pattern)] = len(self.index)
        self.rows = []
        for cell in cells:
            for key, patterns in PATTERNS.items():
                row = {self.index[(cell, key, p)]: 1 for p in patterns}
                row[self.index[(cell, "n")]] = -1
                self.add(row, 0, 0)
            for first, *others in STATEMENTS.values():
                for other in others:
                    row = {
                        self.index[(cell, first, None)]: 1,
                        self.index[(cell, other, None)]: -1,
                    }
                    self.add(row, 0, 0)

    def add(self, row, low, high):
        self.rows.append((row, low, high))

    def size(self, cells):
        return {self.index[(cell, "n")]: 1 for cell in cells if cell in self.known}

    def answered(self, cells, key):
        key = STATEMENTS.get(key, [key])[0]
        return {
            self.index[(cell, key, p)]: 1
            for cell in cells
            if cell in self.known
            for p in PATTERNS[key]
            if p is not None
        }

    def count(self, cells, key, code):
        return {
            self.index[(cell, key, p)]: 1
            for cell in cells
            if cell in self.known
            for p in PATTERNS[key]
            if code in counted_in(key, p)
        }

    def weighted(self, cells, key):
        return {
            self.index[(cell, key, p)]: float(p)
            for cell in cells
            if cell in self.known
            for p in PATTERNS[key]
            if p is not None
        }

    def ranked(self, cells, key, code):
        """The sum of the places given to ``code``."""
        return {
            self.index[(cell, key, p)]: float(p.index(code) + 1)
            for cell in cells
            if cell in self.known
            for p in PATTERNS[key]
            if p is not None
        }

    def constraint(self):
        if getattr(self, "_built", (None, -1))[1] != len(self.rows):
            columns, lines, values = [], [], []
            for line, (row, _low, _high) in enumerate(self.rows):
                for column, value in row.items():
                    lines.append(line)
                    columns.append(column)
                    values.append(value)
            matrix = coo_array(
                (values, (lines, columns)), shape=(len(self.rows), len(self.index))
            )
            low = [row[1] for row in self.rows]
            high = [row[2] for row in self.rows]
            self._built = (LinearConstraint(matrix.tocsr(), low, high), len(self.rows))
        return self._built[0]

    def solve(self, target, sign):
        objective = np.zeros(len(self.index))
        for column, value in target.items():
            objective[column] = sign * value
        result = milp(
            objective,
            constraints=self.constraint(),
            integrality=np.ones(len(self.index)),
            bounds=Bounds(0, np.inf),
        )
        assert result.status == 0, result.message
        return round(sign * result.fun)

    def span(self, target):
        """The least and greatest value of ``target`` over all integer
        solutions."""
        return self.solve(target, 1), self.solve(target, -1)

    def possible(self, target, low, high):
        """Whether some integer solution puts ``target`` between low and high:
        a search for any solution, which stops at the first one found."""
        line = np.zeros(len(self.index))
        for column, value in target.items():
            line[column] = value
        result = milp(
            np.zeros(len(self.index)),
            constraints=[self.constraint(), LinearConstraint(line, low, high)],
            integrality=np.ones(len(self.index)),
            bounds=Bounds(0, np.inf),
        )
        assert result.status in (0, 2), result.message  # solved or infeasible
        return result.status == 0

    def determined(self, target, value):
        """Whether ``value``, a possible value of ``target``, is its only one."""
        return not self.possible(target, value + 1, np.inf) and not self.possible(
            target, -np.inf, value - 1
        )
