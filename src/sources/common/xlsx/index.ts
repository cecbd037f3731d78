/**
 * XLSX for every source that receives spreadsheets (ICE FOIA releases above all): a streaming
 * reader (rows as strings, dates as ISO; or, for bulk loads, the stage CSV as bytes: sheet-csv.ts) and
 * a streaming writer for synthetic data and benchmarks.
 * Only this folder knows the XLSX format; fflate is used nowhere else for it.
 */
export { openWorkbook, readWorkbookHead, Workbook, type SheetInfo } from './workbook.ts';
export type { SheetRow } from './sheet-scanner.ts';
export { writeXlsx, type XlsxCell, type XlsxSheetInput, type WriteXlsxOptions, type WriteXlsxResult } from './writer.ts';
export { listZipEntries, XlsxError } from './zip.ts';
export type { CsvPiece, SheetCsvOptions } from './sheet-csv.ts';
