"""Text hygiene: characters that break files, disguise names or command the terminal.

Attacks from outside through the built program: control characters in texts that are then
exported to Word, Excel and PDF (each XML part is parsed strictly afterwards); invisible and
direction characters in names arriving by roster, campaign file, report package, the person's
name and the operator named on the command line; evidence whose name would run or render when
opened; terminal escape codes stored in texts and printed by the command line.
"""
import hashlib
import io
import json
import os
import shutil
import subprocess
import xml.dom.minidom
import zipfile

SURFACE_EXPORT = "导出（Word/Excel/PDF）"
SURFACE_NAMES = "导入的名字"
SURFACE_EVIDENCE = "佐证材料"
SURFACE_CLI = "命令行输出"

SAMPLE = "sample-2023-swjw"
SECTION = "fp-2023-achievements"

# A small PDF and PNG: what the type sniffing looks at is the start of the bytes.
PDF = b"%PDF-1.4\n1 0 obj\n<< /Type /Catalog >>\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x02\x00\x00\x00" + b"\x00" * 32


def every_control():
    """Every C0 and C1 control and U+FFFE/U+FFFF, each between two words, then VT and FF."""
    parts = ["第一段开头"]
    for code in list(range(0, 0x20)) + list(range(0x7F, 0xA0)) + [0xFFFE, 0xFFFF]:
        if code == 0:
            continue  # a command-line argument cannot carry NUL
        parts.append(chr(code) + "字")
    parts.append("第一段结尾\x0b第二段在垂直制表符之后\x0c第三段在换页符之后")
    return "".join(parts)


KEPT = ["第一段开头", "第一段结尾", "第二段在垂直制表符之后", "第三段在换页符之后"]


def text_of(out):
    return out.stdout.decode("utf-8", "replace") + out.stderr.decode("utf-8", "replace")


def office_problem(path, words):
    """None when every XML part of the Office file at `path` parses strictly and holds `words`."""
    with zipfile.ZipFile(path) as z:
        texts = []
        for name in z.namelist():
            if not (name.endswith(".xml") or name.endswith(".rels")):
                continue
            data = z.read(name)
            try:
                dom = xml.dom.minidom.parseString(data)
            except Exception as e:  # expat refuses raw controls and references to them
                return f"{name} 不是合法的 XML：{e}"
            texts.append("".join(n.data for n in _text_nodes(dom)))
    joined = "".join(texts)
    if "_x00" in joined:
        return "控制字符以 Excel 转义码（_x000B_ 之类）留在了单元格里"
    missing = [w for w in words if w not in joined.replace("\n", "")]
    return f"文字丢失：{missing}" if missing else None


def _text_nodes(node):
    for child in node.childNodes:
        if child.nodeType == child.TEXT_NODE:
            yield child
        else:
            yield from _text_nodes(child)


def reseal(package_bytes, change):
    """A package rebuilt with `change(name, bytes) -> (name, bytes) | None` applied to every part
    and its manifest made to match, as a forger would."""
    parts = {}
    with zipfile.ZipFile(io.BytesIO(package_bytes)) as z:
        for name in z.namelist():
            parts[name] = z.read(name)
    changed = {}
    for name, content in parts.items():
        if name == "manifest.json":
            continue
        result = change(name, content)
        if result is not None:
            changed[result[0]] = result[1]
    manifest = json.loads(parts["manifest.json"])
    renamed = {p["path"]: p for p in manifest["parts"]}
    manifest["parts"] = []
    for name, content in changed.items():
        entry = dict(renamed.get(name, {"path": name}))
        entry["path"] = name
        entry["sha256"] = hashlib.sha256(content).hexdigest()
        entry["size"] = len(content)
        manifest["parts"].append(entry)
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("manifest.json", json.dumps(manifest, ensure_ascii=False))
        for name, content in changed.items():
            z.writestr(name, content)
    return out.getvalue()


def run(ctx):
    base = ctx.template("text-base", ["demo"])
    work = ctx.dir("text-files")

    def with_report():
        db = ctx.fresh(base)
        report = json.loads(ctx.ok(db, "--json", "report", "start", "--secretary", "sec-xy"))["report_id"]
        return db, report

    # ---- exports
    def word_with_controls():
        db, report = with_report()
        ctx.ok(db, "report", "edit", "--report", report, "--section", SECTION, "--text", every_control())
        out = os.path.join(work, "report.docx")
        ctx.ok(db, "report", "export", "--report", report, "--format", "docx", "--out", out)
        return office_problem(out, KEPT)

    def word_with_noncharacters_only():
        db, report = with_report()
        ctx.ok(db, "report", "edit", "--report", report, "--section", SECTION,
               "--text", "甲\ufffe乙\uffff丙\u0085丁\u2028戊")
        out = os.path.join(work, "nonchar.docx")
        ctx.ok(db, "report", "export", "--report", report, "--format", "docx", "--out", out)
        return office_problem(out, ["甲乙丙", "丁", "戊"])

    def word_from_a_text_file():
        # The same characters arriving from a file (a draft pasted from Word), not an argument.
        db, report = with_report()
        draft = os.path.join(work, "draft.txt")
        with open(draft, "w", encoding="utf-8") as f:
            f.write("\x00" + every_control())
        out_save = ctx.run(db, "report", "edit", "--report", report, "--section", SECTION, "--file", draft)
        if out_save.returncode != 0:
            message = text_of(out_save)
            return None if "空字符" in message else f"保存失败且没说清原因：{message[:120]}"
        out = os.path.join(work, "draft.docx")
        ctx.ok(db, "report", "export", "--report", report, "--format", "docx", "--out", out)
        return office_problem(out, KEPT)

    def excel_with_controls():
        db = ctx.fresh(base)
        ctx.ok(db, "problem", "add", "--secretary", "sec-xy", "--description", every_control(),
               "--cause", "原因\x0b另一行\x1b[31m")
        out = os.path.join(work, "lists.xlsx")
        ctx.ok(db, "lists", "export", "--campaign", SAMPLE, "--secretary", "sec-xy", "--format", "xlsx",
               "--out", out)
        return office_problem(out, KEPT + ["原因", "另一行[31m"])

    def pdf_with_controls():
        db, report = with_report()
        ctx.ok(db, "report", "edit", "--report", report, "--section", SECTION, "--text", every_control())
        out = os.path.join(work, "report.pdf")
        done = ctx.run(db, "report", "export", "--report", report, "--out", out)
        if done.returncode != 0:
            return f"PDF 导出被拒：{text_of(done)[:160]}"
        with open(out, "rb") as f:
            if not f.read(5) == b"%PDF-":
                return "写出的不是 PDF"
        if shutil.which("pdftotext"):
            text = subprocess.run(["pdftotext", "-q", out, "-"], capture_output=True).stdout.decode("utf-8", "replace")
            flat = text.replace("\n", "").replace("\x0c", "")
            missing = [w for w in KEPT if w not in flat]
            if missing:
                return f"PDF 中文字丢失：{missing}"
            if any(ord(c) < 0x20 and c not in "\n\x0c" for c in text):
                return "PDF 文字中画出了控制字符"
        return None

    def lists_pdf_with_controls():
        db = ctx.fresh(base)
        ctx.ok(db, "problem", "add", "--secretary", "sec-xy", "--description", every_control())
        out = os.path.join(work, "lists.pdf")
        done = ctx.run(db, "lists", "export", "--campaign", SAMPLE, "--secretary", "sec-xy", "--out", out)
        return None if done.returncode == 0 else f"清单 PDF 导出被拒：{text_of(done)[:160]}"

    ctx.case(SURFACE_EXPORT, "Word：正文含全部 C0/C1 控制字符和垂直制表符", word_with_controls)
    ctx.case(SURFACE_EXPORT, "Word：U+FFFE/U+FFFF/NEL/行分隔符", word_with_noncharacters_only)
    ctx.case(SURFACE_EXPORT, "Word：从文件读入的草稿含空字符和控制字符", word_from_a_text_file)
    ctx.case(SURFACE_EXPORT, "Excel：问题描述含全部控制字符", excel_with_controls)
    ctx.case(SURFACE_EXPORT, "PDF：报告正文含全部控制字符", pdf_with_controls)
    ctx.case(SURFACE_EXPORT, "PDF：清单含全部控制字符", lists_pdf_with_controls)

    # ---- names
    def refused_unchanged(db, args, words):
        before = ctx.snapshot(db)
        out = ctx.run(db, *args)
        if out.returncode == 0:
            return "被接受了"
        if ctx.snapshot(db) != before:
            return "被拒绝，但数据库已改变"
        message = text_of(out)
        missing = [w for w in words if w not in message]
        return f"提示没有说清：缺少 {missing}：{message[:200]}" if missing else None

    def roster_with(row):
        db = ctx.fresh(base)
        path = os.path.join(work, "roster.csv")
        with open(path, "w", encoding="utf-8") as f:
            f.write("单位,党组织,类型,上级党组织,书记姓名,职务\n" + row + "\n")
        return db, path

    def roster_zero_width_name():
        db, path = roster_with("第九医院,第九党支部,党支部,中共市卫生健康委员会委员会,李秀兰\u200b,支部书记")
        return refused_unchanged(db, ["roster", "import", "--campaign", SAMPLE, path], ["书记姓名", "U+200B"])

    def roster_override_in_unit():
        db, path = roster_with("第\u202e九医院,第九党支部,党支部,中共市卫生健康委员会委员会,王芳,支部书记")
        return refused_unchanged(db, ["roster", "import", "--campaign", SAMPLE, path], ["单位", "U+202E"])

    def roster_isolate_in_post():
        db, path = roster_with("第九医院,第九党支部,党支部,中共市卫生健康委员会委员会,王芳,支部\u2066书记")
        return refused_unchanged(db, ["roster", "import", "--campaign", SAMPLE, path], ["职务", "U+2066"])

    def campaign_file_with(change, words):
        donor = ctx.fresh(base)
        exported = os.path.join(work, "campaign.json")
        ctx.ok(donor, "export", "--campaign", SAMPLE, "--out", exported)
        with open(exported, encoding="utf-8") as f:
            doc = json.load(f)
        change(doc)
        doc["campaign"]["id"] = "text-copy"
        with open(exported, "w", encoding="utf-8") as f:
            json.dump(doc, f, ensure_ascii=False)
        db = ctx.path(f"empty-{os.getpid()}-{len(ctx.results)}.db")
        ctx.ok(db, "init")
        return refused_unchanged(db, ["import", exported], words)

    def campaign_secretary_override():
        def change(doc):
            doc["secretaries"][0]["name"] = doc["secretaries"][0]["name"] + "\u202e"
        return campaign_file_with(change, ["secretaries[0].name", "U+202E"])

    def campaign_unit_zero_width():
        def change(doc):
            doc["organizations"][1]["unit"] = "市第一\u200c人民医院"
        return campaign_file_with(change, ["organizations[1].unit", "U+200C"])

    def campaign_owner_bom():
        def change(doc):
            doc["responsibilities"][0]["owner"] = "\ufeff王建华"
        return campaign_file_with(change, ["responsibilities[0].owner", "U+FEFF"])

    def person_name():
        db = ctx.fresh(base)
        return refused_unchanged(db, ["role", "组织方", "--name", "孟晓东\u200d"], ["姓名", "U+200D"])

    def operator_name():
        db = ctx.fresh(base)
        return refused_unchanged(db, ["--actor", "孟\u202e晓东", "problem", "add", "--secretary", "sec-xy",
                                      "--description", "一个问题"], ["操作人", "U+202E"])

    def measure_owner():
        db = ctx.fresh(base)
        problem = json.loads(ctx.ok(db, "--json", "problem", "add", "--secretary", "sec-xy",
                                    "--description", "学习流于形式"))["id"]
        return refused_unchanged(db, ["problem", "add-measure", "--problem", problem, "--measure", "每月学习",
                                      "--owner", "周\u200b慧"], ["责任人", "U+200B"])

    def package_with(change, words):
        donor = ctx.fresh(base)
        pkg = os.path.join(work, "jd.szpkg")
        ctx.ok(donor, "package", "export", "--report", "rep-jd", "--out", pkg)
        with open(pkg, "rb") as f:
            forged = reseal(f.read(), change)
        bad = os.path.join(work, "forged.szpkg")
        with open(bad, "wb") as f:
            f.write(forged)
        db = ctx.fresh(base)
        return refused_unchanged(db, ["package", "import", "--replace", bad], words)

    def package_owner_override():
        def change(name, content):
            if name == "report.json":
                part = json.loads(content)
                part["responsibilities"][0]["owner"] = "赵\u2067敏"
                return name, json.dumps(part, ensure_ascii=False).encode()
            return name, content
        return package_with(change, ["责任人", "U+2067"])

    def organizer_name():
        db = ctx.fresh(base)
        return refused_unchanged(db, ["new-campaign", "--year", "2024", "--title", "2024年度述职评议",
                                      "--organizer", "中共市卫生健康\u200b委员会委员会"], ["组织方名称", "U+200B"])

    def verifier_name():
        db = ctx.fresh(base)
        return refused_unchanged(db, ["lists", "sign-off", "--id", "rec-jd-1-1", "--date", "2024-06-30",
                                      "--verifier", "孟\u202e晓东", "--evidence", "会议记录"], ["核验人", "U+202E"])

    def inspector_name():
        db = ctx.fresh(base)
        return refused_unchanged(db, ["lists", "inspect", "--id", "rec-jd-1-1", "--kind", "spot", "--date",
                                      "2024-03-01", "--inspector", "\u2066孟晓东", "--findings", "按计划推进"],
                                 ["督查人", "U+2066"])

    ctx.case(SURFACE_NAMES, "新年度：组织方名称含零宽空格", organizer_name)
    ctx.case(SURFACE_NAMES, "销号：核验人含 U+202E", verifier_name)
    ctx.case(SURFACE_NAMES, "督查：督查人含方向隔离", inspector_name)
    ctx.case(SURFACE_NAMES, "名册：书记姓名末尾零宽空格", roster_zero_width_name)
    ctx.case(SURFACE_NAMES, "名册：单位中从右到左覆盖", roster_override_in_unit)
    ctx.case(SURFACE_NAMES, "名册：职务中方向隔离", roster_isolate_in_post)
    ctx.case(SURFACE_NAMES, "年度文件：书记姓名含 U+202E", campaign_secretary_override)
    ctx.case(SURFACE_NAMES, "年度文件：单位名含零宽不连字", campaign_unit_zero_width)
    ctx.case(SURFACE_NAMES, "年度文件：责任人含 BOM", campaign_owner_bom)
    ctx.case(SURFACE_NAMES, "本机使用者姓名含零宽连字", person_name)
    ctx.case(SURFACE_NAMES, "命令行 --actor 含 U+202E", operator_name)
    ctx.case(SURFACE_NAMES, "整改措施责任人含零宽空格", measure_owner)
    ctx.case(SURFACE_NAMES, "交换包：责任人含方向隔离", package_owner_override)

    # ---- evidence
    def attach(db, report, name, content, *extra):
        path_dir = ctx.dir(f"ev-{len(ctx.results)}")
        path = os.path.join(path_dir, name)
        with open(path, "wb") as f:
            f.write(content)
        return ctx.run(db, "--json", "evidence", "attach", "--report", report, "--section", SECTION, *extra, path)

    def refused_evidence(name, content, words):
        def check():
            db, report = with_report()
            before = ctx.snapshot(db)
            out = attach(db, report, name, content)
            if out.returncode == 0:
                return f"被接受了，存为“{json.loads(out.stdout)['file_name']}”"
            if ctx.snapshot(db) != before:
                return "被拒绝，但数据库已改变"
            message = text_of(out)
            missing = [w for w in words if w not in message]
            return f"提示没有说清：缺少 {missing}：{message[:200]}" if missing else None
        return check

    def stored_as(name, content, expected):
        def check():
            db, report = with_report()
            out = attach(db, report, name, content)
            if out.returncode != 0:
                return f"被拒绝：{text_of(out)[:160]}"
            stored = json.loads(out.stdout)["file_name"]
            return None if stored == expected else f"存为“{stored}”，应为“{expected}”"
        return check

    def package_evidence_html():
        def change(name, content):
            if name == "report.json":
                part = json.loads(content)
                part["evidence"][0]["file_name"] = "通知.html"
                return name, json.dumps(part, ensure_ascii=False).encode()
            return name, content
        # rep-jd's package carries no evidence bytes of its own; give it one first.
        donor = ctx.fresh(base)
        attach(donor, "rep-jd", "记录.pdf", PDF)
        pkg = os.path.join(work, "jd-ev.szpkg")
        out = ctx.run(donor, "package", "export", "--report", "rep-jd", "--out", pkg)
        if out.returncode != 0:
            return f"无法导出交换包：{text_of(out)[:120]}"
        with open(pkg, "rb") as f:
            forged = reseal(f.read(), change)
        bad = os.path.join(work, "forged-ev.szpkg")
        with open(bad, "wb") as f:
            f.write(forged)
        db = ctx.fresh(base)
        return refused_unchanged(db, ["package", "import", "--replace", bad], ["通知.html", "程序、脚本或网页"])

    ctx.case(SURFACE_EVIDENCE, "PDF 内容命名为 .bat", refused_evidence("会议记录.bat", PDF, ["会议记录.bat", ".bat"]))
    ctx.case(SURFACE_EVIDENCE, "PDF 内容命名为 .html", refused_evidence("通知.html", PDF, ["通知.html", ".html"]))
    ctx.case(SURFACE_EVIDENCE, "PNG 内容命名为 .svg", refused_evidence("签到表.svg", PNG, [".svg"]))
    ctx.case(SURFACE_EVIDENCE, "扩展名后加点 .bat.", refused_evidence("会议记录.bat.", PDF, [".bat"]))
    ctx.case(SURFACE_EVIDENCE, "大写 .EXE", refused_evidence("材料.EXE", PDF, [".exe"]))
    ctx.case(SURFACE_EVIDENCE, "带宏的 .docm", refused_evidence("汇报.docm", PDF, [".docm"]))
    ctx.case(SURFACE_EVIDENCE, "文件名含 U+202E 伪装扩展名",
             refused_evidence("签到表\u202egnp.exe", PNG, ["U+202E"]))
    ctx.case(SURFACE_EVIDENCE, "PDF 内容命名为 .png：改为 .pdf", stored_as("照片.png", PDF, "照片.pdf"))
    ctx.case(SURFACE_EVIDENCE, "无扩展名的 PDF：加上 .pdf", stored_as("扫描件", PDF, "扫描件.pdf"))
    ctx.case(SURFACE_EVIDENCE, ".txt 的 PDF：保留原名再加 .pdf", stored_as("会议记录.txt", PDF, "会议记录.txt.pdf"))
    ctx.case(SURFACE_EVIDENCE, "交换包中的佐证改名为 .html", package_evidence_html)

    # ---- command-line output
    ESC = "\x1b[2J\x1b]0;假标题\x07"

    def no_controls(out):
        shown = out.stdout.decode("utf-8", "replace") + out.stderr.decode("utf-8", "replace")
        bad = sorted({f"U+{ord(c):04X}" for c in shown if (ord(c) < 0x20 and c not in "\n\t") or 0x7F <= ord(c) < 0xA0
                      or c in "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\u200b"})
        return f"输出中有控制字符 {bad}" if bad else None

    def lists_show():
        db = ctx.fresh(base)
        ctx.ok(db, "problem", "add", "--secretary", "sec-xy", "--description", "学习" + ESC + "流于形式\r覆盖")
        out = ctx.run(db, "lists", "show", "--campaign", SAMPLE, "--secretary", "sec-xy")
        problem = no_controls(out)
        if problem is None and "<U+001B>" not in out.stdout.decode():
            return "控制字符被悄悄去掉，没有显示出来"
        return problem

    def problem_list():
        db = ctx.fresh(base)
        ctx.ok(db, "problem", "add", "--secretary", "sec-xy", "--description", "学习" + ESC,
               "--cause", "原因\x1b[31m", "--category", "类别\u202e")
        return no_controls(ctx.run(db, "problem", "list", "--secretary", "sec-xy"))

    def report_show():
        db, report = with_report()
        ctx.ok(db, "report", "edit", "--report", report, "--section", SECTION, "--text", "成绩" + ESC)
        return no_controls(ctx.run(db, "report", "show", "--report", report))

    def secretary_detail():
        db, report = with_report()
        ctx.ok(db, "report", "edit", "--report", report, "--section", SECTION, "--text", "成绩" + ESC)
        return no_controls(ctx.run(db, "secretary", "sec-xy"))

    def evidence_list():
        db, report = with_report()
        attach(db, report, "记录.pdf", PDF, "--description", "说明" + ESC)
        return no_controls(ctx.run(db, "evidence", "list", "--report", report))

    def error_message():
        db = ctx.fresh(base)
        return no_controls(ctx.run(db, "problem", "list", "--secretary", "sec-" + ESC))

    def json_output():
        db = ctx.fresh(base)
        ctx.ok(db, "problem", "add", "--secretary", "sec-xy", "--description", "学习" + ESC + "\x9b31m\u202e反")
        out = ctx.run(db, "--json", "problem", "list", "--secretary", "sec-xy")
        raw = out.stdout.decode()
        bad = no_controls(out)
        if bad:
            return "JSON " + bad
        def strings(value):
            if isinstance(value, str):
                yield value
            elif isinstance(value, dict):
                for item in value.values():
                    yield from strings(item)
            elif isinstance(value, list):
                for item in value:
                    yield from strings(item)
        if "学习" + ESC + "\x9b31m\u202e反" not in list(strings(json.loads(raw))):
            return "JSON 输出没有原样保留文字（读回后应与存入的相同）"
        return None

    ctx.case(SURFACE_CLI, "lists show：问题中的 ESC [2J 与 OSC 标题", lists_show)
    ctx.case(SURFACE_CLI, "problem list：描述、原因、类别中的控制码", problem_list)
    ctx.case(SURFACE_CLI, "report show：正文中的 ESC", report_show)
    ctx.case(SURFACE_CLI, "secretary：详情中的 ESC", secretary_detail)
    ctx.case(SURFACE_CLI, "evidence list：说明中的 ESC", evidence_list)
    ctx.case(SURFACE_CLI, "错误提示引用了含 ESC 的输入", error_message)
    ctx.case(SURFACE_CLI, "--json：控制字符按 JSON 转义", json_output)
