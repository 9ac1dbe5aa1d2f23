#!/usr/bin/env python3
"""Tries bad inputs against the `shuzhi` command-line tool and counts how many are handled.

Not a test: it prints figures. Every probe runs the real CLI on a fresh copy of a database.
A probe is handled when the program either
  - refuses it: exits non-zero with a Chinese message that starts with 错误： and leaves the
    database exactly as it was (every row of every table compared), or
  - accepts it: exits zero and `shuzhi check-db` still finds the database sound,
and in no case panics, dies from a signal or takes longer than ten seconds. The probes that
must be refused (a package approving its own report, say) are checked for that too.

Usage: python3 scripts/probe-bad-inputs.py target/debug/shuzhi   (scripts/probe-bad-inputs.sh)
"""
import copy
import hashlib
import io
import json
import os
import shutil
import sqlite3
import subprocess
import sys
import tempfile
import time
import zipfile

CLI = os.path.abspath(sys.argv[1])
WORK = tempfile.mkdtemp(prefix="shuzhi-probe-")
SAMPLE = "sample-2023-swjw"
SLOW = 10  # seconds: an answer that takes longer is not a clean one
results = []  # (group, name, verdict, detail)


def run(db, *args):
    return subprocess.run([CLI, "--db", db, *args], capture_output=True, timeout=60)


def settle(db):
    """Empties the write-ahead log so the .db file alone is the database."""
    conn = sqlite3.connect(db)
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    conn.close()


def snapshot(db):
    conn = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
    tables = [n for (n,) in conn.execute("SELECT name FROM sqlite_master WHERE type='table' ORDER BY name")]
    digest = hashlib.sha256()
    for name in tables:
        for row in conn.execute(f'SELECT * FROM "{name}" ORDER BY rowid'):
            digest.update(repr((name, row)).encode())
    conn.close()
    return digest.hexdigest()


def template(name, *commands):
    db = os.path.join(WORK, f"{name}.db")
    for command in commands:
        out = run(db, *command)
        assert out.returncode == 0, (command, out.stderr.decode())
    settle(db)
    return db


def fresh(base):
    n = len(results)
    db = os.path.join(WORK, f"case-{n}.db")
    shutil.copy(base, db)
    return db


def has_chinese(text):
    return any("\u4e00" <= c <= "\u9fff" for c in text)


def probe(group, name, base, args, must_refuse=False, after=None):
    """Runs `shuzhi <args>` on a copy of `base` and records the verdict. `after(db)` may
    check what an accepted input did; it returns a problem or None."""
    db = fresh(base) if base else os.path.join(WORK, f"none-{len(results)}.db")
    before = snapshot(db) if base else None
    started = time.monotonic()
    try:
        out = run(db, *args)
    except subprocess.TimeoutExpired:
        results.append((group, name, "timeout", "more than 60 s"))
        return
    if time.monotonic() - started > SLOW:
        results.append((group, name, "too slow", f"{time.monotonic() - started:.1f} s"))
        return
    err = out.stderr.decode("utf-8", "replace")
    if out.returncode < 0 or "panicked" in err or out.returncode == 101:
        results.append((group, name, "crash", err[-300:]))
        return
    if out.returncode != 0:
        if not (err.startswith("错误：") and has_chinese(err)):
            results.append((group, name, "unclear message", err[:300]))
        elif base and os.path.exists(db) and snapshot(db) != before:
            results.append((group, name, "changed though refused", err[:200]))
        else:
            results.append((group, name, "refused", err.strip().splitlines()[0][:160]))
        return
    if must_refuse:
        results.append((group, name, "accepted what must be refused", out.stdout.decode()[:200]))
        return
    check = run(db, "check-db") if base or os.path.exists(db) else None
    if check is not None and check.returncode != 0:
        results.append((group, name, "accepted, database unsound", check.stdout.decode()[:200]))
        return
    problem = after(db) if after else None
    if problem:
        results.append((group, name, "accepted, wrong result", problem))
        return
    results.append((group, name, "accepted", ""))


def write(name, data):
    path = os.path.join(WORK, name)
    with open(path, "wb") as f:
        f.write(data if isinstance(data, bytes) else data.encode())
    return path


def sparse(name, size):
    path = os.path.join(WORK, name)
    with open(path, "wb") as f:
        f.truncate(size)
    return path


# ---------------------------------------------------------------- databases
empty = template("empty", ["init"])
demo = template("demo", ["demo"])
exported = os.path.join(WORK, "sample.json")
assert run(demo, "export", "--campaign", SAMPLE, "--out", exported).returncode == 0
with open(exported, "rb") as f:
    SAMPLE_BYTES = f.read()
SAMPLE_DOC = json.loads(SAMPLE_BYTES)

# Files any reader may be handed.
COMMON = {
    "空文件": b"",
    "二进制垃圾": os.urandom(4096),
    "非 UTF-8 文本": "单位,党组织".encode("gb18030"),
    "UTF-16 文本": "单位,党组织,类型\n".encode("utf-16"),
    "NUL 字节": b"\x00" * 64,
    "HTML 页面": b"<html><script>alert(1)</script></html>",
    "Windows 程序": b"MZ\x90\x00" + os.urandom(512),
    "zip 但不是本程序的": (lambda: (lambda b: (zipfile.ZipFile(b, "w").writestr("a.txt", "x"), b.getvalue())[1])(io.BytesIO()))(),
}


def common_files(group, base, make_args, extension):
    for name, data in COMMON.items():
        probe(group, name, base, make_args(write(f"{group}-{name}{extension}", data)))
    probe(group, "不存在的文件", base, make_args(os.path.join(WORK, f"不存在{extension}")))
    probe(group, "文件夹而不是文件", base, make_args(WORK))
    probe(group, "3 GB 的稀疏文件", base, make_args(sparse(f"{group}-huge{extension}", 3 << 30)))


# ---------------------------------------------------------------- campaign files (.json)
def import_args(path):
    return ["import", path]


common_files("年度数据文件", empty, import_args, ".json")
for cut in (1, 100, len(SAMPLE_BYTES) // 2, len(SAMPLE_BYTES) - 2):
    probe("年度数据文件", f"截断到 {cut} 字节", empty, import_args(write(f"cut-{cut}.json", SAMPLE_BYTES[:cut])))
for text in ("{}", "[]", "null", "1", '"x"', "[" * 100_000 + "]" * 100_000, '{"format":"shuzhi-campaign"}'):
    probe("年度数据文件", f"JSON：{text[:20]}", empty, import_args(write("odd.json", text)))

VALUES = {
    "null": None,
    "空字符串": "",
    "负数": -1,
    "超大数": 10**30,
    "20 万字": "长" * 200_001,
    "路径": "../../../etc/passwd",
    "空列表": [],
    "对象": {"a": 1},
    "坏日期": "2023-13-45",
    "标记": "<script>alert(1)</script>",
}
PATHS = [
    ("format",), ("format_version",), ("campaign", "id"), ("campaign", "title"), ("campaign", "year"),
    ("campaign", "meeting_date"), ("campaign", "focus_points"), ("organizations", 0, "name"),
    ("organizations", 1, "parent_id"), ("secretaries", 0, "name"), ("secretaries", 0, "organization_id"),
    ("reports", 0, "status"), ("reports", 0, "review_level"), ("reports", 0, "secretary_id"),
    ("problems", 0, "secretary_id"), ("rectifications", 0, "status"), ("rectifications", 0, "due"),
    ("audit_log",),
]
for path in PATHS:
    for label, value in VALUES.items():
        doc = copy.deepcopy(SAMPLE_DOC)
        node = doc
        for key in path[:-1]:
            node = node[key]
        node[path[-1]] = value
        name = ".".join(str(p) for p in path)
        # Names become file names and lines of documents; no text may be unbounded.
        refuse = label == "20 万字" or (path[-1] == "name" and label in ("路径", "20 万字"))
        mutated = write("mutated.json", json.dumps(doc, ensure_ascii=False))
        probe("年度数据文件", f"{name} = {label}", empty, import_args(mutated), must_refuse=refuse)
probe("年度数据文件", "已导入的年度再导入一次", demo, import_args(exported))

# ---------------------------------------------------------------- report packages (.szpkg)
package = os.path.join(WORK, "rep-zyy.szpkg")
assert run(demo, "package", "export", "--report", "rep-zyy", "--out", package).returncode == 0
with open(package, "rb") as f:
    PACKAGE = f.read()


def entries(data):
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        return [(i.filename, z.read(i.filename)) for i in z.infolist()]


def rezip(items, reseal=True):
    items = list(items)
    if reseal:
        manifest = json.loads(dict(items)["manifest.json"])
        contents = dict(items)
        manifest["parts"] = [
            {"path": n, "sha256": hashlib.sha256(c).hexdigest(), "size": len(c)}
            for n, c in items
            if n != "manifest.json"
        ]
        items = [(n, json.dumps(manifest).encode() if n == "manifest.json" else c) for n, c in items]
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        for n, c in items:
            z.writestr(n, c)
    return out.getvalue()


def with_part(change):
    items = []
    for n, c in entries(PACKAGE):
        if n == "report.json":
            part = json.loads(c)
            change(part)
            c = json.dumps(part, ensure_ascii=False).encode()
        items.append((n, c))
    return rezip(items)


def package_args(path):
    return ["package", "import", "--replace", path]


def report_state(db):
    conn = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
    row = conn.execute("SELECT status, review_level FROM reports WHERE id='rep-zyy'").fetchone()
    done = conn.execute("SELECT count(*) FROM rectifications WHERE status='done'").fetchone()[0]
    conn.close()
    return row, done


STATE_BEFORE = report_state(demo)


def no_promotion(db):
    (status, level), done = report_state(db)
    if status == "approved" or done > STATE_BEFORE[1]:
        return f"report {status}/{level}, measures done {done}"
    return None


common_files("交换包", demo, package_args, ".szpkg")
for cut in (10, len(PACKAGE) // 2, len(PACKAGE) - 10):
    probe("交换包", f"截断到 {cut} 字节", demo, package_args(write("cut.szpkg", PACKAGE[:cut])))
flipped = bytearray(PACKAGE)
flipped[len(flipped) // 2] ^= 0xFF
probe("交换包", "中间一个字节被改", demo, package_args(write("flip.szpkg", bytes(flipped))))
probe("交换包", "原样导入", demo, package_args(package), after=no_promotion)
probe("交换包", "路径穿越的文件", demo, package_args(write("p.szpkg", rezip(entries(PACKAGE) + [("../../evil.sh", b"x")]))))
probe("交换包", "多出的文件", demo, package_args(write("p.szpkg", rezip(entries(PACKAGE) + [("extra.txt", b"x")]))))
probe("交换包", "缺 manifest.json", demo, package_args(write("p.szpkg", rezip([e for e in entries(PACKAGE) if e[0] != "manifest.json"], reseal=False))))
probe("交换包", "改了内容没改清单", demo, package_args(write("p.szpkg", rezip([(n, c + b" " if n == "report.json" else c) for n, c in entries(PACKAGE)], reseal=False))))
probe("交换包", "解压炸弹（1 GB 的 report.json）", demo, package_args(write("bomb.szpkg", rezip([(n, c) for n, c in entries(PACKAGE)] + [("evidence/" + "0" * 64, b"\0" * (1 << 30))], reseal=False))))
PART_CHANGES = {
    "报告自称审核通过": lambda p: p["report"].update(status="approved", review_level=3),
    "措施自称已完成并销号": lambda p: [r.update(status="done") for r in p["rectifications"]],
    "问题属于另一位书记": lambda p: [q.update(secretary_id="sec-syy") for q in p["problems"]],
    "另一个年度": lambda p: p.update(campaign_id="no-such-campaign"),
    "另一位书记": lambda p: p.update(secretary_id="sec-syy"),
    "正文 20 万字": lambda p: p["revisions"][0]["sections"][0].update(body="长" * 200_001) if p["revisions"] else p["report"]["sections"][0].update(body="长" * 200_001),
    "报告状态是乱写的": lambda p: p["report"].update(status="whatever"),
    "缺字段": lambda p: p.pop("report"),
    "多字段": lambda p: p.update(is_admin=True),
}
for label, change in PART_CHANGES.items():
    probe("交换包", label, demo, package_args(write("p.szpkg", with_part(change))), after=no_promotion)

# ---------------------------------------------------------------- rosters
year = template("year", ["new-campaign", "--year", "2024", "--title", "2024年度述职评议", "--organizer", "中共市卫生健康委员会委员会"])
campaign = subprocess.run([CLI, "--db", year, "--json", "campaigns"], capture_output=True).stdout
campaign = [c for c in json.loads(campaign) if c["year"] == 2024][0]["id"]


def roster_args(path):
    return ["roster", "import", "--campaign", campaign, path]


common_files("名册", year, roster_args, ".csv")
common_files("名册", year, roster_args, ".xlsx")
HEADER = "单位,党组织,类型,上级党组织,书记姓名,职务\n"
ROSTERS = {
    "只有表头": HEADER,
    "缺一栏": "单位,党组织,书记姓名\n一院,一支部,张三\n",
    "类型乱写": HEADER + "一院,一支部,支部委员会,,张三,书记\n",
    "姓名是路径": HEADER + "一院,一支部,党支部,,../../x,书记\n",
    "姓名有换行": HEADER + '一院,一支部,党支部,,"张\n三",书记\n',
    "上级不存在": HEADER + "一院,一支部,党支部,不存在的党委,张三,书记\n",
    "自己是自己的上级": HEADER + "一院,一支部,党支部,一支部,张三,书记\n",
    "重复的党组织": HEADER + "一院,一支部,党支部,,张三,书记\n一院,一支部,党支部,,李四,书记\n",
    "引号没闭合": HEADER + '一院,"一支部,党支部,,张三,书记\n',
    "公式": HEADER + "=cmd|'/C calc'!A0,一支部,党支部,,张三,书记\n",
    "名字 300 字": HEADER + f"一院,{'长' * 300},党支部,,张三,书记\n",
    "1 万零 1 行": HEADER + "".join(f"院{i},支部{i},党支部,,书记{i},书记\n" for i in range(10_001)),
    "1000 栏": HEADER.strip() + "," * 1000 + "\n一院,一支部,党支部,,张三,书记\n",
}
MUST_REFUSE = {"只有表头", "缺一栏", "类型乱写", "姓名是路径", "姓名有换行", "上级不存在", "自己是自己的上级",
               "重复的党组织", "引号没闭合", "名字 300 字", "1 万零 1 行"}
for label, text in ROSTERS.items():
    probe("名册", label, year, roster_args(write("roster.csv", text)), must_refuse=label in MUST_REFUSE)


def xlsx(sheet_xml, padding=0):
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml", '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/></Types>')
        z.writestr("_rels/.rels", '<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>')
        z.writestr("xl/workbook.xml", '<?xml version="1.0"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="名册" sheetId="1" r:id="rId1"/></sheets></workbook>')
        z.writestr("xl/_rels/workbook.xml.rels", '<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/></Relationships>')
        with z.open("xl/worksheets/sheet1.xml", "w", force_zip64=True) as sheet:
            sheet.write(('<?xml version="1.0"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>' + sheet_xml).encode())
            for _ in range(padding >> 20):
                sheet.write(b" " * (1 << 20))
            sheet.write(b"</sheetData></worksheet>")
    return out.getvalue()


def cell(ref, text):
    return f'<c r="{ref}" t="inlineStr"><is><t>{text}</t></is></c>'


HEAD_ROW = '<row r="1">' + "".join(cell(f"{c}1", t) for c, t in zip("ABCDEF", HEADER.strip().split(","))) + "</row>"
probe("名册", "Excel：1 GB 的工作表（炸弹）", year, roster_args(write("bomb.xlsx", xlsx(HEAD_ROW, 1 << 30))), must_refuse=True)
probe("名册", "Excel：第 1048576 行有内容", year, roster_args(write("far.xlsx", xlsx(HEAD_ROW + '<row r="1048576">' + cell("A1048576", "x") + "</row>"))), must_refuse=True)
probe("名册", "Excel：XFD 栏有内容", year, roster_args(write("wide.xlsx", xlsx(HEAD_ROW + '<row r="2">' + cell("XFD2", "x") + "</row>"))))
probe("名册", "Excel：没有工作表内容", year, roster_args(write("none.xlsx", xlsx(""))))
probe("名册", "Excel：坏 XML", year, roster_args(write("badxml.xlsx", xlsx("<row><c>"))))

# ---------------------------------------------------------------- evidence
def evidence_args(path):
    return ["evidence", "attach", "--report", "rep-zyy", "--section", "fp-2023-achievements", path]


common_files("佐证材料", demo, evidence_args, ".pdf")
probe("佐证材料", "SVG（可带脚本）", demo, evidence_args(write("x.svg", '<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>')))
probe("佐证材料", "扩展名是 .pdf 的程序", demo, evidence_args(write("x.pdf", b"MZ\x90\x00" + b"\0" * 100)))
probe("佐证材料", "21 MB 的 PDF", demo, evidence_args(write("big.pdf", b"%PDF-1.7\n" + b"\0" * (21 << 20))), must_refuse=True)
probe("佐证材料", "文件名是路径", demo, evidence_args(write("..%2f..%2fx.pdf", b"%PDF-1.7\n%%EOF\n")))

# ---------------------------------------------------------------- restore
def restore_args(path):
    return ["restore", path]


common_files("恢复备份", demo, restore_args, ".db")
other = os.path.join(WORK, "other.db")
sqlite3.connect(other).execute("CREATE TABLE t(x)").connection.commit()
probe("恢复备份", "别的程序的 SQLite 文件", demo, restore_args(other))
with open(demo, "rb") as f:
    DEMO_BYTES = f.read()
probe("恢复备份", "截断的备份", demo, restore_args(write("cut.db", DEMO_BYTES[: len(DEMO_BYTES) // 2])))
damaged = bytearray(DEMO_BYTES)
damaged[4096 * 3 : 4096 * 7] = b"\xff" * (4096 * 4)
probe("恢复备份", "页被改写的备份", demo, restore_args(write("damaged.db", bytes(damaged))))
newer = os.path.join(WORK, "newer.db")
shutil.copy(demo, newer)
c = sqlite3.connect(newer)
c.execute("PRAGMA user_version = 999")
c.commit()
c.close()
probe("恢复备份", "更新版本程序的备份", demo, restore_args(newer))

# ---------------------------------------------------------------- recount files, report checks
rules = write("rules.json", json.dumps({"format": "shuzhi-tally-rules", "format_version": 1}))
for name, data in list(COMMON.items()) + [("表头不对", "a,b\n1,2\n"), ("公式", "票号,评议人类别\n=1+1,x\n")]:
    probe("复核文件", name, None, ["tally", "--rules", rules, "--ballots", write("ballots.csv", data)])
    probe("复核文件", f"规则：{name}", None, ["tally", "--rules", write("r.json", data), "--ballots", write("b.csv", "票号,评议人类别\n")])
for name, data in COMMON.items():
    probe("报告检查", name, None, ["report", "check", write("report.txt", data)])
probe("报告检查", "5 MB 的文本", None, ["report", "check", write("report.txt", "字" * (2 << 20))])

# ---------------------------------------------------------------- the database file itself
for name, data in [("文本文件", b"hello"), ("截断的数据库", DEMO_BYTES[:5000]), ("页被改写", bytes(damaged))]:
    path = write(f"db-{name}.db", data)
    out = subprocess.run([CLI, "--db", path, "campaigns"], capture_output=True, timeout=60)
    err = out.stderr.decode("utf-8", "replace")
    ok = out.returncode in (0, 1, 2) and "panicked" not in err and (out.returncode == 0 or err.startswith("错误："))
    results.append(("数据库文件", name, "refused" if out.returncode else "accepted", err[:160]) if ok else ("数据库文件", name, "unclear message", err[:300]))
out = subprocess.run([CLI, "--db", os.path.join(WORK, "no", "such", "dir", "x.db"), "campaigns"], capture_output=True)
created = os.path.exists(os.path.join(WORK, "no"))
results.append(("数据库文件", "不存在的文件夹", "refused" if out.returncode and not created else "accepted what must be refused", out.stderr.decode()[:160]))

# ---------------------------------------------------------------- the figures
HANDLED = {"refused", "accepted"}
handled = [r for r in results if r[2] in HANDLED]
print(f"坏输入：共试 {len(results)} 个，妥善处理 {len(handled)} 个（拒绝 {sum(r[2] == 'refused' for r in results)}，"
      f"接受且数据库完好 {sum(r[2] == 'accepted' for r in results)}）。")
groups = {}
for group, _, verdict, _ in results:
    total, ok = groups.get(group, (0, 0))
    groups[group] = (total + 1, ok + (verdict in HANDLED))
for group, (total, ok) in groups.items():
    print(f"  {group}：{ok}/{total}")
bad = [r for r in results if r[2] not in HANDLED]
for group, name, verdict, detail in bad:
    print(f"未妥善处理：{group} / {name}：{verdict}：{detail[:120]}")
shutil.rmtree(WORK, ignore_errors=True)
sys.exit(1 if bad else 0)
