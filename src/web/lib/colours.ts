/** Colours of chart series. Tableau 10: distinguishable, print-safe, no colour implies a judgement. */
export const PALETTE = ['#4e79a7', '#f28e2b', '#59a14f', '#e15759', '#76b7b2', '#edc948', '#b07aa1', '#ff9da7', '#9c755f', '#bab0ac', '#86bcb6', '#d4a6c8'];

export interface ChartSeries { name: string; values: (number | null)[] }

/** Values that mean "no answer" are drawn grey, so they never read as a category of their own. */
const NO_ANSWER = /^(unknown|not recorded|unclassified|other \(\d+\)|none)$/i;
const GREYS = ['#bab0ac', '#9d9590', '#d3cdca', '#847c78'];
/**
 * Answers that mean the same in every dimension (yes/no, true/false) have one colour on every chart,
 * so "yes" in one panel is never drawn in the colour "no" has in the panel beside it.
 */
const FIXED: Record<string, string> = { yes: '#4e79a7', true: '#4e79a7', no: '#f28e2b', false: '#f28e2b' };
const COLOURS = PALETTE.filter((c) => !GREYS.includes(c) && !Object.values(FIXED).includes(c));

/** Each dimension starts at its own place in the palette: adjacent panels split by different dimensions do not reuse the first colours for unrelated values. */
function offsetOf(scope: string): number {
  let h = 0;
  for (const c of scope) h = (h * 31 + c.charCodeAt(0)) >>> 0;
  return scope ? h % COLOURS.length : 0;
}

/**
 * One colour per value for the whole visit: `convicted` keeps its colour in the monthly and the daily
 * chart whatever the order of the series. `scope` (the split dimension) keeps values of different
 * dimensions apart.
 */
const assigned = new Map<string, string>();
const used = new Map<string, number>();

export function seriesColors(names: string[], scope = ''): string[] {
  let grey = 0;
  return names.map((name) => {
    if (NO_ANSWER.test(name.replace(/_/g, ' '))) return GREYS[grey++ % GREYS.length];
    if (FIXED[name.toLowerCase()]) return FIXED[name.toLowerCase()];
    const key = `${scope}\u0000${name}`;
    let colour = assigned.get(key);
    if (!colour) {
      const next = used.get(scope) ?? offsetOf(scope);
      colour = COLOURS[next % COLOURS.length];
      used.set(scope, next + 1);
      assigned.set(key, colour);
    }
    return colour;
  });
}
