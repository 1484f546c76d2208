"""The benchmark table reads wrk's numbers, whatever the lines around them."""

from bench.run import parse_wrk

# wrk 4.2 with --latency, for a slow page: the Req/Sec line's "+/- Stdev"
# column ends in "50%", just above the latency distribution.
SLOW_PAGE = """\
Running 10s test @ http://127.0.0.1:8765/en/forums/calendar.ics
  2 threads and 8 connections
  Thread Stats   Avg      Stdev     Max   +/- Stdev
    Latency   688.81ms  121.12ms   1.07s    71.43%
    Req/Sec     6.03      3.20    10.00     62.50%
  Latency Distribution
     50%  675.42ms
     75%  759.10ms
     90%  844.71ms
     99%    1.07s
  112 requests in 10.06s, 9.95MB read
  Non-2xx or 3xx responses: 3
Requests/sec:     11.13
Transfer/sec:      0.99MB
"""


def test_percentiles_come_from_the_latency_distribution():
    assert parse_wrk(SLOW_PAGE) == {
        "rps": 11.13,
        "p50_ms": 675.42,
        "p99_ms": 1070.0,
        "non_2xx": 3,
    }
