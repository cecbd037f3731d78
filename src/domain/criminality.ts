/**
 * Criminal history as ICE records it. DDP tables publish ICE's three categories, written
 * "1 Convicted Criminal", "2 Pending Criminal Charges", "3 Other Immigration Violator" (ICE ERO
 * definitions: a conviction on record; criminal charges pending without a conviction; neither).
 * ARTS manifests publish a two-way criminal / non-criminal flag instead.
 *
 * Official statements often say "N for criminal activity" without saying whether that means
 * convicted only or convicted + pending charges: reports show the three categories apart and name
 * the definition (CRIMINALITY_DEFINITION) so the reader can add them either way.
 */
export const CRIMINALITY = ['convicted', 'pending_charges', 'other_immigration_violator'] as const;
export type Criminality = (typeof CRIMINALITY)[number];

export const CRIMINALITY_DEFINITION =
  "ICE's three criminality categories as published: convicted = \"1 Convicted Criminal\" (a criminal conviction on record), " +
  'pending_charges = "2 Pending Criminal Charges" (charged, not convicted), other_immigration_violator = "3 Other Immigration Violator" ' +
  '(no conviction and no pending charge); unknown = blank or redacted. "Criminal" in an official claim may mean convicted only, or ' +
  'convicted + pending_charges: compare both.';

/** "1 Convicted Criminal" → convicted …; the leading digit decides, the words are checked too. */
export function criminalityCategory(raw: string | null | undefined): Criminality | null {
  if (raw == null) return null;
  const text = raw.trim().toLowerCase();
  if (/^1\b|^convicted/.test(text)) return 'convicted';
  if (/^2\b|^pending/.test(text)) return 'pending_charges';
  if (/^3\b|^other immigration/.test(text)) return 'other_immigration_violator';
  return null;
}

/** ARTS `Criminality`: criminal / non-criminal (also written C / N / NC). */
export function artsCriminality(raw: string | null | undefined): 'criminal' | 'non_criminal' | null {
  if (raw == null) return null;
  const text = raw.trim().toLowerCase().replace(/[\s_]+/g, '-');
  if (text === 'c' || text === 'criminal') return 'criminal';
  if (text === 'n' || text === 'nc' || text === 'non-criminal' || text === 'noncriminal') return 'non_criminal';
  return null;
}
