/** Colours of chart series. Tableau 10: distinguishable, print-safe, no colour implies a judgement. */
export const PALETTE = ['#4e79a7', '#f28e2b', '#59a14f', '#e15759', '#76b7b2', '#edc948', '#b07aa1', '#ff9da7', '#9c755f', '#bab0ac', '#86bcb6', '#d4a6c8'];

export interface ChartSeries { name: string; values: (number | null)[] }

/** Values that mean "no answer" are drawn grey, so they never read as a category of their own. */
const NO_ANSWER = /^(unknown|not recorded|unclassified|other \(\d+\)|none)$/i;
const GREYS = ['#bab0ac', '#9d9590', '#d3cdca', '#847c78'];
const COLOURS = PALETTE.filter((c) => !GREYS.includes(c));

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
    const key = `${scope}\u0000${name}`;
    let colour = assigned.get(key);
    if (!colour) {
      const next = used.get(scope) ?? 0;
      colour = COLOURS[next % COLOURS.length];
      used.set(scope, next + 1);
      assigned.set(key, colour);
    }
    return colour;
  });
}
