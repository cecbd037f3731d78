/**
 * The records rules as SQL, for the views: each is the SQL twin of a TypeScript rule in src/domain/
 * or src/reference/, and test/records-rules-sql.test.ts runs one table of cases through both, so the
 * two cannot drift apart.
 */

/** U.S. federal fiscal year (Oct–Sep, named for the year it ends), as SQL; twin of fiscalYear() in src/domain/dates.ts. */
export function fiscalYearSql(dateColumn: string): string {
  return `('FY' || CAST(year(${dateColumn}) + CASE WHEN month(${dateColumn}) >= 10 THEN 1 ELSE 0 END AS VARCHAR))`;
}

/**
 * JavaScript's trim(), which the TypeScript twins use: whitespace and non-breaking spaces at either end
 * (DuckDB's trim() removes plain spaces only).
 */
function jsTrimSql(column: string): string {
  return `regexp_replace(${column}, '^[\\s\\x{00a0}]+|[\\s\\x{00a0}]+$', '', 'g')`;
}

/** Twin of statusKey() in src/reference/status-codes.ts: NBSP as a space, trimmed, upper case, runs of spaces as one. */
export function statusKeySql(column: string): string {
  const text = `replace(${column}, chr(160), ' ')`;
  // The regular expression only where a run of spaces needs collapsing: it is the costly part per row.
  return `upper(CASE WHEN contains(${text}, '  ') OR contains(${text}, chr(9)) OR contains(${text}, chr(10)) OR contains(${text}, chr(13)) THEN regexp_replace(${jsTrimSql(text)}, '\\s+', ' ', 'g') ELSE trim(${text}) END)`;
}

/**
 * Twin of criminalityCategory() in src/domain/criminality.ts (ICE's three categories); `unknown` when
 * nothing is published, `unclassified` for a value no category names. The three published spellings
 * are told apart without a regular expression: they are nearly every row.
 */
export function criminalitySql(column: string): string {
  const text = `lower(${jsTrimSql(column)})`;
  return `CASE WHEN ${column} IS NULL THEN 'unknown'
    WHEN ${column} = '1 Convicted Criminal' THEN 'convicted'
    WHEN ${column} = '2 Pending Criminal Charges' THEN 'pending_charges'
    WHEN ${column} = '3 Other Immigration Violator' THEN 'other_immigration_violator'
    WHEN regexp_matches(${text}, '^1\\b|^convicted') THEN 'convicted'
    WHEN regexp_matches(${text}, '^2\\b|^pending') THEN 'pending_charges'
    WHEN regexp_matches(${text}, '^3\\b|^other immigration') THEN 'other_immigration_violator'
    WHEN ${text} = '' THEN 'unknown'
    ELSE 'unclassified' END`;
}

/** Twin of artsCriminality() in src/domain/criminality.ts; `unknown` when blank, `unclassified` otherwise. */
export function artsCriminalitySql(column: string): string {
  const t = `regexp_replace(lower(${jsTrimSql(column)}), '[\\s\\x{00a0}_]+', '-', 'g')`;
  return `CASE WHEN ${column} IS NULL THEN 'unknown'
    WHEN ${t} IN ('c', 'criminal') THEN 'criminal'
    WHEN ${t} IN ('n', 'nc', 'non-criminal', 'noncriminal') THEN 'non_criminal'
    WHEN ${t} = '' THEN 'unknown'
    ELSE 'unclassified' END`;
}

/**
 * A third-country removal: the country a person was sent to differs from their citizenship. Compared
 * as published (upper case, trimmed); `unknown` when either is blank or redacted.
 */
export function thirdCountrySql(departure: string, citizenship: string): string {
  return `CASE WHEN ${departure} IS NULL OR ${citizenship} IS NULL THEN 'unknown'
    WHEN upper(trim(${departure})) = upper(trim(${citizenship})) THEN 'no' ELSE 'yes' END`;
}
