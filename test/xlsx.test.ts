/**
 * The XLSX reader and writer (src/sources/common/xlsx). Workbooks are either written by our writer
 * (round trips) or assembled here from hand-written XML, for what Excel writes and our writer never
 * does: rich text, booleans, formulas, custom date formats, skipped rows, the 1904 date system.
 */
import { scratchDirSync } from './helpers/store.ts';
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { strFromU8, strToU8, unzipSync, zipSync, type Zippable } from 'fflate';
import { listZipEntries, openWorkbook, readWorkbookHead, writeXlsx, XlsxError, type SheetRow, type XlsxCell } from '../src/sources/common/xlsx/index.ts';
import { isDateFormatCode, serialToIso } from '../src/sources/common/xlsx/excel-dates.ts';
import { SheetScanner } from '../src/sources/common/xlsx/sheet-scanner.ts';
import { parseDateStyles } from '../src/sources/common/xlsx/workbook.ts';
import { XmlDecoder } from '../src/sources/common/xlsx/zip.ts';

const dir = scratchDirSync('deportwatch-xlsx-');
const NS = 'http://schemas.openxmlformats.org/spreadsheetml/2006/main';
const REL = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships';

async function readAll(path: string, sheet: string): Promise<SheetRow[]> {
  const rows: SheetRow[] = [];
  for await (const row of (await openWorkbook(path)).rows(sheet)) rows.push(row);
  return rows;
}

interface FixtureSheet { name: string; rows: string; state?: string }

/** A workbook from hand-written parts, laid out as Excel lays them out. */
function fixture(name: string, sheets: FixtureSheet[], extra: { sharedStrings?: string[]; styles?: string; workbookPr?: string; sheetXml?: (rows: string) => string; stored?: boolean } = {}): string {
  const files: Zippable = {};
  const wrap = extra.sheetXml ?? ((rows: string) => `<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="${NS}"><dimension ref="A1"/><sheetData>${rows}</sheetData><pageMargins left="0.7"/></worksheet>`);
  files['[Content_Types].xml'] = strToU8('<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>');
  files['_rels/.rels'] = strToU8(`<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="${REL}/officeDocument" Target="xl/workbook.xml"/></Relationships>`);
  const sheetTags = sheets.map((s, i) => `<sheet name="${s.name}" sheetId="${i + 1}"${s.state ? ` state="${s.state}"` : ''} r:id="rId${i + 1}"/>`).join('');
  files['xl/workbook.xml'] = strToU8(`<workbook xmlns="${NS}" xmlns:r="${REL}">${extra.workbookPr ?? ''}<sheets>${sheetTags}</sheets></workbook>`);
  const rels = sheets.map((_, i) => `<Relationship Id="rId${i + 1}" Type="${REL}/worksheet" Target="/xl/worksheets/sheet${i + 1}.xml"/>`).join('');
  files['xl/_rels/workbook.xml.rels'] = strToU8(`<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">${rels}<Relationship Id="rId90" Type="${REL}/sharedStrings" Target="sharedStrings.xml"/><Relationship Id="rId91" Type="${REL}/styles" Target="styles.xml"/></Relationships>`);
  sheets.forEach((s, i) => { files[`xl/worksheets/sheet${i + 1}.xml`] = strToU8(wrap(s.rows)); });
  files['xl/sharedStrings.xml'] = strToU8(`<sst xmlns="${NS}">${(extra.sharedStrings ?? []).join('')}</sst>`);
  files['xl/styles.xml'] = strToU8(extra.styles ?? `<styleSheet xmlns="${NS}"><cellXfs count="2"><xf numFmtId="0"/><xf numFmtId="14" applyNumberFormat="1"/></cellXfs></styleSheet>`);
  const path = join(dir, name);
  writeFileSync(path, zipSync(files, { level: extra.stored ? 0 : 6 }));
  return path;
}

test('round trip: two sheets with banner rows, a blank row, empty cells, a date, a number, markup characters and shared strings', async () => {
  const path = join(dir, 'round-trip.xlsx');
  const removals: XlsxCell[][] = [
    ['ERO-LESA Statistical Tracking Unit'],
    ['For Official Use Only (FOUO)/Pre-decisional'],
    [], // the blank banner line: no <row> is written, and the next row keeps number 4
    ['Departed Date', 'Gender', 'Country of Citizenship', 'Count', 'Most Serious Conviction'],
    [{ date: '2012-01-03' }, 'Male', 'MEXICO', 3, null],
    [{ date: '2019-07-06' }, 'Female', 'GUATEMALA', -2.5, 'Assault & Battery <Aggravated>'],
    [null, 'Male', null, 0, '  leading and trailing spaces  '],
  ];
  await writeXlsx(path, [
    { name: 'FY2012-FY2019', rows: removals },
    { name: 'Footnotes', rows: (async function* () { yield ['1. Removals are counted by departure date.']; yield ['MEXICO']; })() },
  ]);
  const workbook = await openWorkbook(path);
  assert.deepEqual(workbook.sheets.map((s) => [s.name, s.path]), [['FY2012-FY2019', 'xl/worksheets/sheet1.xml'], ['Footnotes', 'xl/worksheets/sheet2.xml']]);
  assert.deepEqual(await readAll(path, 'FY2012-FY2019'), [
    { row: 1, cells: ['ERO-LESA Statistical Tracking Unit'] },
    { row: 2, cells: ['For Official Use Only (FOUO)/Pre-decisional'] },
    { row: 4, cells: ['Departed Date', 'Gender', 'Country of Citizenship', 'Count', 'Most Serious Conviction'] },
    { row: 5, cells: ['2012-01-03', 'Male', 'MEXICO', '3'] }, // the trailing empty cell is trimmed
    { row: 6, cells: ['2019-07-06', 'Female', 'GUATEMALA', '-2.5', 'Assault & Battery <Aggravated>'] },
    { row: 7, cells: [null, 'Male', null, '0', '  leading and trailing spaces  '] },
  ]);
  assert.deepEqual(await readAll(path, 'Footnotes'), [{ row: 1, cells: ['1. Removals are counted by departure date.'] }, { row: 2, cells: ['MEXICO'] }]);
  const footnotes = workbook.rows('Footnotes');
  for (let pass = 0; pass < 2; pass++) {
    let count = 0;
    for await (const _ of footnotes) count++;
    assert.equal(count, 2, `pass ${pass + 1} over the same iterable reads every row`);
  }

  // What was written: "MEXICO" is one shared string used by both sheets, the date is serial 40911
  // with the date style, and markup is escaped, not raw.
  const parts = unzipSync(readFileSync(path));
  const sheet1 = strFromU8(parts['xl/worksheets/sheet1.xml']);
  const sst = strFromU8(parts['xl/sharedStrings.xml']);
  const mexico = [...sst.matchAll(/<si>(.*?)<\/si>/g)].findIndex((m) => m[1] === '<t>MEXICO</t>');
  assert.ok(mexico >= 0, 'MEXICO is in the shared-string table');
  assert.match(sheet1, new RegExp(`<c r="C5" t="s"><v>${mexico}</v></c>`));
  assert.match(strFromU8(parts['xl/worksheets/sheet2.xml']), new RegExp(`<c r="A2" t="s"><v>${mexico}</v></c>`));
  assert.match(sheet1, /<c r="A5" s="1"><v>40911<\/v><\/c>/);
  assert.match(sst, /Assault &amp; Battery &lt;Aggravated&gt;/);
  assert.doesNotMatch(sheet1, /<row r="3"/);
});

test('strings past the shared-string limit are written inline and read back the same', async () => {
  const path = join(dir, 'inline.xlsx');
  const rows: XlsxCell[][] = [['first', 'second', 'first'], ['third & <more>', 'second']];
  await writeXlsx(path, [{ name: 'S', rows }], { sharedStringLimit: 1 });
  const sheet = strFromU8(unzipSync(readFileSync(path))['xl/worksheets/sheet1.xml']);
  assert.match(sheet, /<c r="A1" t="s"><v>0<\/v><\/c>/);
  assert.match(sheet, /<c r="B1" t="inlineStr"><is><t>second<\/t><\/is><\/c>/);
  assert.match(sheet, /<c r="A2" t="inlineStr"><is><t>third &amp; &lt;more&gt;<\/t><\/is><\/c>/);
  assert.deepEqual(await readAll(path, 'S'), [{ row: 1, cells: ['first', 'second', 'first'] }, { row: 2, cells: ['third & <more>', 'second'] }]);
});

test('the written package declares every part it contains and every relationship points at a part', async () => {
  const path = join(dir, 'package.xlsx');
  await writeXlsx(path, [{ name: 'A', rows: [['x']] }, { name: 'B & C', rows: [[1]] }]);
  const parts = unzipSync(readFileSync(path));
  const types = strFromU8(parts['[Content_Types].xml']);
  for (const name of Object.keys(parts).filter((n) => n.startsWith('xl/') && !n.endsWith('.rels'))) {
    assert.ok(types.includes(`PartName="/${name}"`), `${name} has a content type (Excel refuses undeclared parts)`);
  }
  for (const m of strFromU8(parts['xl/_rels/workbook.xml.rels']).matchAll(/Target="([^"]+)"/g)) assert.ok(parts[`xl/${m[1]}`], `${m[1]} exists`);
  assert.match(strFromU8(parts['xl/workbook.xml']), /<sheet name="B &amp; C" sheetId="2" r:id="rId2"\/>/);
  assert.deepEqual(await listZipEntries(path), Object.keys(parts));
});

test('the same rows always make the same bytes (ingest recognises a file by its hash)', async () => {
  const rows = (): XlsxCell[][] => [['Departed Date', 'Gender'], [{ date: '2013-05-01' }, 'Male']];
  await writeXlsx(join(dir, 'first.xlsx'), [{ name: 'S', rows: rows() }]);
  await new Promise((resolve) => setTimeout(resolve, 2100)); // past the 2-second resolution of a zip entry's time
  await writeXlsx(join(dir, 'second.xlsx'), [{ name: 'S', rows: rows() }]);
  assert.deepEqual(readFileSync(join(dir, 'first.xlsx')), readFileSync(join(dir, 'second.xlsx')));
});

test('writer refuses what Excel would refuse, and leaves no file behind', async () => {
  const path = join(dir, 'refused.xlsx');
  await assert.rejects(writeXlsx(path, [{ name: 'a/b', rows: [] }]), /sheet name "a\/b" contains one of/);
  await assert.rejects(writeXlsx(path, [{ name: 'S', rows: [] }, { name: 's', rows: [] }]), /used twice/);
  await assert.rejects(writeXlsx(path, [{ name: 'S', rows: [[{ date: '2019-02-29' }]] }]), /cell A1: date "2019-02-29" is not a YYYY-MM-DD calendar date/);
  await assert.rejects(writeXlsx(path, [{ name: 'S', rows: [[1, Number.NaN]] }]), /cell B1: NaN/);
  assert.throws(() => readFileSync(path), /ENOENT/);
  assert.throws(() => readFileSync(`${path}.partial`), /ENOENT/);
});

test('a truncated workbook is refused with a message that names the file and says it may be truncated', async () => {
  const whole = join(dir, 'whole.xlsx');
  await writeXlsx(whole, [{ name: 'S', rows: Array.from({ length: 200 }, (_, i) => [`row ${i}`, i]) }]);
  const bytes = readFileSync(whole);
  const cut = join(dir, 'removals-cut.xlsx');
  writeFileSync(cut, bytes.subarray(0, Math.floor(bytes.length / 2)));
  await assert.rejects(openWorkbook(cut), (error: Error) => {
    assert.ok(error instanceof XlsxError);
    assert.equal(error.message, "removals-cut.xlsx: not a complete XLSX workbook (the zip's central directory is missing; the file may be truncated)");
    return true;
  });
});

test('a zip that is not a workbook, a legacy .xls and a text file are each refused plainly', async () => {
  const notes = join(dir, 'notes.xlsx');
  writeFileSync(notes, zipSync({ 'readme.txt': strToU8('hello'), 'data.csv': strToU8('a,b') }));
  await assert.rejects(openWorkbook(notes), { name: 'XlsxError', message: 'notes.xlsx: a zip file but not an XLSX workbook (no xl/workbook.xml; it holds readme.txt, data.csv)' });
  const docx = join(dir, 'letter.xlsx');
  writeFileSync(docx, zipSync({ 'word/document.xml': strToU8('<w:document/>') }));
  await assert.rejects(openWorkbook(docx), /letter\.xlsx: a zip file but not an XLSX workbook \(it looks like a Word document/);
  const xls = join(dir, 'old.xlsx');
  writeFileSync(xls, Buffer.from('d0cf11e0a1b11ae1000000000000000000000000', 'hex'));
  await assert.rejects(openWorkbook(xls), /old\.xlsx: not an XLSX workbook: it is an OLE2 compound file \(a legacy \.xls/);
  const csv = join(dir, 'table.xlsx');
  writeFileSync(csv, 'Departed Date,Gender\n1/3/2012,Male\n');
  await assert.rejects(openWorkbook(csv), /table\.xlsx: not an XLSX workbook \(an XLSX file is a zip archive/);
  await assert.rejects(openWorkbook(join(dir, 'absent.xlsx')), /absent\.xlsx: no such file/);
});

test('a sheet that does not exist is named in the error, with the sheets that do', async () => {
  const path = fixture('two-sheets.xlsx', [{ name: 'FY2013', rows: '' }, { name: 'Footnotes', rows: '' }]);
  const workbook = await openWorkbook(path);
  assert.throws(() => workbook.rows('FY2014'), { name: 'XlsxError', message: 'two-sheets.xlsx: no sheet named "FY2014" (its sheets are "FY2013", "Footnotes")' });
  assert.deepEqual(await readAll(path, 'footnotes'), [], 'names match ignoring case, as in Excel');
});

test('row numbers are the sheet\'s own, across skipped rows and rows without r', async () => {
  const path = fixture('skips.xlsx', [{
    name: 'S',
    rows: '<row r="2"><c r="B2" t="inlineStr"><is><t>title</t></is></c></row>'
      + '<row r="7" spans="1:3"><c r="A7"><v>1</v></c><c r="C7"><v>3</v></c></row>'
      + '<row><c><v>4</v></c><c><v>5</v></c></row>' // no r: row 8, columns A and B (§18.3.1.73)
      + '<row r="10" ht="20" customHeight="1"/>'
      + '<row r="12"><c r="A12" s="0"/><c r="XFD12" s="0"/></row>',
  }]);
  assert.deepEqual(await readAll(path, 'S'), [
    { row: 2, cells: [null, 'title'] },
    { row: 7, cells: ['1', null, '3'] },
    { row: 8, cells: ['4', '5'] },
    { row: 10, cells: [] },
    { row: 12, cells: [] }, // styled but empty cells out to XFD do not make a 16,384-wide row
  ]);
});

test('values as Excel writes them: shared rich text, inline runs, booleans, formulas, errors, entities', async () => {
  const path = fixture('values.xlsx', [{
    name: 'S',
    rows: '<row r="1">'
      + '<c r="A1" t="s"><v>0</v></c><c r="B1" t="s"><v>1</v></c><c r="C1" t="s"><v>2</v></c><c r="D1" t="s"><v>3</v></c>'
      + '<c r="E1" t="inlineStr"><is><r><rPr><b/><color rgb="FFFF0000"/></rPr><t>Rein</t></r><r><t xml:space="preserve">stated </t></r><r><t>Final</t></r></is></c>'
      + '<c r="F1" t="b"><v>1</v></c><c r="G1" t="b"><v>0</v></c>'
      + '<c r="H1" t="str"><f>A1&amp;"!"</f><v>MEXICO &amp; CANADA</v></c>'
      + '<c r="I1" t="e"><f>1/0</f><v>#DIV/0!</v></c>'
      + '<c r="J1"><f>1+1</f><v>2</v></c>'
      + '<c r="K1" t="s"><v>4</v></c>'
      + '<c r="L1" t="str"><f>""</f><v></v></c>'
      + '</row>',
  }], {
    sharedStrings: [
      '<si><t>line one&#10;line two</t></si>',
      '<si><r><t>[8C] </t></r><r><rPr><i/></rPr><t>Excludable</t></r><rPh sb="0" eb="1"><t>ふりがな</t></rPh></si>',
      '<si><t>tab&#x9;and &quot;quotes&quot; &apos;x&apos; &lt;&gt;</t></si>',
      '<si><t>carriage_x000D_return and _x005F_x0041_ literal</t></si>',
      '<si/>',
    ],
  });
  assert.deepEqual(await readAll(path, 'S'), [{
    row: 1,
    cells: ['line one\nline two', '[8C] Excludable', 'tab\tand "quotes" \'x\' <>', 'carriage\rreturn and _x0041_ literal', 'Reinstated Final', 'TRUE', 'FALSE', 'MEXICO & CANADA', '#DIV/0!', '2'],
  }]);
});

test('a custom number format decides whether a number is a date', async () => {
  const styles = `<styleSheet xmlns="${NS}"><numFmts count="5">`
    + '<numFmt numFmtId="164" formatCode="dd/mm/yyyy;@"/>'
    + '<numFmt numFmtId="165" formatCode="0.0 &quot;days&quot;"/>'
    + '<numFmt numFmtId="166" formatCode="[$-409]mmmm\\ d\\,\\ yyyy;@"/>'
    + '<numFmt numFmtId="167" formatCode="[Red]#,##0.00"/>'
    + '<numFmt numFmtId="168" formatCode="m/d/yyyy\\ h:mm"/>'
    + '</numFmts><cellStyleXfs count="1"><xf numFmtId="14"/></cellStyleXfs><cellXfs count="7"><xf numFmtId="0"/><xf numFmtId="164"/><xf numFmtId="165"/><xf numFmtId="166"/><xf numFmtId="167"/><xf numFmtId="168"/><xf numFmtId="22"/></cellXfs></styleSheet>';
  // cellStyleXfs also holds an <xf> with a date format: only cellXfs indexes cells.
  assert.deepEqual([...parseDateStyles(styles)], [0, 1, 0, 1, 0, 1, 1]);
  const path = fixture('formats.xlsx', [{
    name: 'S',
    rows: '<row r="1"><c r="A1" s="1"><v>43831</v></c><c r="B1" s="2"><v>43831</v></c><c r="C1" s="3"><v>43831</v></c><c r="D1" s="4"><v>43831</v></c><c r="E1" s="5"><v>43831.75</v></c><c r="F1" s="6"><v>45000.0000115741</v></c><c r="G1"><v>43831</v></c></row>',
  }], { styles });
  assert.deepEqual(await readAll(path, 'S'), [{ row: 1, cells: ['2020-01-01', '43831', '2020-01-01', '43831', '2020-01-01T18:00:00', '2023-03-15T00:00:01', '43831'] }]);
});

test('isDateFormatCode looks for d, m, y, h outside quotes, brackets and escapes', () => {
  for (const code of ['yyyy-mm-dd', 'd-mmm-yy', 'h:mm AM/PM', '[$-F800]dddd\\,\\ mmmm\\ dd\\,\\ yyyy', '[h]:mm:ss', 'mm:ss.0']) assert.equal(isDateFormatCode(code), true, code);
  for (const code of ['General', '0.00', '#,##0;[Red]-#,##0', '0 "days"', '0.0\\h', '@', '_(* #,##0_);_(* (#,##0);_(* "-"??_);_(@_)', '[Color10]0%']) assert.equal(isDateFormatCode(code), false, code);
});

test('serials to ISO dates: the 1900 leap-year bug, times, and the 1904 system', () => {
  assert.equal(serialToIso(1, false), '1900-01-01');
  assert.equal(serialToIso(59, false), '1900-02-28');
  assert.equal(serialToIso(60, false), '1900-02-29'); // Lotus 1-2-3's phantom day, as Excel shows it
  assert.equal(serialToIso(61, false), '1900-03-01');
  assert.equal(serialToIso(40911, false), '2012-01-03');
  assert.equal(serialToIso(43831.5, false), '2020-01-01T12:00:00');
  assert.equal(serialToIso(43831.99999999, false), '2020-01-02'); // rounds to the second, carrying into the next day
  assert.equal(serialToIso(0.25, false), '06:00:00');
  assert.equal(serialToIso(2958465, false), '9999-12-31');
  assert.equal(serialToIso(2958466, false), null);
  assert.equal(serialToIso(-1, false), null);
  assert.equal(serialToIso(0, true), '1904-01-01');
  assert.equal(serialToIso(42369, true), '2020-01-01'); // 1,462 days fewer than the 1900 system
});

test('a workbook saved with the 1904 date system reads its dates from 1904-01-01', async () => {
  // Stored rather than deflated (zip method 0), as some tools write small parts.
  const path = fixture('mac.xlsx', [{ name: 'S', rows: '<row r="1"><c r="A1" s="1"><v>42369</v></c></row>' }], { workbookPr: '<workbookPr date1904="1"/>', stored: true });
  assert.equal(readFileSync(path).readUInt16LE(8), 0, 'the first entry is stored');
  const workbook = await openWorkbook(path);
  assert.equal(workbook.date1904, true);
  assert.deepEqual(await readAll(path, 'S'), [{ row: 1, cells: ['2020-01-01'] }]);
});

test('namespace-prefixed worksheets (as the OpenXML SDK writes them) read the same', async () => {
  const path = fixture('prefixed.xlsx', [{ name: 'S', rows: '<x:row r="3"><x:c r="B3" t="inlineStr"><x:is><x:t>MEXICO</x:t></x:is></x:c><x:c r="C3" s="1"><x:v>40911</x:v></x:c></x:row>' }], {
    sheetXml: (rows) => `<x:worksheet xmlns:x="${NS}"><x:sheetData>${rows}</x:sheetData></x:worksheet>`,
  });
  assert.deepEqual(await readAll(path, 'S'), [{ row: 3, cells: [null, 'MEXICO', '2012-01-03'] }]);
});

test('the scanner gives the same rows wherever the text is split into chunks', () => {
  const xml = `<?xml version="1.0"?><worksheet xmlns="${NS}"><sheetFormatPr/><sheetData>`
    + '<row r="1" spans="1:3"><c r="A1" t="s"><v>1</v></c><c r="C1" s="1"><v>40911</v></c></row>\n'
    + '<row r="4"><c r="A4" t="inlineStr"><is><t xml:space="preserve">a &amp; b &lt; c </t></is></c><c r="B4" t=\'str\'><f>x</f><v>&#233;t&#xE9;</v></c></row>'
    + '<row r="5"/><row r="6"><c r="AA6"><v>1.5E-3</v></c></row></sheetData><rowBreaks count="1"><brk id="2"/></rowBreaks></worksheet>';
  const context = { sharedStrings: ['zero', 'Departed Date'], dateStyles: Uint8Array.of(0, 1), date1904: false };
  const expected = [
    { row: 1, cells: ['Departed Date', null, '2012-01-03'] },
    { row: 4, cells: ['a & b < c ', 'été'] },
    { row: 5, cells: [] },
    { row: 6, cells: [...Array(26).fill(null), '1.5E-3'] },
  ];
  const scan = (parts: string[]): SheetRow[] => {
    const scanner = new SheetScanner(context);
    const rows = parts.flatMap((part) => scanner.push(part));
    scanner.end();
    return rows;
  };
  assert.deepEqual(scan([xml]), expected);
  for (let i = 0; i <= xml.length; i++) assert.deepEqual(scan([xml.slice(0, i), xml.slice(i)]), expected, `split at ${i}`);
  for (let size = 1; size <= 7; size++) assert.deepEqual(scan(xml.match(new RegExp(`[^]{1,${size}}`, 'g'))!), expected, `chunks of ${size}`);
  assert.throws(() => scan([xml.slice(0, xml.indexOf('<row r="6"'))]), /ends inside the sheet data/);
});

test('the decoder keeps characters whole when a chunk boundary splits their bytes', () => {
  const text = 'MÉXICO – Côte d’Ivoire 😀 end';
  const bytes = new TextEncoder().encode(text);
  for (let i = 0; i <= bytes.length; i++) {
    for (let j = i; j <= bytes.length; j++) {
      const decoder = new XmlDecoder();
      assert.equal(decoder.decode(bytes.subarray(0, i)) + decoder.decode(bytes.subarray(i, j)) + decoder.decode(bytes.subarray(j)) + decoder.end(), text, `split at ${i}, ${j}`);
    }
  }
  const utf16 = new XmlDecoder();
  assert.equal(utf16.decode(Uint8Array.from(Buffer.from('\ufeff<a>é</a>', 'utf16le'))) + utf16.end(), '<a>é</a>');
});

test('readWorkbookHead reads the first rows of every sheet and stops inflating there', async () => {
  // A 60,000-row sheet whose compressed data is damaged near its end: reading it all must fail,
  // and the head must not, which shows the head never inflates that far.
  const rows = Array.from({ length: 60_000 }, (_, i) => `<row r="${i + 1}"><c r="A${i + 1}"><v>${(i * 7919) % 100_003}</v></c><c r="B${i + 1}"><v>${Math.imul(i, 2654435761) >>> 0}</v></c></row>`).join('');
  const path = fixture('damaged-tail.xlsx', [{ name: 'Big', rows }, { name: 'Small', rows: '<row r="1"><c r="A1" t="inlineStr"><is><t>note</t></is></c></row>' }]);
  const bytes = readFileSync(path);
  const start = bytes.indexOf('xl/worksheets/sheet1.xml') + 'xl/worksheets/sheet1.xml'.length; // the first local header's name
  const compressed = bytes.readUInt32LE(start - 'xl/worksheets/sheet1.xml'.length - 30 + 18);
  assert.ok(compressed > 600_000, `the sheet spans several read chunks (${compressed} bytes)`);
  bytes.fill(0xff, start + compressed - 20_000, start + compressed - 10_000);
  writeFileSync(path, bytes);

  await assert.rejects(readAll(path, 'Big'), /damaged-tail\.xlsx: xl\/worksheets\/sheet1\.xml is corrupt/);
  const head = await readWorkbookHead(path, 40);
  assert.deepEqual(head.sheets.map((s) => [s.name, s.rows.length]), [['Big', 40], ['Small', 1]]);
  assert.deepEqual(head.sheets[0].rows[39], { row: 40, cells: [String((39 * 7919) % 100_003), String(Math.imul(39, 2654435761) >>> 0)] });
});

test('hidden sheets are listed, with their state', async () => {
  const path = fixture('states.xlsx', [{ name: 'Data', rows: '<row r="1"><c r="A1"><v>1</v></c></row>' }, { name: 'Footnotes', rows: '', state: 'hidden' }]);
  const workbook = await openWorkbook(path);
  assert.deepEqual(workbook.sheets.map((s) => [s.name, s.state, s.kind]), [['Data', 'visible', 'worksheet'], ['Footnotes', 'hidden', 'worksheet']]);
});

test('a large shared-string table loads in linear time', async () => {
  // 200,000 items arrive in chunks of tens of thousands; a per-item search that ran to the end of
  // the chunk (as one for an absent <rPh> once did) turns this from milliseconds into minutes.
  const items = Array.from({ length: 200_000 }, (_, i) => `<si><t>Event ${i} (b)(7)(E )</t></si>`);
  const path = fixture('many-strings.xlsx', [{ name: 'S', rows: '<row r="1"><c r="A1" t="s"><v>199999</v></c></row>' }], { sharedStrings: items });
  const started = performance.now();
  assert.deepEqual(await readAll(path, 'S'), [{ row: 1, cells: ['Event 199999 (b)(7)(E )'] }]);
  assert.ok(performance.now() - started < 10_000, `took ${Math.round(performance.now() - started)} ms`);
});
