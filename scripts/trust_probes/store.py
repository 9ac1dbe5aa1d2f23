"""The database's own files: backups shared by two databases in one folder, links in place of
the database, its backups folder or a backup, a restore while another program has the file
open, and a section saved from a stale editor over text written elsewhere.

Every case drives the built `shuzhi` program (its command line and `shuzhi app`) and reads
the files it leaves; it returns None when the program held, or what got through.
"""
import json
import os
import shutil
import sqlite3
import subprocess
import threading
import time

SURFACE = "数据库文件、备份与恢复、章节保存"
SECTION = "fp-2023-achievements"
KEEP = 10
CAMPAIGN = "sample-2023-swjw"


class Running:
    """A program that keeps running (`shuzhi serve`, `shuzhi app`), ended when the case ends."""

    def __init__(self, ctx, db, *args):
        env = dict(os.environ)
        env.pop("SHUZHI_DB", None)
        self.proc = subprocess.Popen([ctx.cli, "--db", db, *args], stdout=subprocess.PIPE,
                                     stderr=subprocess.PIPE, env=env)
        self.first_line = self._first_line(15)

    def _first_line(self, seconds):
        line = []
        reader = threading.Thread(target=lambda: line.append(self.proc.stdout.readline()), daemon=True)
        reader.start()
        reader.join(seconds)
        return line[0].decode("utf-8", "replace") if line else ""

    def stop(self):
        if self.proc.poll() is None:
            self.proc.kill()
        try:
            self.proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            pass

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.stop()


def page_folder(ctx):
    folder = ctx.dir("page")
    with open(os.path.join(folder, "index.html"), "w", encoding="utf-8") as f:
        f.write("<!doctype html><title>述职评议助手</title>")
    return folder


def backups(folder):
    path = os.path.join(folder, "backups")
    return sorted(os.listdir(path)) if os.path.isdir(path) else []


def campaigns(db):
    conn = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
    try:
        return conn.execute("SELECT count(*) FROM campaigns").fetchone()[0]
    finally:
        conn.close()


def add_a_year(ctx, db):
    ctx.ok(db, "new-campaign", "--year", "2024", "--title", "2024年度述职评议", "--organizer", "中共市卫生健康委员会委员会")


def section_of(ctx, db, report):
    shown = json.loads(ctx.ok(db, "--json", "report", "show", "--report", report))
    for section in shown["sections"]:
        if section["focus_point_id"] == SECTION:
            return section["body"], section.get("version")
    raise RuntimeError("no such section")


def revision_bodies(ctx, db, report):
    bodies = []
    for (sections,) in ctx.query(db, "SELECT sections FROM revisions WHERE report_id = ? ORDER BY number", report):
        for section in json.loads(sections):
            if section["focus_point_id"] == SECTION:
                bodies.append(section["body"])
    return bodies


def started_report(ctx, base):
    db = ctx.fresh(base)
    report = json.loads(ctx.ok(db, "--json", "report", "start", "--secretary", "sec-xy"))["report_id"]
    return db, report


def run(ctx):
    base = ctx.template("store", ["demo"])

    # ---- item 5: two databases in one folder
    def imports_into_one_prune_the_others_backups():
        a = ctx.fresh(base, "a.db")
        folder = os.path.dirname(a)
        b = os.path.join(folder, "b.db")
        shutil.copy(base, b)
        package = os.path.join(folder, "p.szpkg")
        ctx.ok(b, "package", "export", "--report", "rep-zyy", "--out", package)
        ctx.ok(b, "package", "import", package)
        made_by_b = backups(folder)
        for _ in range(KEEP + 2):
            ctx.ok(a, "package", "import", package)
        gone = [name for name in made_by_b if name not in backups(folder)]
        return f"a 的导入删掉了 b 的备份 {gone}" if gone else None

    def one_database_lists_the_others_backups():
        a = ctx.fresh(base, "a.db")
        folder = os.path.dirname(a)
        b = os.path.join(folder, "b.db")
        shutil.copy(base, b)
        ctx.ok(b, "backup")
        made_by_b = backups(folder)
        listed = [entry["file_name"] for entry in json.loads(ctx.ok(a, "--json", "backups"))]
        shown = [name for name in made_by_b if name in listed]
        return f"a 的备份列表中有 b 的备份 {shown}（可被选来恢复 a）" if shown else None

    def only_one_database_gets_its_daily_backup():
        a = ctx.fresh(base, "a.db")
        folder = os.path.dirname(a)
        b = os.path.join(folder, "b.db")
        shutil.copy(base, b)
        page = page_folder(ctx)
        for db in (a, b):
            with Running(ctx, db, "app", "--no-open", "--page", page) as app:
                if "请在浏览器中打开" not in app.first_line:
                    return f"浏览器版未能启动：{app.first_line!r}"
        daily_of_b = [name for name in backups(folder) if name.startswith("b-") and "-daily" in name]
        return None if daily_of_b else f"b 当天没有自己的每日备份（备份文件夹：{backups(folder)}）"

    def backups_folder_linked_elsewhere():
        db = ctx.fresh(base)
        folder = os.path.dirname(db)
        elsewhere = ctx.dir(f"elsewhere-{os.path.basename(folder)}")
        os.symlink(elsewhere, os.path.join(folder, "backups"))
        package = os.path.join(folder, "p.szpkg")
        ctx.ok(db, "package", "export", "--report", "rep-zyy", "--out", package)
        out = ctx.run(db, "package", "import", package)
        written = os.listdir(elsewhere)
        if written:
            return f"整个数据库被复制到链接指向的文件夹：{written}"
        message = out.stderr.decode("utf-8", "replace")
        if out.returncode == 0 or "是指向别处的链接" not in message:
            return f"没有清楚地拒绝：{message[:120]!r}"
        return None

    def planted_link_named_like_a_backup():
        db = ctx.fresh(base, "shuzhi.db")
        folder = os.path.dirname(db)
        other = os.path.join(ctx.dir(f"other-{os.path.basename(folder)}"), "someone-else.db")
        shutil.copy(base, other)
        os.makedirs(os.path.join(folder, "backups"), exist_ok=True)
        planted = "shuzhi-20240101-120000-daily.db"
        os.symlink(other, os.path.join(folder, "backups", planted))
        listed = [entry["file_name"] for entry in json.loads(ctx.ok(db, "--json", "backups"))]
        return f"指向别的数据库的链接 {planted} 被列为备份" if planted in listed else None

    def a_file_named_like_a_backup_of_another_kind():
        db = ctx.fresh(base, "shuzhi.db")
        folder = os.path.dirname(db)
        os.makedirs(os.path.join(folder, "backups"), exist_ok=True)
        names = ["shuzhi-2024-20240101-120000-daily.db", "shuzhi-20240101-120000-../../x.db".replace("/", "_"),
                 "shuzhi-20240101-120000-whatever.db"]
        for name in names:
            shutil.copy(base, os.path.join(folder, "backups", name))
        listed = [entry["file_name"] for entry in json.loads(ctx.ok(db, "--json", "backups"))]
        shown = [name for name in names if name in listed]
        return f"不是本程序备份名字的文件被列为备份：{shown}" if shown else None

    # ---- item 9: links in place of the database
    def link_and_target_run_two_ballot_servers():
        target = ctx.fresh(base, "target.db")
        link = os.path.join(os.path.dirname(target), "link.db")
        os.symlink(target, link)
        with Running(ctx, link, "serve", "--campaign", ctx.sample, "--bind", "127.0.0.1:0") as first:
            if "扫码测评服务已开启" not in first.first_line:
                return f"第一个测评服务未能启动：{first.first_line!r}"
            with Running(ctx, target, "serve", "--campaign", ctx.sample, "--bind", "127.0.0.1:0") as second:
                if "扫码测评服务已开启" in second.first_line:
                    return "同一个数据库文件经链接和原名开了两个扫码测评服务"
                second.proc.wait(timeout=20)
                message = second.proc.stderr.read().decode("utf-8", "replace")
                if "已经在运行" not in message:
                    return f"第二个服务的拒绝说明不清楚：{message[:120]!r}"
        return None

    def link_and_target_run_two_browser_apps():
        target = ctx.fresh(base, "target.db")
        link = os.path.join(os.path.dirname(target), "link.db")
        os.symlink(target, link)
        page = page_folder(ctx)
        with Running(ctx, link, "app", "--no-open", "--page", page) as first:
            if "请在浏览器中打开" not in first.first_line:
                return f"浏览器版未能启动：{first.first_line!r}"
            with Running(ctx, target, "app", "--no-open", "--page", page) as second:
                if "已在运行" not in second.first_line:
                    return f"同一个数据库文件经链接和原名开了两个浏览器版：{second.first_line!r}"
        return None

    def restore_through_a_link_replaces_the_link():
        target = ctx.fresh(base, "data.db")
        folder = os.path.dirname(target)
        copy = os.path.join(folder, "copy.db")
        ctx.ok(target, "backup", "--out", copy)
        add_a_year(ctx, target)
        link = os.path.join(ctx.dir(f"links-{os.path.basename(folder)}"), "shuzhi.db")
        os.symlink(target, link)
        ctx.ok(link, "restore", copy)
        if not os.path.islink(link):
            return "恢复把链接换成了一个普通文件，原来的数据库没有恢复"
        if campaigns(target) != 1:
            return "链接指向的数据库没有恢复"
        if os.path.exists(os.path.join(os.path.dirname(link), "backups")):
            return "恢复前的备份写到了链接旁边，而不是数据库旁边"
        return None

    # ---- restore while another program has the file open
    def restore_while_the_browser_app_has_it_open():
        db = ctx.fresh(base)
        folder = os.path.dirname(db)
        copy = os.path.join(folder, "copy.db")
        ctx.ok(db, "backup", "--out", copy)
        add_a_year(ctx, db)
        page = page_folder(ctx)
        with Running(ctx, db, "app", "--no-open", "--page", page) as app:
            if "请在浏览器中打开" not in app.first_line:
                return f"浏览器版未能启动：{app.first_line!r}"
            out = ctx.run(db, "restore", copy)
            message = out.stderr.decode("utf-8", "replace")
            if out.returncode == 0:
                return "浏览器版开着时恢复照样替换了数据库，它之后的修改会写进被替换掉的旧文件"
            if "正被另一个程序打开" not in message:
                return f"拒绝的说明不清楚：{message[:120]!r}"
        return None if campaigns(db) == 2 else "被拒绝的恢复改动了数据库"

    # ---- item 6: a stale editor's save
    def stale_base_overwrites_newer_text():
        db, report = started_report(ctx, base)
        _, loaded = section_of(ctx, db, report)
        newer, stale = "另一处写下的较新的文字。", "旧标签页里的文字。"
        ctx.ok(db, "report", "edit", "--report", report, "--section", SECTION, "--base", loaded, "--text", newer)
        out = ctx.run(db, "--json", "report", "edit", "--report", report, "--section", SECTION,
                      "--base", loaded, "--text", stale)
        if out.returncode != 0:
            return f"保存失败：{out.stderr.decode('utf-8', 'replace')[:120]!r}"
        answer = json.loads(out.stdout)
        if newer not in revision_bodies(ctx, db, report) and section_of(ctx, db, report)[0] != newer:
            return "较新的文字被覆盖，没有留下任何版本"
        conflict = answer.get("conflict") or {}
        if not str(conflict.get("message", "")).startswith("这一节（"):
            return f"没有告诉保存的人这一节已在别处修改：{answer}"
        return None

    def a_script_without_a_base_wipes_text():
        db, report = started_report(ctx, base)
        ctx.ok(db, "report", "edit", "--report", report, "--section", SECTION, "--text", "窗口里写的文字。")
        ctx.ok(db, "report", "edit", "--report", report, "--section", SECTION, "--text", "脚本写的文字。")
        return None if "窗口里写的文字。" in revision_bodies(ctx, db, report) else "脚本替换了没见过的文字，原文没有留下"

    def two_programs_save_at_once():
        db, report = started_report(ctx, base)
        _, loaded = section_of(ctx, db, report)
        texts = [f"第{i}个程序的文字。" for i in range(1, 5)]
        env = dict(os.environ)
        env.pop("SHUZHI_DB", None)
        procs = [subprocess.Popen([ctx.cli, "--db", db, "--json", "report", "edit", "--report", report,
                                   "--section", SECTION, "--base", loaded, "--text", text],
                                  stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env) for text in texts]
        for proc in procs:
            proc.communicate(timeout=60)
        kept = set(revision_bodies(ctx, db, report)) | {section_of(ctx, db, report)[0]}
        lost = [text for text in texts if text not in kept]
        return f"同时保存时丢了 {lost}" if lost else None

    def a_save_on_an_approved_report():
        db = ctx.fresh(base)
        before = ctx.snapshot(db)
        out = ctx.run(db, "report", "edit", "--report", "rep-fy", "--section", SECTION, "--base", "0" * 32,
                      "--text", "改动")
        message = out.stderr.decode("utf-8", "replace")
        if out.returncode == 0 or ctx.snapshot(db) != before:
            return "已审核通过的报告被改动了（或留下了版本）"
        return None if "报告已审核通过，不能再修改" in message else f"说明不清楚：{message[:120]!r}"

    def others_can_read():
        folder = ctx.dir(f"modes-{time.time_ns()}")
        db = os.path.join(folder, "shuzhi.db")
        old = os.umask(0o022)
        try:
            ctx.ok(db, "demo")
            ctx.ok(db, "backup")
        finally:
            os.umask(old)
        readable = []
        for root, dirs, files in os.walk(folder):
            for name in dirs + files:
                path = os.path.join(root, name)
                mode = os.stat(path).st_mode & 0o777
                if name.endswith(".db") or "-wal" in name or "-shm" in name or name == "backups":
                    if mode & 0o077:
                        readable.append(f"{os.path.relpath(path, folder)} {oct(mode)}")
        return f"其他账户可读：{readable}" if readable else None

    def seal_rewritten_outside():
        db = ctx.fresh(base)
        ctx.ok(db, "meeting", "sheets", "--campaign", CAMPAIGN, "--out", db + ".pdf")
        ctx.ok(db, "meeting", "ballot", "--campaign", CAMPAIGN, "--serial", "1-001", "--marks", "1111111111")
        ctx.ok(db, "meeting", "close", "--campaign", CAMPAIGN)
        conn = sqlite3.connect(db)
        conn.execute("CREATE TABLE kept AS SELECT * FROM vote_closures")
        conn.execute("DELETE FROM vote_closures")
        conn.execute("UPDATE ballot_entries SET grade = 'poor'")
        conn.commit()
        conn.close()
        forged = json.loads(ctx.ok(db, "--json", "tally", "--campaign", CAMPAIGN))["fingerprint"]
        conn = sqlite3.connect(db)
        conn.execute("INSERT INTO vote_closures (campaign_id, closed_at, closed_by, fingerprint, rules_version) "
                     "SELECT campaign_id, closed_at, closed_by, ?, rules_version FROM kept",
                     (forged,))
        conn.execute("DROP TABLE kept")
        conn.commit()
        conn.close()
        out = ctx.run(db, "check-db")
        said = out.stdout.decode("utf-8", "replace") + out.stderr.decode("utf-8", "replace")
        if out.returncode == 0:
            return "检查数据库说完好"
        return None if "与操作日志不符" in said else f"说明不清楚：{said[:160]!r}"

    cases = [
        ("两个数据库同一文件夹：一个的导入删掉另一个的备份", imports_into_one_prune_the_others_backups),
        ("两个数据库同一文件夹：备份列表给出另一个的备份", one_database_lists_the_others_backups),
        ("两个数据库同一文件夹：只有一个有每日备份", only_one_database_gets_its_daily_backup),
        ("backups 文件夹是指向别处的链接", backups_folder_linked_elsewhere),
        ("backups 中一个指向别的数据库、名字像备份的链接", planted_link_named_like_a_backup),
        ("名字像备份却不是本程序备份名的文件", a_file_named_like_a_backup_of_another_kind),
        ("链接和原名各开一个扫码测评服务", link_and_target_run_two_ballot_servers),
        ("链接和原名各开一个浏览器版", link_and_target_run_two_browser_apps),
        ("经链接恢复：链接被换成文件", restore_through_a_link_replaces_the_link),
        ("浏览器版开着数据库时恢复", restore_while_the_browser_app_has_it_open),
        ("旧标签页的自动保存覆盖较新的文字", stale_base_overwrites_newer_text),
        ("脚本不给版本替换没见过的文字", a_script_without_a_base_wipes_text),
        ("四个程序同时在同一版本上保存同一节", two_programs_save_at_once),
        ("给已审核通过的报告保存一节（带一个假版本）", a_save_on_an_approved_report),
        ("其他账户能读数据库、-wal、-shm、备份", others_can_read),
        ("撤下封存、改票、按新指纹写回封存", seal_rewritten_outside),
    ]
    started = time.monotonic()
    for name, check in cases:
        if time.monotonic() - started > 600:
            ctx.case(SURFACE, name, lambda: "时间用完，未运行")
            continue
        ctx.case(SURFACE, name, check)
