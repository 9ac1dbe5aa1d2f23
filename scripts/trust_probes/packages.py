"""Packages between computers: the organizer's return package imported where it does not
belong (the organizer's computer, the sample's, one whose use is not set, one holding the
vote, another secretary's), a return claiming more than the organizer did, a report package
on a secretary's computer, an older package replayed over newer text, a package for another
campaign or naming another secretary, one kind dressed as the other, the same package twice,
and two imports racing from two processes.

Every case drives the built `shuzhi` command line and reads the database it leaves; it
returns None when the program held, or what got through.
"""
import hashlib
import io
import json
import os
import sqlite3
import subprocess
import time
import zipfile

SURFACE = "交换包与回执包"
CAMPAIGN = "sample-2023-swjw"
SECRETARY = "sec-zyy"
REPORT = "rep-zyy"
DRAFT = "rep-sey"
POINT = "fp-2023-achievements"


# ---- packages as a forger edits them
def entries(data):
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        return [(n, z.read(n)) for n in z.namelist()]


def pack(items, reseal=True):
    """Zips `items` again; with `reseal`, the manifest's digests are made to match, as a forger would."""
    items = list(items)
    if reseal:
        parts = dict(items)
        manifest = json.loads(parts["manifest.json"])
        manifest["parts"] = [{"path": n, "sha256": hashlib.sha256(c).hexdigest(), "size": len(c)}
                             for n, c in items if n != "manifest.json"]
        items = [(n, json.dumps(manifest).encode() if n == "manifest.json" else c) for n, c in items]
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        for name, content in items:
            z.writestr(name, content)
    return out.getvalue()


def edit_json(data, part, change):
    def one(name, content):
        if name != part:
            return name, content
        value = json.loads(content)
        change(value)
        return name, json.dumps(value, ensure_ascii=False).encode()
    return pack([one(n, c) for n, c in entries(data)])


def set_kind(data, kind):
    return edit_json(data, "manifest.json", lambda m: m.__setitem__("kind", kind))


# ---- reading the database
def rows(ctx, db, *tables):
    """The rows of the tables named, as text: what an import may not change."""
    return [(t, ctx.query(db, f'SELECT * FROM "{t}" ORDER BY rowid')) for t in tables]


def text_of(ctx, db, report, point=POINT):
    found = ctx.query(db, "SELECT body FROM sections WHERE report_id = ? AND focus_point_id = ?", report, point)
    return found[0][0] if found else ""


def grade_of(ctx, db):
    board = json.loads(ctx.ok(db, "--json", "dashboard", "--campaign", CAMPAIGN))
    row = next(r for r in board["rows"] if r["secretary_id"] == SECRETARY)
    return row.get("final_grade")


def refused(ctx, db, path, *extra, expect=()):
    """Imports `path` expecting a refusal that changes nothing and says why in Chinese."""
    before = ctx.snapshot(db)
    out = ctx.run(db, "package", "import", *extra, path)
    message = out.stderr.decode("utf-8", "replace")
    if out.returncode == 0:
        return f"导入成功了：{out.stdout.decode('utf-8', 'replace')[:160]}"
    if ctx.snapshot(db) != before:
        return "被拒绝，但数据库变了"
    if not any("\u4e00" <= ch <= "\u9fff" for ch in message):
        return f"拒绝的说明不是中文：{message[:160]}"
    for words in expect:
        if words not in message:
            return f"说明中没有“{words}”：{message[:200]}"
    return None


def write(ctx, name, data):
    path = ctx.path(name)
    with open(path, "wb") as f:
        f.write(data)
    return path


def read(path):
    with open(path, "rb") as f:
        return f.read()


def run(ctx):
    # ---- the computers
    secretary = ctx.template("pk-secretary", ("demo",), ("role", "书记", "--name", "李秀兰"))
    conn_sql = sqlite3.connect(secretary)
    conn_sql.execute("UPDATE workstation SET secretary_id = ? WHERE id = 1", (SECRETARY,))
    conn_sql.commit()
    conn_sql.close()
    ctx.settle(secretary)
    organizer = ctx.template("pk-organizer", ("demo",), ("role", "组织方", "--name", "孟晓东"))

    # 李秀兰 revises and sends her report.
    writing = ctx.fresh(secretary)
    ctx.ok(writing, "report", "edit", "--report", REPORT, "--section", POINT,
           "--text", "2023年，本人主持党委会12次，研究党建议题30个。")
    ctx.ok(writing, "report", "submit", "--report", REPORT)
    sent = ctx.path("pk-sent.szpkg")
    ctx.ok(writing, "package", "export", "--report", REPORT, "--out", sent)

    # The organizer reviews it through every level, holds the vote and closes it.
    closed = ctx.fresh(organizer)
    ctx.ok(closed, "package", "import", sent)
    for reviewer in ("党办 王静", "分管领导 赵卫国", "党委书记 孟晓东"):
        ctx.ok(closed, "report", "review", "--report", REPORT, "--decision", "pass", "--reviewer", reviewer)
    # A return exported before the vote: older than the one after closing.
    early_path = ctx.path("pk-return-early.szpkg")
    ctx.ok(closed, "package", "return", "--secretary", SECRETARY, "--out", early_path)
    time.sleep(1.1)
    ctx.ok(closed, "meeting", "sheets", "--campaign", CAMPAIGN, "--out", ctx.path("pk-sheets.pdf"))
    for serial, marks in (("1-001", "1111111111"), ("1-002", "1211121112"), ("2-001", "2111111111")):
        ctx.ok(closed, "meeting", "ballot", "--campaign", CAMPAIGN, "--serial", serial, "--marks", marks)
    ctx.ok(closed, "meeting", "close", "--campaign", CAMPAIGN)
    genuine_path = ctx.path("pk-return.szpkg")
    ctx.ok(closed, "package", "return", "--secretary", SECRETARY, "--out", genuine_path)
    genuine = read(genuine_path)
    other_path = ctx.path("pk-return-syy.szpkg")
    ctx.ok(closed, "package", "return", "--secretary", "sec-syy", "--out", other_path)

    def sign_off_everything(part):
        for measure in part["rectifications"]:
            measure["status"] = "done"
            measure["sign_off"] = {"date": "2024-01-02", "verifier": "假核验人", "evidence": "无"}
    forged = write(ctx, "pk-forged.szpkg", edit_json(genuine, "return.json", sign_off_everything))

    # The organizer's computer mid-way: the report passed once, the vote open with one ballot.
    open_vote = ctx.fresh(organizer)
    ctx.ok(open_vote, "package", "import", sent)
    ctx.ok(open_vote, "report", "review", "--report", REPORT, "--decision", "pass", "--reviewer", "党办 王静")
    ctx.ok(open_vote, "meeting", "sheets", "--campaign", CAMPAIGN, "--out", ctx.path("pk-sheets2.pdf"))
    ctx.ok(open_vote, "meeting", "ballot", "--campaign", CAMPAIGN, "--serial", "1-001", "--marks", "1111111111")
    ctx.settle(open_vote)

    # The organizer's own return for her, edited: 审核通过 with no approval for it, every
    # measure 销号 by a made-up verifier, and the grade of a vote closed elsewhere.
    own = ctx.path("pk-own.szpkg")
    ctx.ok(open_vote, "package", "return", "--secretary", SECRETARY, "--out", own)
    result = json.loads(dict(entries(genuine))["return.json"])["result"]

    def approve_and_rate(part):
        part["report"].update(status="approved", review_level=2)
        part["result"] = result
        sign_off_everything(part)
    forged = write(ctx, "pk-forged.szpkg", edit_json(read(own), "return.json", approve_and_rate))

    where = "应在书记本人的电脑上导入"
    ctx.case(SURFACE, "伪造的回执包（审核通过、全部销号、带等次）在组织方电脑上导入",
             lambda: refused(ctx, ctx.fresh(open_vote), forged, expect=(where,)))
    ctx.case(SURFACE, "伪造的回执包在组织方电脑上加 --replace 导入",
             lambda: refused(ctx, ctx.fresh(open_vote), forged, "--replace", expect=(where,)))
    ctx.case(SURFACE, "原样的回执包在组织方电脑上导入",
             lambda: refused(ctx, ctx.fresh(open_vote), genuine_path, "--replace", expect=(where,)))

    def on_sample():
        db = ctx.fresh(open_vote)
        ctx.ok(db, "role", "示例", "--name", "")
        return refused(ctx, db, forged, "--replace", expect=(where,))
    ctx.case(SURFACE, "回执包在设为“示例”的电脑上导入", on_sample)

    def unset():
        db = ctx.path("pk-unset.db")
        if os.path.exists(db):
            os.remove(db)
        ctx.ok(db, "demo")
        ctx.ok(db, "package", "import", sent)
        return refused(ctx, db, forged, "--replace", expect=("还没有设定用途",))
    ctx.case(SURFACE, "回执包在未设定用途的数据库上导入", unset)

    def secretary_role_with_vote():
        db = ctx.fresh(open_vote)
        ctx.ok(db, "role", "书记", "--name", "冒充")
        return refused(ctx, db, forged, "--replace", expect=("测评票",))
    ctx.case(SURFACE, "组织方把本机改成“书记”后导入回执包（本机有测评票）", secretary_role_with_vote)

    def no_grade_while_open():
        db = ctx.fresh(open_vote)
        ctx.run(db, "package", "import", "--replace", forged)
        grade = grade_of(ctx, db)
        return None if grade is None else f"测评未结束，首页却显示等次 {grade}"
    ctx.case(SURFACE, "组织方的测评未结束时首页显示回执包带来的等次", no_grade_while_open)

    def received_row_on_organizer():
        db = ctx.fresh(organizer)
        result = json.loads(dict(entries(genuine))["return.json"])["result"]
        result["received_at"] = "2024-01-05T10:00:00+08:00"
        conn = sqlite3.connect(db)
        conn.execute("INSERT INTO received_results (secretary_id, campaign_id, received_at, content) VALUES (?, ?, ?, ?)",
                     (SECRETARY, CAMPAIGN, result["received_at"], json.dumps(result, ensure_ascii=False)))
        conn.commit()
        conn.close()
        grade = grade_of(ctx, db)
        return None if grade is None else f"组织方首页显示了收到的等次 {grade}"
    ctx.case(SURFACE, "组织方数据库里已有的“收到的结果”显示在首页", received_row_on_organizer)

    # ---- the secretary's computer
    ctx.case(SURFACE, "书记的交换包在书记本人的电脑上导入",
             lambda: refused(ctx, ctx.fresh(secretary), sent, "--replace", expect=("应在组织方的电脑上导入",)))
    ctx.case(SURFACE, "发给另一位书记的回执包在李秀兰的电脑上导入",
             lambda: refused(ctx, ctx.fresh(secretary), other_path, "--replace", expect=("这台电脑属于",)))

    def her_computer_takes_hers():
        db = ctx.fresh(secretary)
        out = ctx.run(db, "package", "import", "--replace", genuine_path)
        if out.returncode != 0:
            return f"她自己的回执包被拒绝：{out.stderr.decode('utf-8', 'replace')[:200]}"
        status = ctx.query(db, "SELECT status FROM reports WHERE id = ?", REPORT)[0][0]
        grade = grade_of(ctx, db)
        if status != "approved" or grade is None:
            return f"导入后状态 {status}、等次 {grade}"
        return None
    ctx.case(SURFACE, "（对照）她自己的回执包在她的电脑上导入", her_computer_takes_hers)

    def older_return_after_newer():
        db = ctx.fresh(secretary)
        ctx.ok(db, "package", "import", "--replace", genuine_path)
        problem = refused(ctx, db, early_path, "--replace", expect=("更早",))
        if problem:
            return problem
        return None if grade_of(ctx, db) is not None else "较早的回执包拿走了测评结果"
    ctx.case(SURFACE, "先导入较新的回执包，再加 --replace 导入较早导出的", older_return_after_newer)

    def named_only():
        db = ctx.fresh(secretary)
        conn = sqlite3.connect(db)
        conn.execute("UPDATE workstation SET secretary_id = NULL WHERE id = 1")
        conn.commit()
        conn.close()
        return refused(ctx, db, other_path, "--replace", expect=("这台电脑属于李秀兰",))
    ctx.case(SURFACE, "只设了使用者姓名的书记电脑导入发给另一位书记的回执包", named_only)

    claims = {
        "审核通过却没有审核记录": lambda p: p.__setitem__("approvals", []),
        "审核通过却停在第一级": lambda p: p["report"].__setitem__("review_level", 0),
        "退回修改却没有退回记录": lambda p: p["report"].__setitem__("status", "returned"),
        "测评结果没有结束时间和指纹（测评未结束）": lambda p: p["result"].update(closed_at="", fingerprint=""),
        "测评结果是转来的（received_at）": lambda p: p["result"].__setitem__("received_at", "2024-01-05T10:00:00+08:00"),
    }
    for label, change in claims.items():
        path = write(ctx, "pk-claim.szpkg", edit_json(genuine, "return.json", change))
        data = read(path)
        ctx.case(SURFACE, f"回执包声称组织方没做过的事：{label}",
                 lambda data=data: refused(ctx, ctx.fresh(secretary), write(ctx, "pk-c.szpkg", data), "--replace"))

    def measures_of_another():
        def change(part):
            part["secretary_id"] = "sec-syy"
            for p in part["problems"]:
                p["secretary_id"] = "sec-syy"
            if part["report"]:
                part["report"]["secretary_id"] = "sec-syy"
        path = write(ctx, "pk-other.szpkg", edit_json(genuine, "return.json", change))
        return refused(ctx, ctx.fresh(secretary), path, "--replace")
    ctx.case(SURFACE, "回执包把李秀兰的内容改记到另一位书记名下", measures_of_another)

    # ---- the organizer's computer: report packages only propose
    def approve_itself():
        def change(part):
            part["report"]["status"] = "approved"
            part["report"]["review_level"] = 2
        db = ctx.fresh(organizer)
        ctx.run(db, "package", "import", "--replace", write(ctx, "pk-self.szpkg", edit_json(read(sent), "report.json", change)))
        state = ctx.query(db, "SELECT status, review_level FROM reports WHERE id = ?", REPORT)[0]
        return None if state[0] != "approved" else f"交换包让报告成为 {state}"
    ctx.case(SURFACE, "交换包自称审核通过", approve_itself)

    # Two drafts of 沈某's report, one after the other.
    drafts = ctx.fresh(secretary)
    ctx.ok(drafts, "report", "edit", "--report", DRAFT, "--section", POINT, "--text", "第一稿：全年主持党委会10次。")
    older = ctx.path("pk-A.szpkg")
    ctx.ok(drafts, "package", "export", "--report", DRAFT, "--out", older)
    time.sleep(1.1)  # saved times are kept to the second
    ctx.ok(drafts, "report", "edit", "--report", DRAFT, "--section", POINT, "--text", "第二稿：研究党建议题30个。")
    newer = ctx.path("pk-B.szpkg")
    ctx.ok(drafts, "package", "export", "--report", DRAFT, "--out", newer)

    def older_after_newer():
        db = ctx.fresh(organizer)
        ctx.ok(db, "package", "import", newer)
        problem = refused(ctx, db, older, expect=("旧",))
        if problem:
            return problem
        return None if text_of(ctx, db, DRAFT).startswith("第二稿") else "较新的文字不见了"
    ctx.case(SURFACE, "先导入新包 B，再导入旧包 A（草稿）", older_after_newer)

    def older_with_replace_keeps_newer():
        db = ctx.fresh(organizer)
        ctx.ok(db, "package", "import", newer)
        ctx.ok(db, "package", "import", "--replace", older)
        bodies = ctx.query(db, "SELECT count(*) FROM revisions WHERE report_id = ? AND sections LIKE '%第二稿%'", DRAFT)
        return None if bodies[0][0] > 0 else "选择替换后，较新的文字没有另存为版本"
    ctx.case(SURFACE, "旧包加 --replace 导入后较新的文字仍在版本中", older_with_replace_keeps_newer)

    def race(first, second):
        db = ctx.fresh(organizer)
        env = dict(os.environ)
        env.pop("SHUZHI_DB", None)
        procs = [subprocess.Popen([ctx.cli, "--db", db, "package", "import", p], stdout=subprocess.PIPE,
                                  stderr=subprocess.PIPE, env=env) for p in (first, second)]
        codes = [p.wait(timeout=60) for p in procs]
        for p in procs:
            p.stdout.close()
            p.stderr.close()
        return db, codes

    collisions = []

    def failed_oddly(outs):
        collisions.extend(o for o in outs if "disk I/O" in o or "无法读写文件" in o)

    def racing_drafts():
        for _ in range(5):
            db = ctx.fresh(organizer)
            env = dict(os.environ)
            env.pop("SHUZHI_DB", None)
            procs = [subprocess.Popen([ctx.cli, "--db", db, "package", "import", p], stdout=subprocess.DEVNULL,
                                      stderr=subprocess.PIPE, env=env) for p in (older, newer)]
            outs = [p.communicate(timeout=60)[1].decode("utf-8", "replace") for p in procs]
            failed_oddly(outs)
            ok = [p.returncode == 0 for p in procs]
            text = text_of(ctx, db, DRAFT)
            if ok[1] and not text.startswith("第二稿"):
                return f"新包导入成功，随后旧包的文字盖过了它：{text[:20]}"
            if ok == [True, False] and not text.startswith("第一稿"):
                return f"只有旧包导入成功，本机却是：{text[:20]}"
        return None
    ctx.case(SURFACE, "两个进程同时导入同一份草稿的旧包和新包", racing_drafts)

    def racing_returns():
        there = ctx.query(closed, "SELECT count(*) FROM approvals WHERE report_id = ?", REPORT)[0][0]
        for _ in range(3):
            db = ctx.fresh(secretary)
            before = ctx.query(db, "SELECT count(*) FROM approvals WHERE report_id = ?", REPORT)[0][0]
            env = dict(os.environ)
            env.pop("SHUZHI_DB", None)
            procs = [subprocess.Popen([ctx.cli, "--db", db, "package", "import", "--replace", genuine_path],
                                      stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=env) for _ in range(2)]
            failed_oddly([p.communicate(timeout=60)[1].decode("utf-8", "replace") for p in procs])
            approvals = ctx.query(db, "SELECT count(*) FROM approvals WHERE report_id = ?", REPORT)[0][0]
            if approvals not in (before, there):
                return f"两个进程同时导入同一回执包后有 {approvals} 条审核记录（导入前 {before} 条，组织方 {there} 条）"
        return None
    ctx.case(SURFACE, "两个进程同时导入同一回执包", racing_returns)

    ctx.case(SURFACE, "两个进程同时导入时，没有一个因导入前备份撞名而报读写错误",
             lambda: None if not collisions else f"{len(collisions)} 次：{collisions[0].strip()[:120]}")

    def same_twice():
        db = ctx.fresh(organizer)
        ctx.ok(db, "package", "import", sent)
        tables = ("reports", "sections", "revisions", "evidence", "problems", "rectifications", "progress_notes")
        before = rows(ctx, db, *tables)
        ctx.ok(db, "package", "import", sent)
        return None if rows(ctx, db, *tables) == before else "同一个交换包导入两次，记录变了"
    ctx.case(SURFACE, "同一个交换包导入两次", same_twice)

    # ---- packages that are not what they say
    def another_campaign():
        path = write(ctx, "pk-campaign.szpkg", edit_json(read(sent), "report.json",
                                                         lambda p: p.__setitem__("campaign_id", "campaign-elsewhere")))
        return refused(ctx, ctx.fresh(organizer), path, "--replace", expect=("没有这个年度述职评议",))
    ctx.case(SURFACE, "属于另一个年度述职评议的交换包", another_campaign)

    def names_another_secretary():
        def change(part):
            part["secretary_id"] = "sec-syy"
            part["report"]["secretary_id"] = "sec-syy"
        path = write(ctx, "pk-syy.szpkg", edit_json(read(sent), "report.json", change))
        return refused(ctx, ctx.fresh(organizer), path, "--replace")
    ctx.case(SURFACE, "交换包的书记编号改成另一位书记", names_another_secretary)

    ctx.case(SURFACE, "交换包的清单改称回执包",
             lambda: refused(ctx, ctx.fresh(organizer), write(ctx, "pk-k1.szpkg", set_kind(read(sent), "return")), "--replace"))
    ctx.case(SURFACE, "回执包的清单改称交换包（在组织方电脑上）",
             lambda: refused(ctx, ctx.fresh(organizer), write(ctx, "pk-k2.szpkg", set_kind(genuine, "report")), "--replace"))

    def renamed_part():
        items = [("report.json" if n == "return.json" else n, c) for n, c in entries(genuine)]
        data = set_kind(pack(items), "report")
        return refused(ctx, ctx.fresh(organizer), write(ctx, "pk-k3.szpkg", data), "--replace")
    ctx.case(SURFACE, "回执包的 return.json 改名 report.json、清单改称交换包", renamed_part)

    def smuggled():
        items = entries(read(sent)) + [("return.json", dict(entries(genuine))["return.json"])]
        return refused(ctx, ctx.fresh(organizer), write(ctx, "pk-k4.szpkg", pack(items)), "--replace",
                       expect=("另一种包",))
    ctx.case(SURFACE, "交换包里夹带 return.json", smuggled)
