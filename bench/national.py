"""The national benchmark: the app and the reference pages side by side, under load, at two sizes,
in one run, with the ratios the issue's goals name.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/entraide_perf .venv/bin/python bench/national.py

For each size of `--sizes` (default 1,000 then 1,000,000 posts), in turn:

1. fills the database with bench/national_fill.py (1,000 territories, 35,000 communes, 100,000
   people, that many posts, `--transfers` transfers = twice as many ledger entries, 50,000
   initiatives; the database is emptied first). `--no-fill` measures the database as it is (one
   size);
2. collects the static files and starts, on loopback only, the app with gunicorn and production
   settings (2 workers, Redis cache, persistent connections) on 127.0.0.1:8116 (`--app-port`), and
   the reference pages (bench/reference.py: a bare Django view, a raw SQL + template page listing
   the same 20 public posts) on 127.0.0.1:8117 (`--reference-port`);
3. loads each page with `wrk` (installed with apt-get if missing; `--connections` connections,
   `--duration` seconds after 2 s of warm-up) on the first territory's host name.

Then prints one table: each size's requests/s and median (p50), the p50 ratio of the largest size
to the smallest (goal ≤ 1.5), `/tableau/` (anonymous and logged in) ÷ the raw SQL page and the home
page ÷ the bare view at each size (goal ≥ 50 %), and the app workers' memory.

Anonymous pages are served from the page cache (core.cache) once rendered: that is what a visitor
gets. `--no-page-cache` measures the rendering itself; the logged-in rows always do.
Everything is bounded: each page runs `--duration` seconds, the servers are stopped after each size.
"""

# ruff: noqa: S603, S607, S310 (a benchmark starting fixed local programs on loopback addresses)
import argparse
import os
import re
import secrets
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

BENCH = Path(__file__).resolve().parent
ROOT = BENCH.parent
VENV = Path(sys.executable).parent
HOST = "t0001.entraide.test"


def production_environment(args, var_dir: str) -> dict[str, str]:
    return {
        **os.environ,
        "ENTRAIDE_ENV": "production",
        "SECRET_KEY": args.secret_key,
        "ALLOWED_HOSTS": ".entraide.test,127.0.0.1",
        "CACHE_URL": args.cache_url,
        "CONN_MAX_AGE": "600",
        "SECURE_SSL_REDIRECT": "false",
        "ENTRAIDE_VAR_DIR": var_dir,
        "ANONYMOUS_PAGE_CACHE_SECONDS": "0" if args.no_page_cache else "300",
        "LOG_LEVEL": "WARNING",
    }


def ensure_wrk() -> str:
    found = shutil.which("wrk")
    if found:
        return found
    print("Installing wrk (Debian package)…", flush=True)
    subprocess.run(["apt-get", "install", "-y", "-q", "wrk"], check=True, stdout=subprocess.DEVNULL)
    return shutil.which("wrk") or sys.exit("wrk could not be installed")


def wait_for(url: str, host: str, seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            request = urllib.request.Request(url, headers={"Host": host})
            with urllib.request.urlopen(request, timeout=2) as response:
                if response.status == 200:
                    return
        except OSError:
            time.sleep(0.3)
    sys.exit(f"{url} did not answer within {seconds} s")


def control(var_dir: str, name: str) -> list[str]:
    """No control socket (gunicorn ≥ 24 opens one in ~/.gunicorn by default, shared by every server)."""
    return ["--no-control-socket"]


def start(command: list[str], env: dict[str, str], log: Path) -> subprocess.Popen:
    return subprocess.Popen(command, env=env, cwd=ROOT, stdout=log.open("w"), stderr=subprocess.STDOUT)


def parse_duration(text: str) -> float:
    value, unit = re.fullmatch(r"([\d.]+)(us|ms|s|m)", text).groups()
    return float(value) * {"us": 0.001, "ms": 1, "s": 1000, "m": 60000}[unit]


def load(wrk: str, url: str, host: str, args, cookie: str = "") -> dict:
    headers = ["-H", f"Host: {host}"] + (["-H", f"Cookie: {cookie}"] if cookie else [])
    base = [wrk, "-t2", f"-c{args.connections}", "--timeout", "30s", *headers]
    subprocess.run([*base, "-d2s", url], check=True, capture_output=True)  # warm-up
    text = subprocess.run(
        [*base, f"-d{args.duration}s", "--latency", url], check=True, capture_output=True, text=True
    ).stdout
    rate = float(re.search(r"Requests/sec:\s+([\d.]+)", text).group(1))
    mean = parse_duration(re.search(r"Latency\s+([\d.]+\w+)", text).group(1))
    p50 = parse_duration(re.search(r"50%\s+([\d.]+\w+)", text).group(1))
    errors = re.search(r"Non-2xx or 3xx responses: (\d+)", text)
    return {"rate": rate, "mean": mean, "p50": p50, "errors": int(errors.group(1)) if errors else 0}


def django_python(env: dict[str, str], code: str) -> str:
    """Run `code` with Django set up in the servers' environment; its output."""
    env = {**env, "DJANGO_SETTINGS_MODULE": "entraide.settings"}
    command = [sys.executable, "-c", "import django; django.setup()\n" + code]
    return subprocess.run(
        command, env=env, cwd=ROOT, check=True, capture_output=True, text=True
    ).stdout.strip()


def session_cookie(env: dict[str, str]) -> str:
    """A logged-in session of the bench resident, made the way Django's login makes it."""
    code = (
        "from importlib import import_module\n"
        "from django.conf import settings\n"
        "from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY\n"
        "from entraide.people.models import User\n"
        "user = User.objects.get(email='resident@entraide.test')\n"
        "store = import_module(settings.SESSION_ENGINE).SessionStore()\n"
        "store[SESSION_KEY] = str(user.pk)\n"
        "store[BACKEND_SESSION_KEY] = settings.AUTHENTICATION_BACKENDS[0]\n"
        "store[HASH_SESSION_KEY] = user.get_session_auth_hash()\n"
        "store.save()\n"
        "print(settings.SESSION_COOKIE_NAME + '=' + store.session_key)\n"
        "from entraide.core.cache import GLOBAL, TERRITORIES, bump\n"
        "bump(GLOBAL, TERRITORIES)  # pages kept from an earlier fill are not served\n"
    )
    return django_python(env, code).splitlines()[-1]


def worker_memory(master: subprocess.Popen) -> list[int]:
    children = subprocess.run(["pgrep", "-P", str(master.pid)], capture_output=True, text=True).stdout.split()
    sizes = []
    for pid in children:
        status = Path(f"/proc/{pid}/status").read_text()
        sizes.append(int(re.search(r"VmRSS:\s+(\d+) kB", status).group(1)) // 1024)
    return sizes


def first_commune(env: dict[str, str]) -> str:
    code = (
        "from entraide.territories.models import Commune\n"
        "communes = Commune.objects.filter(territory__slug='t0001').order_by('pk')\n"
        "print(communes.values_list('insee_code', flat=True)[3])\n"
    )
    return django_python(env, code).splitlines()[-1]


def counts(env: dict[str, str]) -> str:
    code = (
        "from django.db import connection\n"
        "c = connection.cursor()\n"
        "names = ['territories_territory', 'territories_commune', 'people_user', 'board_post',"
        " 'timebank_entry', 'directory_initiative']\n"
        "found = [c.execute(f'SELECT count(*) FROM {n}').fetchone()[0] for n in names]\n"
        "print(', '.join(f'{n}: {count:,}' for n, count in zip(names, found)))\n"
        "c.execute(\"SELECT count(*) FROM board_post WHERE territory_id = 1 AND visibility = 'visible'"
        " AND status IN ('open', 'in_progress')\")\n"
        "print(f'public posts in t0001: {c.fetchone()[0]:,}')\n"
    )
    return django_python(env, code)


LOGGED_IN_BOARD = "`/tableau/`, logged in (own menu, shared list)"
REFERENCE_LABELS = {
    "bare": "a bare Django view (5 KB)",
    "raw": "raw SQL + template: 20 public posts of the territory",
}


def pages(app_url: str, reference_url: str, commune: str, cookie: str) -> list[tuple[str, str, str]]:
    return [
        (REFERENCE_LABELS["bare"], reference_url + "/bare/", ""),
        (REFERENCE_LABELS["raw"], reference_url + "/raw/?territory=1", ""),
        ("`/` (home page)", app_url + "/", ""),
        ("`/tableau/`", app_url + "/tableau/", ""),
        ("`/tableau/?kind=request&commune=…`", app_url + f"/tableau/?kind=request&commune={commune}", ""),
        ("`/tableau/?q=velo`", app_url + "/tableau/?q=velo", ""),
        ("`/tableau/?page=50`", app_url + "/tableau/?page=50", ""),
        ("`/tableau/flux.atom`", app_url + "/tableau/flux.atom", ""),
        ("`/initiatives/`", app_url + "/initiatives/", ""),
        ("`/diagnostic/`", app_url + "/diagnostic/", ""),
        (LOGGED_IN_BOARD, app_url + "/tableau/", cookie),
        ("`/`, logged in (own sections)", app_url + "/", cookie),
    ]


def measure(args, wrk: str, posts: int) -> dict:
    """Fill (unless --no-fill) for `posts` posts, serve the app and the references, load each page.
    Returns {"results": {label: figures}, "memory": [...], "load": float, "counts": str}."""
    if not args.no_fill:
        fill = [sys.executable, str(BENCH / "national_fill.py"), "--posts", str(posts)]
        fill += ["--transfers", str(args.transfers), "--territories", str(args.territories)]
        started = time.perf_counter()
        subprocess.run(fill, check=True, cwd=ROOT)
        print(f"fill for {posts:,} posts: {time.perf_counter() - started:.0f} s", flush=True)
    var_dir = tempfile.mkdtemp(prefix="entraide-bench-")
    env = production_environment(args, var_dir)
    for command in (["migrate", "-v0"], ["collectstatic", "--noinput", "-v0"]):
        subprocess.run([str(VENV / "entraide"), *command], env=env, cwd=ROOT, check=True)
    found = counts(env)
    print(found, flush=True)
    cookie = session_cookie(env)
    commune = first_commune(env)
    load_before = os.getloadavg()[0]
    servers = []
    try:
        gunicorn = str(VENV / "gunicorn")
        app_command = [gunicorn, "entraide.wsgi", "-w", str(args.workers), "-b", f"127.0.0.1:{args.app_port}"]
        app = start([*app_command, *control(var_dir, "app")], env, Path(var_dir) / "app.log")
        servers.append(app)
        reference = [gunicorn, "--chdir", str(BENCH), "reference:application", "-w", str(args.workers)]
        reference += [*control(var_dir, "reference"), "-b", f"127.0.0.1:{args.reference_port}"]
        servers.append(start(reference, env, Path(var_dir) / "ref.log"))
        app_url, reference_url = (
            f"http://127.0.0.1:{args.app_port}",
            f"http://127.0.0.1:{args.reference_port}",
        )
        wait_for(f"{app_url}/sante/", HOST)
        wait_for(f"{reference_url}/bare/", HOST)
        results = {}
        for label, url, with_cookie in pages(app_url, reference_url, commune, cookie):
            results[label] = r = load(wrk, url, HOST, args, with_cookie)
            print(f"  {posts:,} posts · {label}: {r['rate']:,.0f}/s, p50 {r['p50']:.1f} ms", flush=True)
        memory = worker_memory(app)
    finally:
        for server in servers:
            server.send_signal(signal.SIGTERM)
        for server in servers:
            try:
                server.wait(timeout=30)
            except subprocess.TimeoutExpired:
                server.kill()
        shutil.rmtree(var_dir, ignore_errors=True)
    return {"results": results, "memory": memory, "load": load_before, "counts": found}


def report(args, runs: dict[int, dict]) -> None:
    """One table: each size's requests/s and p50, the p50 ratio of the largest size to the
    smallest, then the ratios the issue's goals name, for each size."""
    sizes = list(runs)
    cache_note = "page cache off" if args.no_page_cache else "anonymous page cache on"
    print(
        f"\n{args.workers} gunicorn workers, wrk {args.connections} connections × {args.duration} s, "
        f"production settings, {cache_note}; load average before each size: "
        + ", ".join(f"{runs[n]['load']:.1f}" for n in sizes)
        + "\n"
    )
    header = " | ".join(f"{n:,} posts: req/s | p50" for n in sizes)
    ratio = len(sizes) > 1
    print(f"| page | {header} |" + (" p50 ratio |" if ratio else ""))
    print("|---|" + "---|---|" * len(sizes) + ("---|" if ratio else ""))
    first, last = runs[sizes[0]]["results"], runs[sizes[-1]]["results"]
    for label in first:
        figures = [runs[n]["results"][label] for n in sizes]
        cells = " | ".join(f"{r['rate']:,.0f} | {r['p50']:.1f} ms" for r in figures)
        errors = sum(runs[n]["results"][label]["errors"] for n in sizes)
        extra = f" {last[label]['p50'] / first[label]['p50']:.2f} |" if ratio else ""
        print(f"| {label} | {cells} |{extra}" + (f" ({errors} errors)" if errors else ""))
    print()
    for n in sizes:
        results = runs[n]["results"]
        raw, bare = results[REFERENCE_LABELS["raw"]]["rate"], results[REFERENCE_LABELS["bare"]]["rate"]
        print(
            f"{n:,} posts: `/tableau/` ÷ raw SQL + template {results['`/tableau/`']['rate'] / raw:.0%}, "
            f"logged in {results[LOGGED_IN_BOARD]['rate'] / raw:.0%} (goal ≥ 50 %); "
            f"home page ÷ bare view {results['`/` (home page)']['rate'] / bare:.0%} (goal ≥ 50 %); "
            f"app workers' memory after the run: {', '.join(f'{m} MB' for m in runs[n]['memory'])}"
        )
    if ratio:
        app_pages = [label for label in first if label not in REFERENCE_LABELS.values()]
        worst = max(app_pages, key=lambda label: last[label]["p50"] / first[label]["p50"])
        print(
            f"p50 from {sizes[0]:,} to {sizes[-1]:,} posts: worst ratio "
            f"{last[worst]['p50'] / first[worst]['p50']:.2f} ({worst}; goal ≤ 1.5); the bare view's "
            f"{last[REFERENCE_LABELS['bare']]['p50'] / first[REFERENCE_LABELS['bare']]['p50']:.2f} "
            "(the machine's own drift between the two sizes)"
        )


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument(
        "--sizes", default="1000,1000000", help="posts, comma-separated: each is filled and measured in turn"
    )
    parser.add_argument(
        "--no-fill",
        action="store_true",
        help="one size, the database as it is (labelled with the first of --sizes: name what it holds)",
    )
    parser.add_argument("--transfers", type=int, default=500_000)
    parser.add_argument("--territories", type=int, default=1000)
    parser.add_argument("--duration", type=int, default=10, help="seconds of load per page")
    parser.add_argument("--connections", type=int, default=16)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--app-port", type=int, default=8116)
    parser.add_argument("--reference-port", type=int, default=8117)
    parser.add_argument("--cache-url", default="redis://127.0.0.1:6379/9")
    parser.add_argument("--no-page-cache", action="store_true", help="render every anonymous page")
    args = parser.parse_args()
    args.secret_key = secrets.token_urlsafe(50)
    if not os.environ.get("DATABASE_URL", "").startswith("postgres"):
        sys.exit("Set DATABASE_URL to a PostgreSQL database you may fill (each size empties it).")
    sizes = [int(n.replace("_", "")) for n in args.sizes.split(",")]
    if args.no_fill:
        sizes = sizes[:1]
    wrk = ensure_wrk()
    started = time.perf_counter()
    runs = {posts: measure(args, wrk, posts) for posts in sizes}
    report(args, runs)
    print(f"whole run: {(time.perf_counter() - started) / 60:.0f} min")


if __name__ == "__main__":
    main()
