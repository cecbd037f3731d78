/**
 * The official statistics as read from the publishers' files: plain records, no I/O. Every figure
 * carries the file, sheet and A1 range it came from, so a reader can open the workbook and find it.
 */

/** One published number, in the long layout the `official_figures` table stores. */
export interface OfficialFigure {
  publisher: 'ICE';
  /** The workbook's file name, as published (no folder). */
  workbook: string;
  /** The release (vintage) date, ISO, or null when neither the file name nor the Header sheet gives one. */
  releaseDate: string | null;
  releaseDateSource: ReleaseDateSource;
  /** Fiscal year the figure belongs to (from a row or column of the table, its title, its sheet or the file name). */
  fiscalYear: number | null;
  sheet: string;
  tableTitle: string;
  /** A1 range of the whole table (title row to last row); `cell` is the figure's own cell. */
  tableRange: string;
  cell: string;
  /** snake_case name of what is counted, from the table title (see measures.ts). */
  measure: string;
  /** Row and column labels as published (trimmed), keyed by dimension name (see dimensions.ts). */
  dimensions: Record<string, string>;
  value: number;
  unit: FigureUnit;
  /**
   * Set on a 0 that stands for a month not yet reported: ICE prints 0 in every month after the data
   * date of a release (FY2026 workbooks of February: March to September are 0 in every row).
   */
  caveat: string | null;
}

/**
 * `people`: a count of people (book-ins, removals, currently detained …); `people_adp`: an average
 * daily population; `days`: a length of stay or time; `fraction`: a share as published (0.84 = 84%);
 * `usd`: US dollars; `count`: a count of events that are not people (placements, hearings).
 */
export type FigureUnit = 'people' | 'people_adp' | 'days' | 'fraction' | 'usd' | 'count';

/** One table found on a sheet, recognised or not. */
export interface OfficialTable {
  workbook: string;
  sheet: string;
  title: string;
  /** A1 range from the title row to the last data or note row. */
  range: string;
  recognised: boolean;
  /** Why a table is not recognised (no measure for its title, no data rows …); null when recognised. */
  reason: string | null;
  measure: string | null;
  figures: number;
  /** Notes printed under the table and the Footnotes sheet's entries that qualify it. */
  caveats: Caveat[];
  /** Footnotes-sheet terms that appear in the table (ADP, ALOS, FSC …), with ICE's definition. */
  definitions: Caveat[];
}

export interface Caveat {
  /** Where the text is: `Footnotes!B52` or the note's own cell under the table. */
  source: string;
  /** The Footnotes sheet's label (term or topic) for that text; null for a note under a table. */
  label: string | null;
  text: string;
}

/** Where the release date comes from: see vintage.ts for the rule. */
export type ReleaseDateSource = 'file-name' | 'header-sheet' | null;

export interface Vintage {
  fiscalYear: number | null;
  releaseDate: string | null;
  releaseDateSource: ReleaseDateSource;
  /** The data pull date the Facilities sheet names ("Data Source: ICE Integrated Decision Support (IIDS), 09/30/2023"). */
  dataPullDate: string | null;
  dataPullSource: string | null;
}

export interface SheetVisit {
  sheet: string;
  /** What the reader did with it: tables, facility list, footnotes, or a header page with no tables. */
  kind: 'tables' | 'facilities' | 'footnotes' | 'header';
  rows: number;
  tables: number;
}
