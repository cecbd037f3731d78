/**
 * Criminal history from ICE's "Most Serious Conviction" (MSC) field, which holds an NCIC offence
 * description. Reporters are misled when immigration offences (illegal entry, 8 U.S.C. 1325; illegal
 * re-entry, 8 U.S.C. 1326) are counted together with other crimes, so they get categories of their own.
 *
 * The categories are deliberately coarse and each rule is a plain pattern listed here, so that anyone
 * can see why a conviction text fell where it did. A text no rule matches is `other_criminal`.
 */
export type ConvictionCategory =
  | 'none'
  | 'illegal_entry_reentry'
  | 'other_immigration'
  | 'traffic'
  | 'dui'
  | 'drug'
  | 'violent'
  | 'property_fraud'
  | 'other_criminal';

interface ConvictionRule {
  category: ConvictionCategory;
  pattern: RegExp;
  why: string;
}

/** First match wins; order matters (e.g. "Burglary - Forced Entry" must not read as illegal entry). */
export const CONVICTION_RULES: readonly ConvictionRule[] = [
  { category: 'illegal_entry_reentry', pattern: /\b(illegal|unlawful)\s+(re-?\s?entry|entry)\b|\bre-?entry\s+(of\s+)?(deported|removed)|\b8\s*USC\s*13(25|26)\b/i,
    why: 'entering or re-entering without inspection (8 U.S.C. 1325/1326): an immigration offence' },
  { category: 'other_immigration', pattern: /\bimmigration\b|\bsmuggling aliens\b|\balien smuggling\b|\bharbor(ing)? alien/i,
    why: 'an offence under the immigration laws other than entry (document fraud, alien smuggling)' },
  { category: 'dui', pattern: /\bdriving under influence\b|\bDUI\b|\bDWI\b/i, why: 'driving under the influence' },
  { category: 'traffic', pattern: /\btraffic\b|\bhit and run\b|\bdriving\b|\blicense\b|\bspeeding\b/i, why: 'a traffic offence' },
  { category: 'drug', pattern: /\b(drug|narcotic|marijuana|cocaine|heroin|amphetamine|opium|hallucinogen|dangerous drugs|synthetic narcotic)/i,
    why: 'a drug offence (NCIC 35xx)' },
  { category: 'violent', pattern: /\b(assault|homicide|murder|manslaughter|robbery|rape|sex|sodomy|kidnap|weapon|battery|molestation|domestic violence|threat|intimidation|cruelty)/i,
    why: 'an offence against a person or involving a weapon' },
  { category: 'property_fraud', pattern: /\b(burglary|larceny|theft|stolen|fraud|forgery|shoplifting|embezzle|vandal|damage property|arson|counterfeit|robbery)/i,
    why: 'a property or fraud offence' },
];

/** `null` means the field was redacted or absent, which is not the same as "no conviction". */
export function classifyConviction(mostSeriousConviction: string | null): { category: ConvictionCategory; why: string } {
  if (mostSeriousConviction == null || mostSeriousConviction.trim() === '') {
    return { category: 'none', why: 'no Most Serious Conviction recorded' };
  }
  for (const rule of CONVICTION_RULES) if (rule.pattern.test(mostSeriousConviction)) return { category: rule.category, why: rule.why };
  return { category: 'other_criminal', why: 'a conviction that matches none of the listed categories' };
}
