#!/usr/bin/env bash
# Prints the figures of the input limits (not a test): peak resident memory and time of
# the release `shuzhi` for
#   - a 1 MB .xlsx roster that unpacks to 1 GB (refused at the unpacked-size limit),
#   - a 1 GB evidence file (refused from its size, before reading),
#   - a roster of 1,000 and of 5,000 rows (imported).
# Usage: bash scripts/limits-figures.sh   (builds the release CLI when missing)
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
ensure_apt time python3 bc

cd "$REPO_ROOT"
say "构建 release 版命令行工具"
cargo build --release --locked --bin shuzhi -p shuzhi
SHUZHI="$REPO_ROOT/target/release/shuzhi"
WORK="$(mktemp -d)"
trap 'rm -rf "$WORK"' EXIT

python3 - "$WORK" <<'EOF'
import sys, zipfile
work = sys.argv[1]
header = ["单位", "党组织", "类型", "上级党组织", "书记姓名", "职务"]

def cells(row, values):
    refs = "ABCDEF"
    return "".join(
        f'<c r="{refs[i]}{row}" t="inlineStr"><is><t>{v}</t></is></c>' for i, v in enumerate(values)
    )

def xlsx(path, rows, padding):
    sheet_head = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
                  '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>')
    body = "".join(f'<row r="{n}">{cells(n, values)}</row>' for n, values in enumerate(rows, 1))
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as z:
        z.writestr("[Content_Types].xml",
            '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
            '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
            '<Default Extension="xml" ContentType="application/xml"/>'
            '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
            '<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
            '</Types>')
        z.writestr("_rels/.rels",
            '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
            '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/>'
            '</Relationships>')
        z.writestr("xl/workbook.xml",
            '<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
            'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">'
            '<sheets><sheet name="名册" sheetId="1" r:id="rId1"/></sheets></workbook>')
        z.writestr("xl/_rels/workbook.xml.rels",
            '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
            '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/>'
            '</Relationships>')
        with z.open("xl/worksheets/sheet1.xml", "w", force_zip64=True) as sheet:
            sheet.write((sheet_head + body).encode())
            blanks = b" " * (1 << 20)
            for _ in range(padding >> 20):
                sheet.write(blanks)
            sheet.write(b"</sheetData></worksheet>")

xlsx(f"{work}/bomb.xlsx", [header], 1 << 30)
for n in (1000, 5000):
    with open(f"{work}/roster-{n}.csv", "w", encoding="utf-8") as f:
        f.write(",".join(header) + "\n")
        for i in range(1, n + 1):
            f.write(f"第{i}医院,第{i}党支部,党支部,,书记{i},支部书记\n")
EOF
truncate -s 1G "$WORK/evidence-1g.pdf"

# measure LABEL COMMAND...: runs the command under /usr/bin/time -v; prints its answer,
# peak resident memory and elapsed time.
measure() {
  local label="$1"
  shift
  local start end rss
  start="$(date +%s%N)"
  /usr/bin/time -v -o "$WORK/time.txt" "$@" >"$WORK/out.txt" 2>&1 || true
  end="$(date +%s%N)"
  rss="$(awk -F': ' '/Maximum resident set size/ {printf "%.1f MB", $2 / 1024}' "$WORK/time.txt")"
  printf '%s：峰值内存 %s，用时 %.3f 秒\n' "$label" "$rss" "$(echo "($end - $start) / 1000000000" | bc -l)"
  printf '    回答：%s\n' "$(head -c 300 "$WORK/out.txt" | tr '\n' ' ')"
}

new_year() {
  rm -f "$1"
  "$SHUZHI" --db "$1" new-campaign --year 2024 --title "2024年度述职评议" --organizer "中共市卫生健康委员会委员会" --json \
    | python3 -c 'import json,sys; print(json.load(sys.stdin)["campaign_id"])'
}

say "数字（$(uname -m)，$(nproc) 核）"
printf '名册炸弹：%s 字节，解压后 1 GB\n' "$(stat -c %s "$WORK/bomb.xlsx")"
campaign="$(new_year "$WORK/a.db")"
measure "名册炸弹（1 MB → 1 GB）" "$SHUZHI" --db "$WORK/a.db" roster import --campaign "$campaign" "$WORK/bomb.xlsx"
"$SHUZHI" --db "$WORK/b.db" demo >/dev/null
measure "1 GB 佐证材料" "$SHUZHI" --db "$WORK/b.db" evidence attach --report rep-zyy \
  --section fp-2023-achievements "$WORK/evidence-1g.pdf"
for n in 1000 5000; do
  campaign="$(new_year "$WORK/r$n.db")"
  measure "名册 $n 行（导入）" "$SHUZHI" --db "$WORK/r$n.db" roster import --campaign "$campaign" "$WORK/roster-$n.csv"
done
