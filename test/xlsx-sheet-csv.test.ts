/**
 * The byte transcoder (src/sources/common/xlsx/sheet-csv.ts) against the string path it replaces:
 * SheetScanner's rows, checked and written as the ingest did before (cells beyond the header set
 * aside, ISO date-times in date columns cut to the date, every value quoted with `"` doubled). The
 * reference below is that old path written out again here, independently of the transcoder; each
 * shape is transcoded in chunks of every size from 1 byte up, since a chunk boundary may fall
 * anywhere (inside a tag, an entity, a number, a multi-byte character).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { SheetScanner, SheetXmlError, type SheetContext, type SheetRow } from '../src/sources/common/xlsx/sheet-scanner.ts';
import { encodeSharedFields, SheetCsv, type SheetCsvOptions } from '../src/sources/common/xlsx/sheet-csv.ts';
import { openWorkbook, writeXlsx, type XlsxCell } from '../src/sources/common/xlsx/index.ts';
import { XmlDecoder } from '../src/sources/common/xlsx/zip.ts';
import { scratchDirSync } from './helpers/store.ts';

const NS = 'http://schemas.openxmlformats.org/spreadsheetml/2006/main';

type Options = Omit<SheetCsvOptions, 'onBeyond' | 'sheet'>;
interface Outcome { csv: string; rows: number; beyond: [number, string[]][]; error?: string }

/** The old path: scanner rows (decoded text), then the ingest's row rules and CSV writing. */
function reference(xml: Uint8Array, ctx: SheetContext, options: Options, sheet = 'S'): Outcome {
  const rows: SheetRow[] = [];
  try {
    const scanner = new SheetScanner(ctx);
    const decoder = new XmlDecoder();
    rows.push(...scanner.push(decoder.decode(xml)));
    if (!scanner.done) {
      rows.push(...scanner.push(decoder.end()));
      scanner.end();
    }
  } catch (error) {
    if (!(error instanceof SheetXmlError)) throw error;
    return { csv: '', rows: 0, beyond: [], error: error.message };
  }
  return stageRows(rows, options, sheet);
}

function stageRows(rows: SheetRow[], options: Options, sheet: string): Outcome {
  const quote = (v: string) => `"${v.replace(/"/g, '""')}"`;
  let csv = '';
  let staged = 0;
  const beyond: [number, string[]][] = [];
  rows.forEach(({ row, cells }, index) => {
    if (index < (options.skipRows ?? 0) || row <= (options.skipThroughRow ?? 0)) return;
    const extra = cells.slice(options.width);
    if (extra.some((c) => c != null && c.trim() !== '')) { beyond.push([row, extra.filter((c): c is string => c != null)]); return; }
    const out = cells.slice(0, options.width);
    for (const c of options.dateColumns ?? []) {
      const v = out[c];
      if (v != null && /^\d{4}-\d{2}-\d{2}[T ]\d{1,2}:\d{2}/.test(v)) out[c] = v.slice(0, 10);
    }
    csv += `${quote(sheet)},${row}`;
    for (let c = 0; c < options.width; c++) csv += out[c] == null ? ',' : `,${quote(out[c]!)}`;
    csv += '\n';
    staged++;
  });
  return { csv, rows: staged, beyond };
}

/** The transcoder fed `size` bytes at a time. */
function transcode(xml: Uint8Array, ctx: SheetContext, options: Options, size: number): Outcome {
  const beyond: [number, string[]][] = [];
  const parts: Buffer[] = [];
  let rows = 0;
  try {
    const csv = new SheetCsv(ctx, encodeSharedFields(ctx.sharedStrings), { ...options, sheet: 'S', onBeyond: (row, cells) => beyond.push([row, cells]) });
    for (let i = 0; i < xml.length && !csv.done; i += size) {
      csv.push(xml.subarray(i, i + size));
      if (csv.pending > 64) { const piece = csv.take(); parts.push(piece.bytes); rows += piece.rows; checkEnds(piece.bytes, piece.rowEnds, piece.rows); }
    }
    csv.end();
    const piece = csv.take();
    checkEnds(piece.bytes, piece.rowEnds, piece.rows);
    parts.push(piece.bytes);
    rows += piece.rows;
  } catch (error) {
    if (!(error instanceof SheetXmlError)) throw error;
    return { csv: '', rows: 0, beyond: [], error: error.message };
  }
  return { csv: Buffer.concat(parts).toString('utf8'), rows, beyond };
}

/** Each row end is just after a line break, and the last is the end of the piece. */
function checkEnds(bytes: Buffer, ends: Int32Array, rows: number): void {
  assert.equal(ends.length, rows);
  for (const end of ends) assert.equal(bytes[end - 1], 10);
  if (rows > 0) assert.equal(ends[rows - 1], bytes.length);
}

function sheetXml(rows: string, prefix = ''): Buffer {
  const p = prefix ? `${prefix}:` : '';
  return Buffer.from(`<?xml version="1.0" encoding="UTF-8"?><${p}worksheet xmlns${prefix ? `:${prefix}` : ''}="${NS}"><${p}dimension ref="A1"/>`
    + `<${p}sheetData>${rows}</${p}sheetData><${p}pageMargins left="0.7"/></${p}worksheet>`);
}

const CTX: SheetContext = {
  // Index 2 is the empty string (null, as the reader keeps it); 3 holds what CSV must quote.
  sharedStrings: ['Departed Date', 'MEXICO', null, 'say "hi", then\nleave', 'Côte d’Ivoire 😀', '2025-01-23 14:02:51', '  ', 'x'.repeat(300)],
  // Styles 1 and 3 are dates.
  dateStyles: Uint8Array.of(0, 1, 0, 1),
  date1904: false,
};

/** Each shape is the content of <sheetData>, with the options it is read under. */
const SHAPES: { name: string; rows: string; options: Options; ctx?: SheetContext; prefix?: string }[] = [
  { name: 'shared strings, numbers, date serials', options: { width: 6 },
    rows: '<row r="1" spans="1:6"><c r="A1" t="s"><v>0</v></c><c r="B1" t="s"><v>3</v></c><c r="C1" s="1"><v>40911</v></c><c r="D1"><v>1.5E-3</v></c><c r="E1" s="3"><v>45000.5</v></c><c r="F1" s="1"><v>0.25</v></c></row>'
      + '<row r="2"><c r="A2" s="1"><v>-1</v></c><c r="B2" s="1"><v>3000000</v></c><c r="C2" s="1"><v>60</v></c><c r="D2" t="s"><v>2</v></c><c r="E2" t="s"><v>4</v></c><c r="F2" t="s"><v>7</v></c></row>' },
  { name: 'rows and cells without r, self-closing cells, blank rows', options: { width: 4 },
    rows: '<row><c t="s"><v>1</v></c><c/><c><v>7</v></c></row><row r="5"/><row r="6"></row><row><c r="C7" s="1"/><c><v>2</v></c></row>'
      + '<row r="9" ht="15" customHeight="1"><c r="B9" s="0" t="n"><v>3</v></c></row><row\nr = "10"\n><c\tr="A10"\nt="s" ><v>1</v></c></row>' },
  { name: 'inline strings: plain, preserved spaces, entities, escapes, rich runs, phonetic runs, empty', options: { width: 9 },
    rows: '<row r="1"><c r="A1" t="inlineStr"><is><t>plain, with comma</t></is></c><c r="B1" t="inlineStr"><is><t xml:space="preserve"> spaced </t></is></c>'
      + '<c r="C1" t="inlineStr"><is><t>a &amp; b &lt; c &#233;&#xE9; &quot;q&quot;</t></is></c><c r="D1" t="inlineStr"><is><t>line_x000D_break _x005F_x0041_</t></is></c>'
      + '<c r="E1" t="inlineStr"><is><r><t>rich </t></r><r><rPr><b/></rPr><t>text</t></r></is></c><c r="F1" t="inlineStr"><is><t>東京</t><rPh sb="0" eb="2"><t>トウキョウ</t></rPh></is></c>'
      + '<c r="G1" t="inlineStr"><is><t/></is></c><c r="H1" t="inlineStr"><is><t></t></is></c><c r="I1" t="inlineStr"><is><t>say "hi"\nthere</t></is></c></row>' },
  { name: 'formulas, str, booleans, errors, ISO dates, attributes in any order and quote', options: { width: 10 },
    rows: '<row r="3"><c r="A3" t="str"><f>B3&amp;"x"</f><v>&#233;t&#xE9;</v></c><c r="B3" t="str"><v>plain str</v></c><c r="C3" t="str"><v>a&amp;b</v></c>'
      + '<c r="D3" t="b"><v>1</v></c><c r="E3" t="b"><v>0</v></c><c r="F3" t="e"><v>#N/A</v></c><c r="G3" t="e"><v>#DIV/0!</v></c>'
      + '<c r="H3" t="d"><v>2024-01-02T00:00:00Z</v></c><c t="d" r="I3"><v>2024-01-02T10:30:00</v></c><c s=\'1\' r=\'J3\' cm="1"><v>44927</v></c></row>'
      + '<row r="4"><c r="A4"><f>1+1</f><v>2</v></c><c r="B4"><v xml:space="preserve">5</v></c><c r="C4"><v/></c><c r="D4"><v></v></c><c r="E4"></c></row>' },
  { name: 'extension elements, cells out of order, repeated cells', options: { width: 4 },
    rows: '<row r="1"><c r="B1"><v>2</v></c><c r="A1"><v>1</v></c></row><row r="2"><c r="A2"><v>1</v></c><c r="A2"><v>9</v></c></row>'
      + '<row r="3"><c r="A3"><v>1</v></c><extLst><ext uri="x"/></extLst><c r="C3"><v>3</v></c></row><row r="4"><c r="C4"><v>1</v></c><c r="C4"/></row>' },
  { name: 'cells beyond the header: blank ones are ignored, others set the row aside', options: { width: 2 },
    rows: '<row r="1"><c r="A1"><v>1</v></c><c r="C1" t="inlineStr"><is><t> </t></is></c><c r="D1" t="s"><v>6</v></c></row>'
      + '<row r="2"><c r="A2"><v>1</v></c><c r="C2" t="s"><v>1</v></c><c r="E2" t="inlineStr"><is><t>a &amp; b</t></is></c><c r="F2" s="1"><v>40911</v></c></row>'
      + '<row r="3"><c r="D3"><v>4</v></c><c r="A3"><v>1</v></c></row><row r="4"><c r="E4" t="b"><v>1</v></c><c r="C4" t="e"><v>#REF!</v></c></row>'
      + '<row r="5"><c r="AA5"><f>1</f><v>1</v></c></row>' },
  { name: 'date columns: ISO date-times cut to the date, anything else as published', options: { width: 8, dateColumns: [0, 1, 2, 3, 4, 5, 6, 7] },
    rows: '<row r="1"><c r="A1" t="s"><v>5</v></c><c r="B1" t="inlineStr"><is><t>2025-01-23T14:02</t></is></c><c r="C1" s="1"><v>45000.75</v></c>'
      + '<c r="D1" t="inlineStr"><is><t>2025-1-23 14:02</t></is></c><c r="E1" t="inlineStr"><is><t>2025-01-23 1:02</t></is></c><c r="F1" t="inlineStr"><is><t>2025-01-23 1:0</t></is></c>'
      + '<c r="G1" t="d"><v>2025-01-23T09:00:00</v></c><c r="H1" t="inlineStr"><is><t>2025-01-23x14:02</t></is></c></row>'
      + '<row r="2"><c r="A2" t="inlineStr"><is><t>2025-01-23 14:0</t></is></c><c r="B2" t="inlineStr"><is><t>2025-01-23 14:02 &amp; more</t></is></c><c r="C2"><v>2025</v></c></row>' },
  { name: 'banner rows skipped by position and by number', options: { width: 3, skipRows: 2, skipThroughRow: 3 },
    rows: '<row r="1"><c r="A1" t="inlineStr"><is><t>banner</t></is></c></row><row r="2"/><row r="3"><c r="A3" t="s"><v>0</v></c></row><row r="4"><c r="B4"><v>4</v></c></row>' },
  { name: 'a namespace prefix on every element', options: { width: 3 }, prefix: 'x',
    rows: '<x:row r="3"><x:c r="B3" t="inlineStr"><x:is><x:t>MEXICO</x:t></x:is></x:c><x:c r="C3" s="1"><x:v>40911</x:v></x:c></x:row><x:row r="4"><x:c r="A4" t="s"><x:v>1</x:v></x:c></x:row>' },
  { name: 'the 1904 date system', options: { width: 1 }, ctx: { ...CTX, date1904: true }, rows: '<row r="1"><c r="A1" s="1"><v>0</v></c></row><row r="2"><c r="A2" s="1"><v>40911.5</v></c></row>' },
  { name: 'an empty sheet', options: { width: 2 }, rows: '' },
];

test('the transcoder stages what the scanner and the old row rules staged, for every shape and every chunk size', () => {
  for (const shape of SHAPES) {
    const xml = sheetXml(shape.rows, shape.prefix);
    const ctx = shape.ctx ?? CTX;
    const expected = reference(xml, ctx, shape.options);
    assert.equal(expected.error, undefined, `${shape.name}: the reference reads it`);
    for (let size = 1; size <= xml.length; size++) {
      assert.deepEqual(transcode(xml, ctx, shape.options, size), expected, `${shape.name}, chunks of ${size} bytes`);
    }
  }
});

test('hand-checked lines: quoting, missing cells, dates and the rows set aside', () => {
  // Written out by hand from the XML of the shapes, not from either program.
  const first = transcode(sheetXml(SHAPES[0].rows), CTX, SHAPES[0].options, 1 << 20);
  assert.equal(first.csv,
    '"S",1,"Departed Date","say ""hi"", then\nleave","2012-01-03","1.5E-3","2023-03-15T12:00:00","06:00:00"\n'
    + '"S",2,"-1","3000000","1900-02-29",,"Côte d’Ivoire 😀","' + 'x'.repeat(300) + '"\n');
  const beyond = transcode(sheetXml(SHAPES[5].rows), CTX, SHAPES[5].options, 7);
  // Row 1's cells beyond B are blank (a space, two spaces), so it is staged; rows 2–5 have text beyond B.
  assert.equal(beyond.csv, '"S",1,"1",\n');
  assert.deepEqual(beyond.beyond, [[2, ['MEXICO', 'a & b', '2012-01-03']], [3, ['4']], [4, ['#REF!', 'TRUE']], [5, ['1']]]);
  const dates = transcode(sheetXml(SHAPES[6].rows), CTX, SHAPES[6].options, 3);
  assert.equal(dates.csv.split('\n')[0],
    '"S",1,"2025-01-23","2025-01-23","2023-03-15","2025-1-23 14:02","2025-01-23","2025-01-23 1:0","2025-01-23","2025-01-23x14:02"');
});

test('XML errors are the scanner\'s, with the same messages, wherever the chunks end', () => {
  const broken = [
    { xml: '<row r="1"><c r="A1"><v>1</v></c></sheetData>', message: /row 1 is not closed/ },
    { xml: '<row r="1"><c r="A1" t="s><v>1</v></c></row><row r="2"/>', message: /a cell tag in row 1 is malformed/ },
    { xml: '<row r="1"><c r="A1"><v>1</c></row><row r="2"/>', message: /cell A1 is malformed/ },
    { xml: '<row r="1"><c r="B1" t="s"><v>99</v></c></row>', message: /cell B1 refers to shared string 99, but the workbook has 8/ },
    { xml: '<row r="1"><c r="C1" t="inlineStr"><is><t>x</t></is></row><row r="2"/>', message: /cell C1 is not closed/ },
  ];
  for (const { xml, message } of broken) {
    const bytes = sheetXml(xml);
    const expected = reference(bytes, CTX, { width: 3 });
    assert.match(expected.error ?? '', message, `the reference fails on ${xml}`);
    for (let size = 1; size <= bytes.length; size += 3) assert.equal(transcode(bytes, CTX, { width: 3 }, size).error, expected.error, `${xml}, chunks of ${size}`);
  }
  // A part cut short inside the sheet data.
  const cut = sheetXml('<row r="1"><c r="A1"><v>1</v></c></row><row r="2"><c r="A2"><v>2</v></c></row>').subarray(0, 150);
  for (const size of [1, 5, 64, 1000]) assert.match(transcode(cut, CTX, { width: 1 }, size).error ?? '', /ends inside the sheet data/);
});

test('byte-order marks: UTF-8 skipped, UTF-16 read as text', () => {
  const rows = '<row r="1"><c r="A1" t="inlineStr"><is><t>Côte d’Ivoire</t></is></c><c r="B1" t="s"><v>1</v></c></row>';
  const plain = sheetXml(rows);
  const expected = reference(plain, CTX, { width: 2 });
  assert.equal(expected.csv, '"S",1,"Côte d’Ivoire","MEXICO"\n');
  const utf8 = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), plain]);
  const utf16 = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(plain.toString('utf8'), 'utf16le')]);
  for (const size of [1, 2, 3, 17, 4096]) {
    assert.deepEqual(transcode(utf8, CTX, { width: 2 }, size), expected, `UTF-8 BOM, chunks of ${size}`);
    assert.deepEqual(transcode(utf16, CTX, { width: 2 }, size), expected, `UTF-16, chunks of ${size}`);
  }
});

test('a written workbook: the bulk path stages the same lines as the rows read as strings', async () => {
  const dir = scratchDirSync('deportwatch-sheet-csv-');
  const path = join(dir, 'mixed.xlsx');
  // Values that exercise every branch of the writer: shared and (past 50 distinct strings) inline text,
  // markup, quotes, commas, line breaks, control characters, surrounding spaces, non-ASCII, numbers, dates.
  const texts = ['MEXICO', 'a & b <c>', 'say "hi", then\nleave', 'tab\there', ' padded ', 'Côte d’Ivoire', '_x0041_ literal', '2025-01-23 14:02:51', '(b)(6), (b)(7)(c)', '\u0001ctl'];
  const rows: XlsxCell[][] = [['Banner'], [], ['Departed Date', 'Country', 'Amount', 'When']];
  for (let i = 0; i < 3000; i++) {
    rows.push([
      { date: `20${10 + (i % 15)}-0${1 + (i % 9)}-1${i % 10}` },
      i % 7 === 0 ? null : `${texts[i % texts.length]}${i % 11 === 0 ? ` #${i}` : ''}`,
      i % 5 === 0 ? i / 8 : i,
      i % 13 === 0 ? `2024-02-0${1 + (i % 9)}T0${i % 10}:15:00` : i % 3 === 0 ? null : { date: '2024-12-31' },
      ...(i % 250 === 0 ? ['beyond the header'] : []),
    ]);
  }
  await writeXlsx(path, [{ name: 'Data "1"', rows }], { sharedStringLimit: 50 });
  const workbook = await openWorkbook(path);
  const read: SheetRow[] = [];
  for await (const row of workbook.rows('Data "1"')) read.push(row);
  // The empty second row is not written (as Excel), so the header is the second row element: skipped by number.
  const options: Options = { width: 4, skipThroughRow: 3, dateColumns: [0, 3] };
  const expected = stageRows(read, options, 'Data "1"');
  assert.equal(expected.beyond.length, 12, 'rows 0, 250, …, 2750 have a fifth cell');
  assert.equal(expected.rows, 3000 - 12);
  const beyond: [number, string[]][] = [];
  const parts: Buffer[] = [];
  let staged = 0;
  for await (const piece of workbook.stageCsv({ ...options, sheet: 'Data "1"', onBeyond: (row, cells) => beyond.push([row, cells]) })) { parts.push(piece.bytes); staged += piece.rows; }
  assert.deepEqual({ csv: Buffer.concat(parts).toString('utf8'), rows: staged, beyond }, expected);
});
