"""``make bench``: load-test Engage under gunicorn with production settings.

1. A fresh SQLite database: migrate, the demo site, ``bench_data --scale``.
2. For each page, cold (the cache emptied before every request), miss (the
   page cache off, so every page is rendered, with the menu, settings and time
   zone cached) and warm (the production file cache, filled before measuring):
   wrk's requests per second
   and p50/p99 latency, the SQL queries of one request (a header only
   ``bench.settings`` adds), and each gunicorn worker's peak memory (VmHWM).
3. Forum night (``bench.night``): the warm pages again, while a survey
   response is posted every second and an RSVP added every five; wrk counts the
   page cache's hits. ``BENCH_ONLY=night`` runs this alone.
4. Scaling (``bench.scaling``): each page's CPU time and queries on a miss, in
   one process, on this database and on one ten times larger, measured at the
   two scales in turn and the quickest run of each kept.
   ``BENCH_ONLY=scaling`` runs this alone.
5. The RSVP burst against a throwaway PostgreSQL server: 200 residents post the
   RSVP form, then confirm from their emailed links, at the same moment for a
   forum with 100 seats.

Prints a table and writes var/bench/results.json. Run as root on Debian: wrk
and PostgreSQL are installed with apt-get when missing.
"""

# ruff: noqa: S603, S607, S310  (a local tool running fixed commands and URLs)
import contextlib
import json
import os
import re
import shutil
import subprocess
import sys
import time

from bench import scaling
from bench.burst import burst
from bench.common import (
    BURST,
    CONNECTIONS,
    DURATION,
    OUT,
    PAGES,
    PORT,
    SCALE,
    SEATS,
    THREADS,
    Server,
    base_env,
    ensure_apt,
    fetch,
    log,
    manage,
)
from bench.night import ForumNight, count_script, parse_counts


def to_ms(value):
    """wrk's "1.23ms" in milliseconds; None when nothing completed."""
    match = re.match(r"([\d.]+)(us|ms|s|m)$", value or "")
    if match is None:
        return None
    number, unit = match.groups()
    return round(float(number) * {"us": 0.001, "ms": 1, "s": 1000, "m": 60000}[unit], 2)


def wrk(path, script=None):
    """wrk's figures for ``path``; with the Lua ``script`` of forum night, also
    the page cache's hits and misses it counted."""
    result = subprocess.run(
        [
            "wrk",
            f"-t{THREADS}",
            f"-c{CONNECTIONS}",
            f"-d{DURATION}",
            "--timeout",
            "30s",
            "--latency",
            *(["-s", script] if script else []),
            f"http://127.0.0.1:{PORT}{path}",
        ],
        capture_output=True,
        text=True,
        check=True,
    )
    figures = parse_wrk(result.stdout)
    if script:
        figures.update(parse_counts(result.stdout))
    return figures


def parse_wrk(text):
    """Requests per second, p50 and p99 in ms, and failed responses from wrk's
    output with ``--latency``."""
    errors = re.search(r"Non-2xx or 3xx responses: (\d+)", text)

    def percentile(name):
        # A line of wrk's "Latency Distribution" (``    50%   12.30ms``), never
        # the "+/- Stdev" column that ends the line above it (``62.50%``).
        found = re.search(rf"^\s*{name}%\s+(\S+)", text, re.MULTILINE)
        if found is None:
            return None
        value = to_ms(found.group(1))
        return found.group(1) if value is None else value  # keep what wrk said

    return {
        "rps": float(re.search(r"Requests/sec:\s+([\d.]+)", text).group(1)),
        "p50_ms": percentile("50"),
        "p99_ms": percentile("99"),
        "non_2xx": int(errors.group(1)) if errors else 0,
    }


def measure(env, mode):
    log(f"{mode} cache: {', '.join(name for name, _ in PAGES)}")
    rows = []
    night = mode == "forum night"
    script = count_script() if night else None
    with (
        Server(env) as server,
        ForumNight(env) if night else contextlib.nullcontext() as events,
    ):
        for name, path in PAGES:
            # Warm: fill the cache for both workers; cold: warm the code paths.
            # The fewest queries of the four: either worker may serve one as its
            # first request for this page, which also reads what each process
            # keeps per content version (the pages on the path).
            queries = []
            for _ in range(4):
                status, headers = fetch(path)
                queries.append(int(headers.get("X-Engage-Queries", -1)))
            if status != 200:
                raise SystemExit(f"{path} answered {status}")
            row = {"mode": mode, "page": name, "path": path, "queries": min(queries)}
            if mode == "warm":
                # Query strings no one asked for before: page-cache misses with
                # the menu, settings and time zone already cached. The fewest of
                # four, as either worker may serve one as its first page since
                # the content version moved (it then also reads the site).
                row["queries_page_miss"] = min(
                    int(
                        fetch(f"{path}?bench-miss={time.time_ns()}")[1][
                            "X-Engage-Queries"
                        ]
                    )
                    for _ in range(4)
                )
            row.update(wrk(path, script))
            rows.append(row)
            hits = row.get("cache_hit_rate")
            print(
                f"    {name:15} {row['rps']:8.1f} req/s  queries {row['queries']}"
                + (f"  page-cache hits {hits:.1%}" if hits is not None else ""),
                flush=True,
            )
        memory = server.worker_peak_memory_mb()
    floor = rows[0]["rps"]
    for row in rows:
        row["of_healthz"] = round(row["rps"] / floor, 3) if floor else 0
        row["worker_peak_rss_mb"] = memory
        if night:
            row["posted"] = events.tally
    return rows


# Report ---------------------------------------------------------------------------


def table(rows, result):
    lines = [
        "| page | cache | req/s | of /healthz | p50 ms | p99 ms | SQL queries |"
        " queries on a page-cache miss | page-cache hits |",
        "|---|---|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for row in rows:
        hits = row.get("cache_hit_rate")
        lines.append(
            f"| {row['page']} | {row['mode']} | {row['rps']:.1f} | "
            f"{row['of_healthz']:.1%} | {row['p50_ms']} | {row['p99_ms']} | "
            f"{row['queries']} | {row.get('queries_page_miss', '')} | "
            f"{'' if hits is None else f'{hits:.1%}'} |"
        )
    memory = {row["mode"]: row["worker_peak_rss_mb"] for row in rows}
    lines.append("")
    lines.append(
        "Peak RSS per worker (MB): "
        + "; ".join(f"{mode}: {values}" for mode, values in memory.items())
    )
    lines.extend(night_line(rows))
    if result is None:
        return "\n".join(lines)
    lines.append(
        f"RSVP burst ({result['residents']} residents, {result['seats']} seats, "
        f"PostgreSQL): {result['confirmed']} confirmed, {result['waitlisted']} "
        f"waitlisted, {result['errors']} errors, in {result['seconds']}s"
    )
    return "\n".join(lines)


def night_line(rows):
    posted = next((row["posted"] for row in rows if "posted" in row), None)
    if posted is None:
        return []
    return [
        f"Forum night: {posted['responses']} survey responses "
        f"({posted['response_errors']} refused or failed) and {posted['rsvps']} "
        f"RSVPs ({posted.get('rsvp_errors')} failed) while measuring"
    ]


def targets(rows, result):
    misses = []
    for row in rows:
        # Forum night is reported, not held to the targets of a quiet night.
        if row["page"] == "healthz" or row["mode"] == "forum night":
            continue
        queries = row.get("queries_page_miss", row["queries"])
        # At most 10 on a page-cache miss; 12 when every cache is empty.
        limit = 12 if row["mode"] == "cold" else 10
        if queries > limit:
            misses.append(
                f"{row['page']} ({row['mode']}): {queries} queries (target {limit})"
            )
        # Issue 18's floors: 10% of /healthz on a page-cache miss (the menu,
        # settings and time zone cached) and 50% warm. With every cache empty
        # ("cold") only the queries are held to a target; its throughput is
        # reported in the table.
        floor = {"warm": 0.5, "miss": 0.1}.get(row["mode"])
        if floor is not None and row["of_healthz"] < floor:
            misses.append(
                f"{row['page']} ({row['mode']}): {row['of_healthz']:.1%} of /healthz"
                f" (target {floor:.0%})"
            )
    wanted = (SEATS, BURST - SEATS, 0)
    if (result["confirmed"], result["waitlisted"], result["errors"]) != wanted:
        misses.append("RSVP burst: not exactly 100 confirmed, 100 waitlisted, 0 errors")
    return misses


def prepare():
    """The environment of the server under test, on a database ready to serve."""
    ensure_apt(lambda: shutil.which("wrk"), "wrk")
    database = OUT / "bench.sqlite3"
    shutil.rmtree(OUT / "cache", ignore_errors=True)
    env = base_env(f"sqlite:///{database}")
    if os.environ.get("BENCH_REUSE_DB") and database.exists():
        log(f"Reusing {database}")
    else:
        database.unlink(missing_ok=True)
        log(f"Fresh SQLite database with the demo and benchmark data (scale {SCALE})")
        manage(env, "migrate", "--noinput", "--verbosity", "0")
        manage(env, "load_demo")
        manage(env, "bench_data", "--scale", SCALE)
    manage(env, "collectstatic", "--noinput", "--verbosity", "0")
    return env


def forum_night(env):
    # A phone answers the survey every second, and every one is 127.0.0.1.
    return measure({**env, "ENGAGE_BENCH_RATE_LIMITS": "off"}, "forum night")


def main():
    OUT.mkdir(parents=True, exist_ok=True)
    if os.environ.get("BENCH_ONLY") == "burst":
        result = burst()
        print(json.dumps(result, indent=2))
        (OUT / "burst.json").write_text(json.dumps(result, indent=2))
        return
    started = time.monotonic()
    env = prepare()
    if os.environ.get("BENCH_ONLY") == "night":
        rows = forum_night(env)
        (OUT / "night.json").write_text(json.dumps(rows, indent=2))
        print("\n" + table(rows, None) + "\n")
        return
    if os.environ.get("BENCH_ONLY") == "scaling":
        grown = scaling.compare(env)
        (OUT / "scaling.json").write_text(json.dumps(grown, indent=2))
        print("\n" + scaling.table(grown) + "\n")
        print("\n".join(scaling.misses(grown)) or "Every page within the target.")
        return
    rows = measure({**env, "ENGAGE_BENCH_CACHE": "cold"}, "cold")
    shutil.rmtree(OUT / "cache", ignore_errors=True)
    rows += measure({**env, "ENGAGE_BENCH_CACHE": "no-pages"}, "miss")
    shutil.rmtree(OUT / "cache", ignore_errors=True)
    rows += measure(env, "warm")
    rows += forum_night(env)  # on the warm cache
    # Kept even if the burst fails.
    (OUT / "pages.json").write_text(json.dumps(rows, indent=2))
    grown = scaling.compare(env)
    result = burst()
    report = table(rows, result) + "\n\n" + scaling.table(grown)
    misses = targets(rows, result) + scaling.misses(grown)
    print("\n" + report + "\n")
    print("Targets missed:\n  " + "\n  ".join(misses) if misses else "All targets met.")
    (OUT / "results.json").write_text(
        json.dumps(
            {
                "scale": SCALE,
                "wrk": {
                    "threads": THREADS,
                    "connections": CONNECTIONS,
                    "duration": DURATION,
                },
                "cpus": os.cpu_count(),
                "load_average_at_end": os.getloadavg(),
                "pages": rows,
                "scaling": grown,
                "burst": result,
                "targets_missed": misses,
                "seconds": round(time.monotonic() - started),
            },
            indent=2,
        )
    )
    (OUT / "results.md").write_text(report + "\n")
    log(f"Saved {OUT / 'results.json'}")


if __name__ == "__main__":
    sys.exit(main())
