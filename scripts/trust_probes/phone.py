"""扫码测评 while the vote is open: what a copy of the files shows, and who can guess codes.

Every case drives the built program from outside: codes are issued with `shuzhi meeting
codes` (read back from the slips PDF), `shuzhi serve` takes ballots over HTTP on loopback,
and the files it writes are copied during the vote and read as raw bytes.
"""
import json
import os
import re
import shutil
import socket
import sqlite3
import subprocess
import time

CAMPAIGN = "sample-2023-swjw"
PAGE = 4096


# ---- the program

def codes_of(ctx, db):
    """Issues (or reissues) the codes and reads them back from the slips as printed."""
    pdf = os.path.join(os.path.dirname(db), "slips.pdf")
    ctx.ok(db, "meeting", "codes", "--campaign", CAMPAIGN, "--url", "http://127.0.0.1:8080", "--out", pdf)
    text = subprocess.run(["pdftotext", pdf, "-"], capture_output=True, timeout=60).stdout.decode()
    return [a + b for a, b in re.findall(r"\b([2-9A-HJ-NP-Z]{4}) ([2-9A-HJ-NP-Z]{4})\b", text)]


class Serving:
    """`shuzhi serve` on a free loopback port, ended however the case ends."""

    def __init__(self, ctx, db):
        self.process = subprocess.Popen(
            [ctx.cli, "--db", db, "serve", "--campaign", CAMPAIGN, "--bind", "127.0.0.1:0"],
            stdout=subprocess.PIPE, stderr=subprocess.PIPE, env={k: v for k, v in os.environ.items() if k != "SHUZHI_DB"})
        line = self.process.stdout.readline().decode("utf-8", "replace")
        found = re.search(r"http://(127\.0\.0\.1):(\d+)", line)
        if not found:
            self.stop()
            raise RuntimeError(f"serve did not start: {line} {self.process.stderr.read()[:300]!r}")
        self.port = int(found.group(2))

    def stop(self):
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(timeout=10)

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.stop()


def http(port, method, path, body=None, source="127.0.0.1", timeout=10):
    """One request over a connection of its own from `source`: (status, parsed JSON or text)."""
    data = b"" if body is None else json.dumps(body, ensure_ascii=False).encode()
    with socket.create_connection(("127.0.0.1", port), timeout=timeout, source_address=(source, 0)) as s:
        s.sendall(f"{method} {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n"
                  f"Content-Type: application/json\r\nContent-Length: {len(data)}\r\n\r\n".encode() + data)
        chunks = []
        deadline = time.time() + timeout
        while time.time() < deadline:
            chunk = s.recv(65536)
            if not chunk:
                break
            chunks.append(chunk)
    raw = b"".join(chunks)
    head, _, rest = raw.partition(b"\r\n\r\n")
    status = int(head.split(b" ")[1]) if head.startswith(b"HTTP/") else 0
    if b"transfer-encoding: chunked" in head.lower():
        body_bytes, rest2 = b"", rest
        while rest2:
            size_line, _, rest2 = rest2.partition(b"\r\n")
            size = int(size_line.strip() or b"0", 16)
            if size == 0:
                break
            body_bytes += rest2[:size]
            rest2 = rest2[size + 2:]
        rest = body_bytes
    text = rest.decode("utf-8", "replace")
    try:
        return status, json.loads(text)
    except ValueError:
        return status, text


def ballot(code, suggestion=""):
    grades = ["good", "fairly_good", "fair", "good", "poor"]
    return {"code": code, "grades": [grades[i % 5] for i in range(10)], "suggestions": suggestion}


def read(path):
    try:
        with open(path, "rb") as f:
            return f.read()
    except FileNotFoundError:
        return b""


def spearman(values):
    """Spearman's rho between `values` and their index (arrival order)."""
    n = len(values)
    if n < 3:
        return 0.0
    order = sorted(range(n), key=lambda i: values[i])
    ranks = [0] * n
    for rank, i in enumerate(order):
        ranks[i] = rank
    d2 = sum((ranks[i] - i) ** 2 for i in range(n))
    return 1 - 6 * d2 / (n * (n * n - 1))


def voting(ctx, name):
    db = ctx.fresh(ctx.template("phone-base", ("demo",)), name)
    codes = codes_of(ctx, db)
    if len(codes) < 30:
        raise RuntimeError(f"only {len(codes)} codes on the slips")
    return db, codes


# ---- the cases

def run(ctx):
    state = {}

    def order_in_copies():
        db, codes = voting(ctx, "order.db")
        wal = db + "-wal"
        copies = os.path.join(os.path.dirname(db), "copies")
        os.makedirs(copies)
        markers = [f"到达顺序标记{i:02}号" for i in range(30)]
        with Serving(ctx, db) as server:
            for i, marker in enumerate(markers):
                status, answer = http(server.port, "POST", "/api/ballot", ballot(codes[i], marker))
                if status != 200:
                    return f"ballot {i} refused: {status} {answer}"
                # A copy right after the phone heard "saved": the main file and its log.
                shutil.copy(db, os.path.join(copies, f"{i}.db"))
                shutil.copy(wal, os.path.join(copies, f"{i}.db-wal")) if os.path.exists(wal) else None
            final_db, final_wal = read(db), read(wal)
        state["order_db"] = db
        offsets, pages, keys, fresh = [], [], [], []
        combined = final_db + final_wal
        for i, marker in enumerate(markers):
            where = combined.find(marker.encode())
            if where < 0:
                return f"ballot {i} is in neither file"
            offsets.append(where % PAGE)
            pages.append(where // PAGE)
            step = read(os.path.join(copies, f"{i}.db")) + read(os.path.join(copies, f"{i}.db-wal"))
            fresh.append(step.find(marker.encode()))
        conn = sqlite3.connect(os.path.join(copies, f"{len(markers) - 1}.db"))
        tables = [n for (n,) in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")]
        for marker in markers:
            key = None
            for table in tables:
                cols = [c[1] for c in conn.execute(f'PRAGMA table_info("{table}")')]
                for col in cols:
                    try:
                        row = conn.execute(f'SELECT rowid FROM "{table}" WHERE instr(CAST("{col}" AS BLOB), ?) > 0',
                                           (marker.encode(),)).fetchone()
                    except sqlite3.Error:
                        row = None
                    if row:
                        key = row[0]
                        break
                if key is not None:
                    break
            keys.append(key or 0)
        conn.close()
        places = [p * PAGE + o for p, o in zip(pages, offsets)]
        same = [(i, j) for i in range(len(places)) for j in range(i + 1, len(places))
                if places[i] // PAGE == places[j] // PAGE]
        within = (sum((places[j] > places[i]) - (places[j] < places[i]) for i, j in same) / len(same)) if same else 0.0
        figures = {"offset in page": spearman(offsets), "page": spearman(pages), "rowid": spearman(keys),
                   "place in the copy right after": spearman(fresh), "order within a page (τ)": within}
        state["rho"] = figures
        print("    ρ（与到达顺序）：" + "，".join(f"{k} {v:+.2f}" for k, v in figures.items()), flush=True)
        worst = max(figures, key=lambda k: abs(figures[k]))
        if abs(figures[worst]) >= 0.6 or (len(same) >= 20 and abs(within) >= 0.45):
            worst = worst if abs(figures[worst]) >= 0.6 else "order within a page (τ)"
            return f"copies during the vote keep the arrival order: {worst} = {figures[worst]:+.2f}"
        return None

    ctx.case("扫码测评", "测评中复制的数据库和 -wal 看不出到达顺序（字节位置、页号、行键）", order_in_copies)

    def wal_emptied():
        db, codes = voting(ctx, "wal.db")
        with Serving(ctx, db) as server:
            for i in range(8):
                status, _ = http(server.port, "POST", "/api/ballot", ballot(codes[i], f"日志{i}"))
                if status != 200:
                    return f"ballot {i} refused: {status}"
                deadline = time.time() + 2
                while read(db + "-wal") and time.time() < deadline:
                    time.sleep(0.02)
                if read(db + "-wal"):
                    return f"the -wal still holds ballot {i} two seconds after it was acknowledged"
        return None

    ctx.case("扫码测评", "每批之后 -wal 被清空", wal_emptied)

    def codes_from_a_copy():
        db, codes = voting(ctx, "steal.db")
        with Serving(ctx, db) as server:
            for i in range(3):
                http(server.port, "POST", "/api/ballot", ballot(codes[i]))
            copy = db + ".copy"
            shutil.copy(db, copy)
            if os.path.exists(db + "-wal"):
                shutil.copy(db + "-wal", copy + "-wal")
            stolen = set()
            conn = sqlite3.connect(copy)
            for table in [n for (n,) in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")]:
                for row in conn.execute(f'SELECT * FROM "{table}"'):
                    for value in row:
                        if isinstance(value, str):
                            for found in re.findall(r"[2-9A-HJ-NP-Z]{8}", value.upper()):
                                stolen.add(found)
                            stolen.add(value)
            conn.close()
            usable = []
            # What looks most like a code first; every value from an address of its own, so
            # the per-address limit does not hide what a copy allows.
            candidates = sorted((v for v in stolen if re.fullmatch(r"[0-9A-Za-z:$+/=_-]{6,120}", v)),
                                key=lambda v: (not re.fullmatch(r"[2-9A-HJ-NP-Z]{8}", v), len(v)))
            for n, value in enumerate(candidates[:60]):
                status, _ = http(server.port, "GET", f"/api/form?code={value}", source=f"127.0.5.{1 + n}")
                if status == 200:
                    usable.append(value)
            unused_in_bytes = [c for c in codes[3:] if c.encode() in read(copy) + read(copy + "-wal")]
        if usable:
            return f"{len(usable)} value(s) read from a copy open a ballot form: {usable[:2]}"
        if unused_in_bytes:
            return f"{len(unused_in_bytes)} unused codes stand in a copy's bytes"
        return None

    ctx.case("扫码测评", "测评中复制的数据库里的未用测评码不能用来投票", codes_from_a_copy)

    def codes_in_exports():
        db, codes = voting(ctx, "exports.db")
        out = os.path.join(os.path.dirname(db), "doc.json")
        ctx.ok(db, "export", "--campaign", CAMPAIGN, "--out", out)
        backup = os.path.join(os.path.dirname(db), "b.db")
        ctx.ok(db, "backup", "--out", backup)
        leaked = [name for name, path in (("交换文件", out), ("备份", backup))
                  if any(c.encode() in read(path) for c in codes)]
        return f"unused codes in plain text in: {', '.join(leaked)}" if leaked else None

    ctx.case("扫码测评", "测评中导出的交换文件和备份不含测评码原文", codes_in_exports)

    def slots_not_counted():
        db, codes = voting(ctx, "count.db")
        with Serving(ctx, db) as server:
            for i in range(5):
                status, _ = http(server.port, "POST", "/api/ballot", ballot(codes[i], f"计数{i}"))
                if status != 200:
                    return f"ballot {i} refused: {status}"
            turnout = json.loads(ctx.ok(db, "--json", "meeting", "turnout", "--campaign", CAMPAIGN))
            out = os.path.join(os.path.dirname(db), "doc.json")
            ctx.ok(db, "export", "--campaign", CAMPAIGN, "--out", out)
            with open(out, encoding="utf-8") as f:
                exported = len(json.load(f)["ballots"])
            listed = [c for c in json.loads(ctx.ok(db, "--json", "campaigns")) if c.get("id") == CAMPAIGN]
            ctx.ok(db, "meeting", "close", "--campaign", CAMPAIGN)
            deadline = time.time() + 10
            while server.process.poll() is None and time.time() < deadline:
                time.sleep(0.1)
        shown = ctx.ok(db, "meeting", "show", "--campaign", CAMPAIGN)
        check = ctx.run(db, "check-db")
        recount = os.path.join(os.path.dirname(db), "recount")
        ctx.ok(db, "meeting", "recount", "--campaign", CAMPAIGN, "--out", recount)
        import csv
        with open(os.path.join(recount, "ballots.csv"), encoding="utf-8-sig", newline="") as f:
            table = [row for row in csv.reader(f) if row]
        # One row per ballot (P-…) or, in the counts-only form, 有效票 per secretary.
        rows = [row for row in table if row[0].startswith("P-")]
        if not rows and table and "有效票" in table[0]:
            column = table[0].index("有效票")
            valid = {row[column] for row in table[1:]}
            rows = [None] * int(valid.pop()) if len(valid) == 1 and next(iter(valid), "x").isdigit() else []
        problems = []
        if turnout.get("used") != 5:
            problems.append(f"turnout says {turnout.get('used')}")
        if exported != 5:
            problems.append(f"the campaign file has {exported} ballots")
        if listed and listed[0].get("ballots") not in (None, 5):
            problems.append(f"the campaign list counts {listed[0].get('ballots')}")
        if len(rows) != 5:
            problems.append(f"the recount file has {len(rows)} ballots")
        if check.returncode != 0:
            problems.append("check-db fails after the seal: " + check.stdout.decode()[:200] + check.stderr.decode()[:200])
        if "5" not in shown:
            problems.append("meeting show does not say 5")
        sealed = ctx.query(db, "SELECT count(*) FROM ballots WHERE campaign_id = ?", CAMPAIGN)[0][0]
        if sealed != 5:
            problems.append(f"{sealed} ballots sealed")
        return "; ".join(problems) or None

    ctx.case("扫码测评", "空票位不计为票（参与率、交换文件、年度列表、复核文件、封存、检查数据库）", slots_not_counted)

    def sealed_slots():
        db, codes = voting(ctx, "sealed.db")
        with Serving(ctx, db) as server:
            http(server.port, "POST", "/api/ballot", ballot(codes[0]))
            ctx.ok(db, "meeting", "close", "--campaign", CAMPAIGN)
            deadline = time.time() + 10
            while server.process.poll() is None and time.time() < deadline:
                time.sleep(0.1)
        conn = sqlite3.connect(db)
        tables = [n for (n,) in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")]
        got_through = []
        for table in tables:
            if "slot" not in table:
                continue
            for sql in (f'INSERT INTO "{table}" (campaign_id, content) VALUES (?, x\'00\')',
                        f'UPDATE "{table}" SET content = x\'01\' WHERE campaign_id = ?'):
                try:
                    changed = conn.execute(sql, (CAMPAIGN,)).rowcount
                    conn.commit()
                    if changed:
                        got_through.append(sql.split(" ")[0])
                except sqlite3.Error:
                    conn.rollback()
        conn.close()
        return f"a sealed campaign's ballot slots took: {got_through}" if got_through else None

    ctx.case("扫码测评", "封存后数据库自己拒绝改动票位", sealed_slots)

    def many_addresses():
        db, _ = voting(ctx, "guess.db")
        checked = refused = 0
        said = ""
        started = time.time()
        with Serving(ctx, db) as server:
            for n in range(200):
                source = f"127.0.{1 + n // 250}.{1 + n % 250}"
                for k in range(10):
                    if time.time() - started > 50:
                        break
                    status, answer = http(server.port, "GET", f"/api/form?code=ZZ{n:03d}{k:03d}", source=source)
                    if status == 429:
                        refused += 1
                        said = answer.get("error", "") if isinstance(answer, dict) else str(answer)
                    elif status == 409:
                        checked += 1
        print(f"    200 个来源地址各猜 10 次：被核对 {checked} 次，被拒 {refused} 次", flush=True)
        if checked > 400:
            return f"{checked} wrong codes were checked within a minute from 200 addresses"
        if refused and "请" not in said:
            return f"the refusal does not say what to do: {said}"
        return None

    ctx.case("扫码测评", "多个来源地址一分钟内猜测评码：全场限额", many_addresses)

    def one_address():
        db, _ = voting(ctx, "one.db")
        with Serving(ctx, db) as server:
            statuses = [http(server.port, "GET", f"/api/form?code=YY{k:06d}", source="127.0.0.9")[0] for k in range(15)]
        checked = statuses.count(409)
        return f"one address had {checked} wrong codes checked" if checked > 10 else None

    ctx.case("扫码测评", "同一地址一分钟内猜测评码", one_address)

    def honest_phone_during_guessing():
        db, codes = voting(ctx, "honest.db")
        with Serving(ctx, db) as server:
            for n in range(150):
                for k in range(3):
                    http(server.port, "GET", f"/api/form?code=XX{n:03d}{k:03d}", source=f"127.1.{n // 200}.{1 + n % 200}")
            status, answer = http(server.port, "GET", f"/api/form?code={codes[0]}", source="127.2.0.1")
            if status != 200:
                return f"a phone with a right code, never wrong before, was refused: {status} {answer}"
            status, answer = http(server.port, "POST", "/api/ballot", ballot(codes[0]), source="127.2.0.1")
            if status != 200:
                return f"its ballot was refused: {status} {answer}"
        return None

    ctx.case("扫码测评", "有人大量猜码时，拿着正确测评码的手机照常测评", honest_phone_during_guessing)

    def reprint_voids_old_codes():
        db, codes = voting(ctx, "reprint.db")
        with Serving(ctx, db) as server:
            status, _ = http(server.port, "POST", "/api/ballot", ballot(codes[0]))
            if status != 200:
                return f"ballot refused: {status}"
        fresh = codes_of(ctx, db)
        with Serving(ctx, db) as server:
            for old in codes[1:4]:
                status, _ = http(server.port, "GET", f"/api/form?code={old}")
                if status == 200 and old not in fresh:
                    return "a code of the earlier slips still opens a form after a reprint"
            status, answer = http(server.port, "POST", "/api/ballot", ballot(fresh[0]))
            if status != 200:
                return f"a reprinted code was refused: {status} {answer}"
        turnout = json.loads(ctx.ok(db, "--json", "meeting", "turnout", "--campaign", CAMPAIGN))
        return None if turnout.get("used") == 2 else f"turnout says {turnout.get('used')} after two ballots"

    ctx.case("扫码测评", "重新打印纸条后旧的未用测评码作废，新码可用", reprint_voids_old_codes)
