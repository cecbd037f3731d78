/**
 * The DDL of src/official/tables.ts runs in DuckDB, and the readers' records, mapped by the `…Row`
 * functions, fill its columns exactly (same names, same order) and read back with their sources.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { Store } from '../src/engine/db.ts';
import { parseCbpEncounters } from '../src/official/cbp-encounters.ts';
import { readDetentionWorkbook } from '../src/sources/ice-detention-stats/workbook.ts';
import { makeFacilityMatcher, parseFacilityLocations } from '../src/official/facility-match.ts';
import { cbpEncounterRow, detentionFacilityRow, officialFigureRow, officialTableRow, OFFICIAL_DDL, type SqlRow } from '../src/official/tables.ts';
import { sharedData } from './helpers/shared-data.ts';

function columns(ddl: string): string[] {
  const body = ddl.slice(ddl.indexOf('(') + 1, ddl.lastIndexOf(')'));
  return body.split('\n').map((l) => l.replace(/--.*$/, '').trim()).filter(Boolean)
    .flatMap((l) => l.split(/,\s*(?=[a-z_0-9]+ [A-Z])/)).map((part) => part.trim().split(/\s+/)[0]);
}

function literal(v: string | number | boolean | null): string {
  if (v === null) return 'NULL';
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  return `'${v.replace(/'/g, "''")}'`;
}

test('official tables: DDL runs in DuckDB and the readers fill every column, sources included', async (t) => {
  const xlsx = sharedData(t, 'official-stats/FY26_detentionStats_02122026.xlsx');
  const csv = sharedData(t, 'official-stats/cbp-sw-border-encounters-fy22-fy25aug.csv');
  const tsv = sharedData(t, 'facilities/ddp-facility-locations-2025-10.tsv');
  if (!xlsx || !csv || !tsv) return;
  const w = await readDetentionWorkbook(xlsx);
  const match = makeFacilityMatcher(parseFacilityLocations(readFileSync(tsv, 'utf8')).locations);
  const cbp = parseCbpEncounters(readFileSync(csv, 'utf8'), 'cbp-sw-border-encounters-fy22-fy25aug.csv');
  const rows: SqlRow[][] = [
    w.figures.map(officialFigureRow),
    w.tables.map((x) => officialTableRow(x, w.vintage.releaseDate)),
    w.facilities.map((f) => detentionFacilityRow(f, w.vintage, match(f.name, f.city, f.state))),
    cbp.rows.map(cbpEncounterRow),
  ];
  const db = await Store.memory();
  t.after(() => db.close());
  for (const [i, ddl] of OFFICIAL_DDL.entries()) {
    await db.run(ddl);
    const table = /CREATE TABLE IF NOT EXISTS (\w+)/.exec(ddl)![1];
    assert.deepEqual(Object.keys(rows[i][0]), columns(ddl), `${table}: row keys are the DDL's columns, in order`);
    for (let k = 0; k < rows[i].length; k += 500) {
      const values = rows[i].slice(k, k + 500).map((r) => `(${Object.values(r).map(literal).join(', ')})`).join(',\n');
      await db.run(`INSERT INTO ${table} VALUES ${values}`);
    }
    const count = Number(await db.scalar(`SELECT count(*) FROM ${table}`));
    assert.equal(count, rows[i].length, table);
  }
  // A figure read back from the table, with its source: the total currently detained of 2026-02-12.
  const back = (await db.all(`SELECT value, source_sheet, source_range, release_date::VARCHAR FROM official_figures
    WHERE measure = 'currently_detained' AND dimensions_json = '{"processingDisposition":"Total","facilityType":"Total"}'`)).map(Object.values);
  assert.deepEqual(back, [[68289, 'Detention FY26', 'D10', '2026-02-12']]);
  const fy = (await db.all('SELECT fiscal_year, fytd, sum(encounter_count)::BIGINT FROM cbp_encounters GROUP BY ALL ORDER BY 1')).map(Object.values);
  assert.deepEqual(fy.map((r) => [r[0], r[1], Number(r[2])]), [[2022, false, 2378944], [2023, false, 2475669], [2024, false, 2135005], [2025, true, 432059]]);
});
