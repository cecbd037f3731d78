/**
 * What a table counts, from its title. ICE retitles tables between years ("Final Releases" until
 * FY2023, "Final Book Outs" since), so each measure lists the titles it answers to; a title that matches
 * none is reported as unrecognised. Where ICE changed the definition, the measures stay apart: the
 * Footnotes say "In FY2024 ICE began tracking Final Bookouts in lieu of Final Releases".
 */
import type { FigureUnit } from './types.ts';

export interface MeasureRule {
  measure: string;
  unit: FigureUnit;
  title: RegExp;
  /** Only on sheets whose name matches (the segregation sheets title their tables by month alone). */
  sheet?: RegExp;
  /** A dimension the title itself carries: the Semiannual sheet's population ("Parents of USC"). */
  titleDimension?: { name: string; pattern: RegExp };
}

const SEMIANNUAL_POPULATION = { name: 'population', pattern: /^(.*?)\s+(?:Alien\s+)?(?:Arrests|Bookins|Book-Ins|Removals)\b/i };

export const MEASURES: MeasureRule[] = [
  { measure: 'atd_court_appearances', unit: 'count', title: /Court Appearance/i },
  { measure: 'atd_active_population', unit: 'people', title: /^(ATD Active Population|Active ATD Participants)/i },
  { measure: 'days_from_fear_decision_to_release', unit: 'days', title: /Average Time from USCIS Fear Decision/i },
  { measure: 'detained_with_uscis_fear_decision', unit: 'people', title: /with USCIS-Established Fear Decisions/i },
  { measure: 'currently_detained', unit: 'people', title: /^ICE Currently Detained/i },
  { measure: 'initial_book_ins', unit: 'people', title: /^ICE Initial Book-?Ins/i },
  { measure: 'final_book_outs', unit: 'people', title: /^ICE Final Book ?-?Outs/i },
  { measure: 'final_releases', unit: 'people', title: /^ICE Final Releases/i },
  { measure: 'removals', unit: 'people', title: /^ICE Removals/i },
  { measure: 'average_daily_population', unit: 'people_adp', title: /^ICE Average Daily Population/i },
  { measure: 'average_length_of_stay', unit: 'days', title: /^ICE Average Length of Stay/i },
  { measure: 'credible_fear_parole_requested', unit: 'people', title: /Positive Credible Fear Determination Parole Requested/i },
  { measure: 'credible_fear_parole_decisions', unit: 'people', title: /Positive Credible Fear Determination Parole Status/i },
  { measure: 'in_custody_length_of_stay', unit: 'days', title: /In Custody Length of Stay/i },
  { measure: 'detainees_by_length_of_stay', unit: 'people', title: /^Detainees$/i, sheet: /ICLOS/i },
  { measure: 'arrests', unit: 'people', title: /\bArrests\b/i, sheet: /Semiannual/i, titleDimension: SEMIANNUAL_POPULATION },
  { measure: 'book_ins', unit: 'people', title: /\b(Bookins|Book-Ins)\b/i, sheet: /Semiannual/i, titleDimension: SEMIANNUAL_POPULATION },
  { measure: 'removals', unit: 'people', title: /\bRemovals\b/i, sheet: /Semiannual/i, titleDimension: SEMIANNUAL_POPULATION },
  { measure: 'monthly_bond_statistics', unit: 'people', title: /Bonded Out (Book Outs|Releases)/i },
  { measure: 'segregation_placements', unit: 'count', title: /^(January|February|March|April|May|June|July|August|September|October|November|December) \d{4}\b/i, sheet: /Segregation/i },
  { measure: 'segregation_placements', unit: 'count', title: /Quarter \d Data/i, sheet: /Vulnerable|Segregation/i },
  { measure: 'transgender_detainees', unit: 'people', title: /Transgender/i },
];

export function measureFor(title: string, sheet: string): MeasureRule | null {
  return MEASURES.find((m) => m.title.test(title) && (!m.sheet || m.sheet.test(sheet))) ?? null;
}

/**
 * Value columns that are measures of their own rather than a dimension (ICE puts a count and an
 * average side by side): a column header here changes the measure and unit of its figures.
 */
const COLUMN_MEASURES: { header: RegExp; measure?: string; suffix?: string; unit?: FigureUnit }[] = [
  // The table's own count beside an average: the table's measure, no dimension.
  { header: /^(count|number of placements|placement count)$/i },
  { header: /^(percent\b.*|%)$/i, suffix: '_share', unit: 'fraction' },
  { header: /daily tech cost/i, measure: 'atd_daily_technology_cost', unit: 'usd' },
  { header: /^ALIP$|average length in program/i, measure: 'atd_average_length_in_program', unit: 'days' },
  { header: /average number of consecutive days/i, measure: 'segregation_average_consecutive_days', unit: 'days' },
  { header: /average number of cumulative days/i, measure: 'segregation_average_cumulative_days', unit: 'days' },
];

export function columnMeasure(header: string, base: MeasureRule): { measure: string; unit: FigureUnit } | null {
  const rule = COLUMN_MEASURES.find((c) => c.header.test(header));
  if (!rule) return null;
  return { measure: rule.measure ?? `${base.measure}${rule.suffix ?? ''}`, unit: rule.unit ?? base.unit };
}

/** A row label that says its own unit (the bond table: "Bond Posted Book Outs/Releases (%)", "Average Bond Amount ($)", "ALOS (Days)"). */
export function rowUnit(label: string): FigureUnit | null {
  if (/\(%\)/.test(label)) return 'fraction';
  if (/\(\$\)/.test(label)) return 'usd';
  if (/\bALOS\b|\(days\)/i.test(label)) return 'days';
  return null;
}

/** The fiscal year a title or sheet name names: `FY2026`, `FY26`, `EOFY2024`, `Fiscal Year (FY) 2022`. Null when none or several. */
export function fiscalYearInText(text: string): number | null {
  const years = new Set<number>();
  for (const m of text.matchAll(/(?:\bFY|EOFY|EOYFY|\(FY\))\s?(\d{4}|\d{2})(?!\d)/gi)) years.add(m[1].length === 2 ? 2000 + Number(m[1]) : Number(m[1]));
  return years.size === 1 ? [...years][0] : null;
}
