/**
 * The records rules as SQL, for the views: each is the SQL twin of a TypeScript rule in src/domain/
 * or src/reference/, and test/records-rules-sql.test.ts runs one table of cases through both, so the
 * two cannot drift apart.
 */

/** U.S. federal fiscal year (Oct–Sep, named for the year it ends), as SQL; twin of fiscalYearOf in src/domain/dates.ts. */
export function fiscalYearSql(dateColumn: string): string {
  return `('FY' || CAST(year(${dateColumn}) + CASE WHEN month(${dateColumn}) >= 10 THEN 1 ELSE 0 END AS VARCHAR))`;
}

/** Mirrors statusKey() in src/reference/status-codes.ts: trimmed, upper case, inner spaces collapsed. */
export function statusKeySql(column: string): string {
  // The regular expression only where a run of spaces needs collapsing: it is the costly part per row.
  return `upper(CASE WHEN contains(${column}, '  ') OR contains(${column}, chr(9)) THEN regexp_replace(trim(${column}), '\\s+', ' ', 'g') ELSE trim(${column}) END)`;
}

/** Mirrors criminalityCategory() in src/domain/criminality.ts (ICE's three categories). */
export function criminalitySql(column: string): string {
  return `CASE WHEN ${column} IS NULL THEN 'unknown'
    WHEN ${column} = '1' OR starts_with(${column}, '1 ') OR lower(${column}) LIKE 'convicted%' THEN 'convicted'
    WHEN ${column} = '2' OR starts_with(${column}, '2 ') OR lower(${column}) LIKE 'pending%' THEN 'pending_charges'
    WHEN ${column} = '3' OR starts_with(${column}, '3 ') OR lower(${column}) LIKE 'other immigration%' THEN 'other_immigration_violator'
    ELSE 'unclassified' END`;
}

/** Mirrors artsCriminality() in src/domain/criminality.ts. */
export function artsCriminalitySql(column: string): string {
  const t = `regexp_replace(lower(trim(${column})), '[\\s_]+', '-', 'g')`;
  return `CASE WHEN ${column} IS NULL THEN 'unknown'
    WHEN ${t} IN ('c', 'criminal') THEN 'criminal'
    WHEN ${t} IN ('n', 'nc', 'non-criminal', 'noncriminal') THEN 'non_criminal'
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
