"""Does a page cost more when the city has more data? ``bench_page_costs`` on the
benchmark database and on one built at ten times its scale, side by side."""

# ruff: noqa: S603  (a local tool running fixed commands)
import json
import os
import subprocess

from bench.common import OUT, PY, ROOT, SCALE, log, manage

FACTOR = 10
# Each page's CPU time and queries at ten times the data, at most this many
# times what they are at the benchmark's scale.
LIMIT = 1.2
# Measurements at each scale, taken in turn: the machine's speed drifts by more
# than the 20% being judged (right after building the larger database, even
# /healthz measured 7% slower), so each scale keeps its quickest of several
# runs spread over the same minutes.
RUNS = 3


def page_costs(env):
    result = subprocess.run(
        [PY, "manage.py", "bench_page_costs"],
        cwd=ROOT,
        env=env,
        check=True,
        capture_output=True,
        text=True,
    )
    return json.loads(result.stdout.strip().splitlines()[-1])


def larger_database(env):
    """The environment of a database at ``FACTOR`` times the scale."""
    scale = float(SCALE) * FACTOR
    database = OUT / f"bench-x{FACTOR}.sqlite3"
    larger = {**env, "DATABASE_URL": f"sqlite:///{database}"}
    if os.environ.get("BENCH_REUSE_DB") and database.exists():
        log(f"Reusing {database}")
        return larger, scale
    database.unlink(missing_ok=True)
    log(f"Fresh SQLite database at scale {scale:g} for the scaling comparison")
    manage(larger, "migrate", "--noinput", "--verbosity", "0")
    manage(larger, "load_demo")
    manage(larger, "bench_data", "--scale", str(scale))
    return larger, scale


def quickest(runs):
    """Each page's lowest CPU time of ``runs``; its queries do not vary."""
    return {
        page: {**cost, "cpu_ms": min(run[page]["cpu_ms"] for run in runs)}
        for page, cost in runs[0].items()
    }


def compare(env):
    """Rows of page, costs at both scales and their ratios."""
    larger, scale = larger_database(env)
    log(f"Page costs on a page-cache miss, in one process, both scales in turn x{RUNS}")
    small_runs, large_runs = [], []
    for _ in range(RUNS):
        small_runs.append(page_costs(env))
        large_runs.append(page_costs(larger))
    small, large = quickest(small_runs), quickest(large_runs)
    rows = []
    for page, cost in small.items():
        grown = large[page]
        rows.append(
            {
                "page": page,
                "scales": [float(SCALE), scale],
                "cpu_ms": [cost["cpu_ms"], grown["cpu_ms"]],
                "queries": [cost["queries"], grown["queries"]],
                "cpu_ratio": round(grown["cpu_ms"] / cost["cpu_ms"], 2),
                "query_ratio": round(grown["queries"] / max(cost["queries"], 1), 2),
            }
        )
    return rows


def table(rows):
    small, large = rows[0]["scales"]
    lines = [
        f"| page | CPU ms, scale {small:g} | CPU ms, scale {large:g} | ratio |"
        f" queries, scale {small:g} | queries, scale {large:g} |",
        "|---|---:|---:|---:|---:|---:|",
    ]
    for row in rows:
        lines.append(
            f"| {row['page']} | {row['cpu_ms'][0]} | {row['cpu_ms'][1]} | "
            f"{row['cpu_ratio']:.2f} | {row['queries'][0]} | {row['queries'][1]} |"
        )
    return "\n".join(lines)


def misses(rows):
    found = []
    for row in rows:
        if row["page"] == "healthz":
            continue
        for measure in ("cpu_ratio", "query_ratio"):
            if row[measure] > LIMIT:
                found.append(
                    f"{row['page']}: {measure.split('_')[0]} at {FACTOR}x the data "
                    f"is {row[measure]:.2f}x (target {LIMIT}x)"
                )
    return found
