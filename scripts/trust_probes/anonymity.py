"""The anonymity rule on result sheets: with one or two raters in a category below the
threshold, can anything the program hands out give their ballots back?

Each case builds two votes with the command line that differ only in what the hidden
category (上级党组织领导) gave the first secretary — the leader gave 较好 and a member 好, or
the other way round, so that every pooled count is the same — and compares everything the
program publishes for the two: `shuzhi tally --json` and its text, the 汇总表 and the
结果通知单 (read with pdftotext), the Excel results table, the recount files and the recount
from them. The program held when nothing published tells the two votes apart. Other cases
read the files for the hidden ballot directly, and hand `shuzhi tally` damaged files.
"""
import json
import os
import re
import subprocess
import zipfile

SURFACE = "结果通知单、汇总表、结果表与复核文件（匿名保护）"
SAMPLE = "sample-2023-swjw"
PRESETS = ["weighted", "good_share", "satisfaction"]
OTHERS = "222222222"  # what every rater gives the nine other secretaries


def marks(first):
    return first + OTHERS


def build(ctx, name, preset, hidden, leader, member, extra=(), threshold=None):
    """A sample database with a closed vote: `hidden` leaders (the first gives 王建华
    `leader`), three 基层党组织书记 and four 党员群众代表 (the first gives him `member`)."""
    db = ctx.path(f"{name}.db")
    folder = ctx.dir(f"{name}-files")
    ctx.ok(db, "demo")
    ctx.ok(db, "meeting", "rules", "--campaign", SAMPLE, "--preset", preset)
    if threshold is not None:
        # The rule switched off, for the control case: the same rules with another threshold.
        shown = json.loads(ctx.ok(db, "meeting", "rules", "--campaign", SAMPLE, "--json"))
        rules = find_rules(shown)
        rules["anonymity_threshold"] = threshold
        path = os.path.join(folder, "rules-off.json")
        with open(path, "w", encoding="utf-8") as f:
            json.dump(rules, f, ensure_ascii=False)
        ctx.ok(db, "meeting", "rules", "--campaign", SAMPLE, "--file", path)
    ctx.ok(db, "meeting", "sheets", "--campaign", SAMPLE, "--out", os.path.join(folder, "sheets.pdf"))
    ballots = [("1-001", marks(leader))]
    ballots += [(f"1-{i + 1:03d}", marks("1")) for i in range(1, hidden)]
    ballots += [(f"3-{i + 1:03d}", marks("1")) for i in range(3)]
    ballots += [("4-001", marks(member))]
    ballots += [(f"4-{i + 1:03d}", marks("1")) for i in range(1, 4)]
    ballots += list(extra)
    for serial, text in ballots:
        ctx.ok(db, "meeting", "ballot", "--campaign", SAMPLE, "--serial", serial, "--marks", text)
    closed = json.loads(ctx.ok(db, "meeting", "close", "--campaign", SAMPLE, "--json"))
    return db, folder, closed["fingerprint"]


def find_rules(value):
    """The newest rules in `shuzhi meeting rules --json`, wherever they sit in it."""
    if isinstance(value, dict):
        if "anonymity_threshold" in value and "method" in value:
            return value
        for key in ("versions", "rules"):
            if key in value:
                found = find_rules(value[key])
                if found:
                    return found
        for inner in value.values():
            found = find_rules(inner)
            if found:
                return found
    if isinstance(value, list):
        for inner in reversed(value):
            found = find_rules(inner)
            if found:
                return found
    return None


def pdf_text(path):
    out = subprocess.run(["pdftotext", "-raw", path, "-"], capture_output=True, timeout=60)
    return out.stdout.decode("utf-8", "replace")


def xlsx_text(path):
    with zipfile.ZipFile(path) as book:
        parts = sorted(n for n in book.namelist() if n.startswith("xl/worksheets/") or n == "xl/sharedStrings.xml")
        return "\n".join(book.read(n).decode("utf-8", "replace") for n in parts)


def published(ctx, db, folder, fingerprint):
    """Everything the program hands out after the vote, as text, without the fingerprint,
    the closing time and the date (not figures, and different for any two votes)."""
    files = {}
    files["tally --json"] = ctx.ok(db, "tally", "--campaign", SAMPLE, "--json")
    files["tally"] = ctx.ok(db, "tally", "--campaign", SAMPLE)
    summary, sheets = os.path.join(folder, "summary.pdf"), os.path.join(folder, "notices.pdf")
    ctx.ok(db, "meeting", "results", "--campaign", SAMPLE, "--summary", summary, "--sheets", sheets)
    files["汇总表"] = pdf_text(summary)
    files["结果通知单"] = pdf_text(sheets)
    workbook = os.path.join(folder, "results.xlsx")
    ctx.ok(db, "tally", "--campaign", SAMPLE, "--xlsx", workbook)
    files["结果表（Excel）"] = xlsx_text(workbook)
    recount = ctx.dir(os.path.basename(folder) + "-recount")
    ctx.ok(db, "meeting", "recount", "--campaign", SAMPLE, "--out", recount)
    for name in ("rules.json", "ballots.csv"):
        with open(os.path.join(recount, name), encoding="utf-8") as f:
            files[name] = f.read()
    files["tally --rules --ballots"] = ctx.ok(
        db, "tally", "--rules", os.path.join(recount, "rules.json"),
        "--ballots", os.path.join(recount, "ballots.csv"), "--json")
    closed_at = ctx.query(db, "SELECT closed_at FROM vote_closures")[0][0] if table_exists(ctx, db, "vote_closures") \
        else None
    normal = {}
    for key, text in files.items():
        text = re.sub(r"\s+", "", text).replace(fingerprint, "〔指纹〕")
        # Any run of hex digits long enough to be a fingerprint split by a line break.
        text = re.sub(r"[0-9a-f]{16,}", "〔十六进制〕", text)
        text = re.sub(r"\d{4}-\d{2}-\d{2}[T ]?\d{2}:\d{2}(:\d{2}(\.\d+)?)?([+-]\d{2}:\d{2}|Z)?", "〔时间〕", text)
        text = re.sub(r"\d{4}年\d{1,2}月\d{1,2}日", "〔日期〕", text)
        if closed_at:
            text = text.replace(closed_at, "〔时间〕")
        normal[key] = text
    return normal


def table_exists(ctx, db, name):
    return bool(ctx.query(db, "SELECT 1 FROM sqlite_master WHERE type='table' AND name=?", name))


def first_difference(a, b):
    for i, (x, y) in enumerate(zip(a, b)):
        if x != y:
            return a[max(0, i - 30):i + 30] + " ≠ " + b[max(0, i - 30):i + 30]
    return f"长度不同（{len(a)} 与 {len(b)}）"


def two_votes_told_apart(ctx, preset, hidden):
    def check():
        tag = f"{preset}-{hidden}"
        one = published(ctx, *build(ctx, f"a-{tag}", preset, hidden, "2", "1"))
        other = published(ctx, *build(ctx, f"b-{tag}", preset, hidden, "1", "2"))
        for key in one:
            if one[key] != other[key]:
                return f"{key} 区分得出两种投票：{first_difference(one[key], other[key])}"
        if "匿名保护" not in one["结果通知单"]:
            return "结果通知单没有说明匿名保护"
        return None
    return check


def control_attack_works_without_the_rule(ctx):
    def check():
        # Not an attack on the program: proof that the comparison above would see a leak.
        one = published(ctx, *build(ctx, "ctl-a", "weighted", 1, "2", "1", threshold=0))
        other = published(ctx, *build(ctx, "ctl-b", "weighted", 1, "1", "2", threshold=0))
        if one["结果通知单"] == other["结果通知单"] or one["ballots.csv"] == other["ballots.csv"]:
            return "对照失败：关闭保护后比较仍看不出差别，探测本身不可信"
        return None
    return check


def lone_ballot_in_recount_file(ctx, preset):
    def check():
        db, folder, _ = build(ctx, f"csv-{preset}", preset, 1, "4", "1")
        recount = ctx.dir(f"csv-{preset}-recount")
        ctx.ok(db, "meeting", "recount", "--campaign", SAMPLE, "--out", recount)
        with open(os.path.join(recount, "ballots.csv"), encoding="utf-8") as f:
            text = f.read()
        if "1-001" in text or "上级党组织领导" in text:
            return "ballots.csv 列出了那一位领导的票（票号或类别）"
        with open(os.path.join(recount, "rules.json"), encoding="utf-8") as f:
            rules = json.load(f)
        if rules.get("issued_serials"):
            return "rules.json 列出了已印制的票号"
        return None
    return check


def totals_minus_categories(ctx):
    def check():
        # The attack of the issue: 合计 minus the categories shown on the notice.
        db, folder, _ = build(ctx, "subtract", "weighted", 1, "4", "1")
        sheets = os.path.join(folder, "n.pdf")
        ctx.ok(db, "meeting", "results", "--campaign", SAMPLE, "--sheets", sheets)
        text = pdf_text(sheets).split("\f")[0]
        rows = {}
        for line in text.splitlines():
            parts = line.split()
            if parts and parts[0] in ("上级党组织领导", "基层党组织书记", "党员群众代表", "合计"):
                rows[parts[0]] = parts
        shown = [r for k, r in rows.items() if k != "合计" and any(p.isdigit() for p in r[3:7])]
        total = rows.get("合计", [])
        if shown and total and any(p.isdigit() for p in total[2:6]):
            return "通知单同时给出合计和其他类别的票数，相减即得领导的票"
        if re.search(r"\d+\.\d\d×\d+", text):
            return "计算过程列出了各类别的平均分"
        return None
    return check


def weighted_score_shown(ctx):
    def check():
        db, _, _ = build(ctx, "score", "weighted", 1, "4", "1")
        data = json.loads(ctx.ok(db, "tally", "--campaign", SAMPLE, "--json"))
        first = data["secretaries"][0]
        if first["score"] is not None or first["counts"] is not None:
            return f"加权计分下给出了得分或票数：{first['score']} {first['counts']}"
        if first["grade"] is None:
            return "等次也不公布了"
        return None
    return check


def invalid_lone_ballot(ctx):
    def check():
        db, _, _ = build(ctx, "blank", "good_share", 2, "1", "1", extra=[("1-003", "0000000000")])
        data = json.loads(ctx.ok(db, "tally", "--campaign", SAMPLE, "--json"))
        for b in data["invalid_ballots"]:
            if b["serial"].startswith("1-") or b["category"] == "上级党组织领导":
                return f"无效票明细列出了领导的票：{b}"
        return None
    return check


def recount_reproduces_vote_share(ctx):
    def check():
        db, folder, _ = build(ctx, "again", "satisfaction", 1, "4", "1")
        recount = ctx.dir("again-recount")
        ctx.ok(db, "meeting", "recount", "--campaign", SAMPLE, "--out", recount)
        here = json.loads(ctx.ok(db, "tally", "--campaign", SAMPLE, "--json"))
        again = json.loads(ctx.ok(db, "tally", "--rules", os.path.join(recount, "rules.json"),
                                  "--ballots", os.path.join(recount, "ballots.csv"), "--json"))
        for a, b in zip(here["secretaries"], again["secretaries"]):
            for key in ("counts", "valid", "invalid", "score", "grade", "rank"):
                if a[key] != b[key]:
                    return f"复核文件重算的 {a['secretary']} {key} 不同：{a[key]} / {b[key]}"
        return None
    return check


def damaged_counts_file(ctx):
    def check():
        db, folder, _ = build(ctx, "damaged", "good_share", 1, "2", "1")
        recount = ctx.dir("damaged-recount")
        ctx.ok(db, "meeting", "recount", "--campaign", SAMPLE, "--out", recount)
        path = os.path.join(recount, "ballots.csv")
        with open(path, encoding="utf-8") as f:
            lines = f.read().splitlines()
        first = lines[1].split(",")
        first[3] = str(int(first[3]) + 1)  # one 好 more than the valid ballots allow
        lines[1] = ",".join(first)
        with open(path, "w", encoding="utf-8") as f:
            f.write("\n".join(lines) + "\n")
        out = ctx.run(db, "tally", "--rules", os.path.join(recount, "rules.json"), "--ballots", path)
        said = out.stderr.decode("utf-8", "replace")
        if out.returncode == 0:
            return "改过票数的复核文件被接受"
        if "与有效票" not in said or "请" not in said:
            return f"拒绝的说明不清楚：{said[:120]}"
        # Version 2 rules without the anonymity part are refused too.
        rules_path = os.path.join(recount, "rules.json")
        with open(rules_path, encoding="utf-8") as f:
            rules = json.load(f)
        rules.pop("anonymity", None)
        with open(rules_path, "w", encoding="utf-8") as f:
            json.dump(rules, f, ensure_ascii=False)
        out = ctx.run(db, "tally", "--rules", rules_path, "--ballots", path)
        if out.returncode == 0 or "anonymity" not in out.stderr.decode("utf-8", "replace"):
            return "缺少 anonymity 的第 2 版规则文件被接受"
        return None
    return check


def run(ctx):
    ctx.case(SURFACE, "对照：关闭匿名保护时同样的比较能区分两种投票", control_attack_works_without_the_rule(ctx))
    for preset in PRESETS:
        for hidden in (1, 2):
            ctx.case(SURFACE, f"{preset}：{hidden} 位领导，两种投票所公布的一切是否相同",
                     two_votes_told_apart(ctx, preset, hidden))
        ctx.case(SURFACE, f"{preset}：ballots.csv 是否列出那一张票", lone_ballot_in_recount_file(ctx, preset))
    ctx.case(SURFACE, "通知单：合计减去其他类别", totals_minus_categories(ctx))
    ctx.case(SURFACE, "加权计分：得分与票数", weighted_score_shown(ctx))
    ctx.case(SURFACE, "无效票明细中的领导票", invalid_lone_ballot(ctx))
    ctx.case(SURFACE, "票率法：复核文件重算公布的数字", recount_reproduces_vote_share(ctx))
    ctx.case(SURFACE, "改过的复核文件", damaged_counts_file(ctx))
