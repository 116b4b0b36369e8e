"""Benchmark: ``kg serve`` answering cheap queries from concurrent clients while one runs long.

    python scripts/bench_serve.py --store DIR [--clients 8] [--requests 25] [--timeout 30]

Serves the store ``DIR`` (e.g. the one ``scripts/bench_store.py --store DIR`` keeps) with
``kg serve`` in its own process, sends the saved query ``met`` (every pair of people who
attended one event: long on a large store), and meanwhile has ``--clients`` clients send
``--requests`` cheap queries each (the saved query ``letters`` with a party bound). Prints the
cheap queries' latency percentiles and what the slow query got.
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import time
import urllib.error
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from urllib.parse import urlencode

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from graph._bind import values_query
from graph._oxi import to_ox
from graph.query import saved_query
from graph.store import Store

REPO = Path(__file__).resolve().parents[1]


def ask(url: str, query: str) -> tuple[int, float]:
    """HTTP status and seconds of one query."""
    started = time.perf_counter()
    request = urllib.request.Request(f"{url}?{urlencode({'query': query})}",
                                     headers={"Accept": "text/csv"})
    try:
        with urllib.request.urlopen(request, timeout=600) as response:
            response.read()
            status = response.status
    except urllib.error.HTTPError as exc:
        exc.read()
        status = exc.code
    return status, time.perf_counter() - started


def cheap_query(store_dir: Path) -> str:
    """The saved query ``letters`` with the name of the first sender of the store bound."""
    with Store(store_dir, read_only=True) as store:
        name = store.query("SELECT ?n WHERE { ?l schema:sender ?p . ?p schema:name ?n } LIMIT 1")
    text = values_query(saved_query("letters").text, {"party": to_ox(name.rows[0][0])})
    assert text is not None
    return text


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--store", type=Path, required=True)
    parser.add_argument("--clients", type=int, default=8)
    parser.add_argument("--requests", type=int, default=25, help="cheap queries per client")
    parser.add_argument("--timeout", type=float, default=30.0)
    parser.add_argument("--workers", type=int, default=None)
    args = parser.parse_args()
    cheap = cheap_query(args.store)
    command = [sys.executable, "-m", "graph", "serve", "--store", str(args.store), "--port", "0",
               "--timeout", str(args.timeout)]
    if args.workers:
        command += ["--workers", str(args.workers)]
    server = subprocess.Popen(command, cwd=REPO, stdout=subprocess.PIPE, text=True,
                              env={"PYTHONPATH": str(REPO), "PATH": "/usr/bin:/bin"})
    try:
        line = server.stdout.readline() if server.stdout else ""
        url = line.split(" at ")[1].split()[0]
        print(line.strip())
        ask(url, cheap)  # warm
        with ThreadPoolExecutor(max_workers=args.clients + 1) as pool:
            slow = pool.submit(ask, url, saved_query("met").text)
            time.sleep(0.5)  # the slow query is under way
            futures = [pool.submit(ask, url, cheap)
                       for _ in range(args.clients * args.requests)]
            answers = [f.result() for f in futures]
            running = not slow.done()
            slow_status, slow_seconds = slow.result()
        times = sorted(seconds * 1000 for _, seconds in answers)
        ok = sum(1 for status, _ in answers if status == 200)
        print(f"{len(answers)} cheap queries from {args.clients} clients, {ok} answered 200, "
              f"all while the slow one ran: {running}")
        print(f"latency ms: p50 {statistics.median(times):.1f}, "
              f"p99 {times[int(len(times) * 0.99) - 1]:.1f}, max {times[-1]:.1f}")
        print(f"slow query (met): HTTP {slow_status} after {slow_seconds:.1f} s")
    finally:
        server.terminate()
        server.wait(timeout=10)


if __name__ == "__main__":
    main()
