/**
 * An independent read of a workbook for tests: python3's zipfile and xml.etree, nothing of
 * deportwatch's own reader. It lists the sheets from xl/workbook.xml and gives every cell's value by
 * its A1 address, shared strings resolved, so a test can check a figure against the cell its range
 * points to.
 */
import { execFileSync } from 'node:child_process';

const SCRIPT = String.raw`
import json, sys, zipfile, posixpath
import xml.etree.ElementTree as ET
M = '{http://schemas.openxmlformats.org/spreadsheetml/2006/main}'
R = '{http://schemas.openxmlformats.org/officeDocument/2006/relationships}id'
z = zipfile.ZipFile(sys.argv[1])
shared = []
if 'xl/sharedStrings.xml' in z.namelist():
    for si in ET.fromstring(z.read('xl/sharedStrings.xml')).findall(M + 'si'):
        shared.append(''.join(t.text or '' for t in si.iter(M + 't')))
rels = {r.get('Id'): r.get('Target') for r in ET.fromstring(z.read('xl/_rels/workbook.xml.rels'))}
out = {'sheets': [], 'cells': {}}
for s in ET.fromstring(z.read('xl/workbook.xml')).find(M + 'sheets'):
    name = s.get('name')
    target = rels[s.get(R)]
    part = target.lstrip('/') if target.startswith('/') else posixpath.normpath(posixpath.join('xl', target))
    out['sheets'].append(name)
    cells = {}
    for c in ET.fromstring(z.read(part)).iter(M + 'c'):
        v = c.find(M + 'v')
        t = c.get('t')
        if t == 's' and v is not None: cells[c.get('r')] = shared[int(v.text)]
        elif t == 'inlineStr': cells[c.get('r')] = ''.join(x.text or '' for x in c.iter(M + 't'))
        elif v is not None: cells[c.get('r')] = v.text
    out['cells'][name] = cells
json.dump(out, sys.stdout)
`;

export interface PythonWorkbook {
  sheets: string[];
  cells: Record<string, Record<string, string>>;
}

export function readWorkbookWithPython(path: string): PythonWorkbook {
  return JSON.parse(execFileSync('python3', ['-c', SCRIPT, path], { encoding: 'utf8', maxBuffer: 1 << 28 })) as PythonWorkbook;
}

/** `D10` → [10, 3]. */
export function parseA1(ref: string): [number, number] {
  const m = /^([A-Z]+)(\d+)$/.exec(ref);
  if (!m) throw new Error(`not an A1 cell: ${ref}`);
  let col = 0;
  for (const ch of m[1]) col = col * 26 + ch.charCodeAt(0) - 64;
  return [Number(m[2]), col - 1];
}

export function toA1(row: number, col: number): string {
  let s = '';
  for (let n = col + 1; n > 0; n = Math.floor((n - 1) / 26)) s = String.fromCharCode(65 + ((n - 1) % 26)) + s;
  return `${s}${row}`;
}
