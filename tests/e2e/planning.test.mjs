// Planning a year in the window: create a campaign, import a roster from an .xlsx the
// test writes itself, fix the row the preview flags, import, and see the coverage
// check turn green.
import { test } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { crc32 } from "node:zlib";
import { artifacts, pasteInto, saveScreen, startApp, startNewYear } from "./harness.mjs";

/** A minimal .xlsx: one sheet of inline strings, stored (not deflated) in a zip. */
function xlsx(rows) {
  const escape = (text) => text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
  const column = (i) => String.fromCharCode(65 + i);
  const sheetRows = rows
    .map(
      (row, r) =>
        `<row r="${r + 1}">${row
          .map((value, c) =>
            value === "" ? "" : `<c r="${column(c)}${r + 1}" t="inlineStr"><is><t>${escape(value)}</t></is></c>`,
          )
          .join("")}</row>`,
    )
    .join("");
  const files = {
    "[Content_Types].xml":
      '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">' +
      '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>' +
      '<Default Extension="xml" ContentType="application/xml"/>' +
      '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>' +
      '<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>' +
      "</Types>",
    "_rels/.rels":
      '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">' +
      '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/>' +
      "</Relationships>",
    "xl/workbook.xml":
      '<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" ' +
      'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets>' +
      '<sheet name="名册" sheetId="1" r:id="rId1"/></sheets></workbook>',
    "xl/_rels/workbook.xml.rels":
      '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">' +
      '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/>' +
      "</Relationships>",
    "xl/worksheets/sheet1.xml":
      '<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">' +
      `<sheetData>${sheetRows}</sheetData></worksheet>`,
  };
  const locals = [];
  const centrals = [];
  let offset = 0;
  for (const [name, text] of Object.entries(files)) {
    const nameBytes = Buffer.from(name, "utf8");
    const data = Buffer.from(text, "utf8");
    const crc = crc32(data);
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt16LE(0x0800, 6);
    local.writeUInt32LE(crc, 14);
    local.writeUInt32LE(data.length, 18);
    local.writeUInt32LE(data.length, 22);
    local.writeUInt16LE(nameBytes.length, 26);
    locals.push(local, nameBytes, data);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(20, 4);
    central.writeUInt16LE(20, 6);
    central.writeUInt16LE(0x0800, 8);
    central.writeUInt32LE(crc, 16);
    central.writeUInt32LE(data.length, 20);
    central.writeUInt32LE(data.length, 24);
    central.writeUInt16LE(nameBytes.length, 28);
    central.writeUInt32LE(offset, 42);
    centrals.push(central, nameBytes);
    offset += local.length + nameBytes.length + data.length;
  }
  const centralSize = centrals.reduce((sum, b) => sum + b.length, 0);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(Object.keys(files).length, 8);
  end.writeUInt16LE(Object.keys(files).length, 10);
  end.writeUInt32LE(centralSize, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, ...centrals, end]);
}

test("a new campaign gets its roster from Excel, a flagged row is fixed, and coverage turns green", async () => {
  const { browser, stop } = await startApp();
  const folder = mkdtempSync(join(tmpdir(), "shuzhi-roster-"));
  const roster = join(folder, "2024年度名册.xlsx");
  writeFileSync(
    roster,
    xlsx([
      ["单位", "党组织", "类型", "上级党组织", "书记姓名", "职务"],
      ["市第一人民医院", "中共市第一人民医院委员会", "党委", "", "王建华", "党委书记"],
      ["市第一人民医院", "内科第一党支部", "党支部", "中共市第一人民医院委员会", "", "支部书记、科主任"],
      ["市中医院", "中共市中医院委员会", "党委", "", "李秀兰", "党委书记"],
    ]),
  );
  try {
    await startNewYear(browser, 2024);
    assert.match(await browser.$('[data-testid="planning-heading"]').getText(), /2024年度/);
    assert.equal(await browser.$('[data-testid="coverage"]').getAttribute("data-covered"), "false");

    await browser.$('[data-testid="roster-file"]').setValue(roster);
    await browser.$('[data-testid="roster-summary"]').waitForDisplayed({ timeout: 10000 });
    assert.match(await browser.$('[data-testid="roster-summary"]').getText(), /1 行需要修正/);
    const badRow = await browser.$('tr[data-line="3"]');
    assert.match(await badRow.getText(), /缺少书记姓名/);
    assert.equal(await browser.$('[data-testid="roster-import"]').isEnabled(), false, "import waits for the fix");
    await saveScreen(browser, join(artifacts, "planning-roster-flagged.png"));

    await pasteInto(browser, await browser.$('tr[data-line="3"] input[data-field="name"]'), "张敏");
    await browser.$('[data-testid="roster-recheck"]').click();
    await browser.waitUntil(async () => /全部无误/.test(await browser.$('[data-testid="roster-summary"]').getText()), {
      timeout: 10000,
      timeoutMsg: "the fixed roster was not accepted",
    });
    await browser.$('[data-testid="roster-import"]').click();
    await browser.$('[data-testid="roster-notice"]').waitForDisplayed({ timeout: 10000 });
    assert.match(await browser.$('[data-testid="roster-notice"]').getText(), /新增党组织 3 个、书记 3 位/);
    await browser.waitUntil(
      async () => (await browser.$('[data-testid="coverage"]').getAttribute("data-covered")) === "true",
      { timeout: 10000, timeoutMsg: "coverage did not turn green" },
    );
    await saveScreen(browser, join(artifacts, "planning-covered.png"));

    // One more organization by hand: a branch without a secretary's name is refused, then added.
    await browser.$('[data-testid="add-organization"]').click();
    const form = await browser.$('[data-testid="org-tree"] .inline-form');
    const boxes = await form.$$("input");
    await pasteInto(browser, boxes[0], "市中医院");
    await pasteInto(browser, boxes[1], "针灸科党支部");
    await form.$("button.primary").click();
    await browser.waitUntil(async () => /缺少书记姓名/.test(await browser.$('[data-testid="org-tree"]').getText()), {
      timeout: 10000,
      timeoutMsg: "the missing name was not reported",
    });
    const again = await browser.$('[data-testid="org-tree"] .inline-form');
    await pasteInto(browser, (await again.$$("input"))[2], "周强");
    await again.$("button.primary").click();
    await browser.waitUntil(async () => /针灸科党支部/.test(await browser.$('[data-testid="org-tree"] table').getText()), {
      timeout: 10000,
      timeoutMsg: "the added organization is not in the tree",
    });
    assert.equal(await browser.$('[data-testid="coverage"]').getAttribute("data-covered"), "true");
    await browser.$('[data-testid="campaign-settings"]').scrollIntoView();
    await saveScreen(browser, join(artifacts, "planning-settings.png"));
  } finally {
    await saveScreen(browser, join(artifacts, "planning-last.png")).catch(() => {});
    await stop();
  }
});
