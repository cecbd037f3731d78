/**
 * The typed vocabulary of the policy timeline's `effect` column (src/reference/policy-timeline.csv).
 *
 * An effect is `type{key=value; key=value}`; a row with several effects joins them with ` + `
 * (`er_designation{…} + rescission{target=ER-2022-RESCIND}`). A list value separates items with `|`.
 * Every type, key and value is declared here, so a typo in the table is an error naming the row, and
 * adding a ruling or a policy is a data change: only a new *kind* of effect needs code.
 * docs/rules.md explains each type with the notices and rulings that use it.
 */
import { isIsoDate } from '../domain/dates.ts';

export type ValueSpec =
  | { kind: 'enum'; values: readonly string[] }
  | { kind: 'list'; of: ValueSpec }
  | { kind: 'int' }
  /** A whole number, or `none` for "no limit". */
  | { kind: 'int_or_none' }
  /** The id of another row of the timeline. */
  | { kind: 'row' }
  /** The name of an effect type declared here. */
  | { kind: 'effect_type' }
  /** A short token: letters, digits, `_ . - +`. */
  | { kind: 'token' }
  /** `YYYY-MM-DD`. */
  | { kind: 'date' }
  /** Clock time with UTC offset, `HH:MM-05:00`. */
  | { kind: 'time' };

export interface KeySpec {
  value: ValueSpec;
  required?: boolean;
  description: string;
}

export interface EffectTypeSpec {
  description: string;
  keys: Record<string, KeySpec>;
}

const token: ValueSpec = { kind: 'token' };
const tokens: ValueSpec = { kind: 'list', of: token };
const enumOf = (...values: string[]): ValueSpec => ({ kind: 'enum', values });

/** Court actions that suspend the target while the order itself is operative. */
export const BLOCKING_ACTIONS = ['enjoined', 'stayed', 'vacated', 'reversed', 'struck_down'] as const;
/** Court actions recorded for the history they tell, without changing what is operative. */
export const RECORDING_ACTIONS = ['stay_denied', 'affirmed', 'clarified', 'narrowed', 'certiorari_granted', 'rehearing_granted'] as const;
/** Scopes of relief that cover only some people: such an order is listed as a partial block, never as a full one. */
export const PARTIAL_SCOPES = ['class', 'plaintiffs', 'plaintiff_states', 'district'] as const;

export const ER_POPULATIONS = ['arriving_at_port_of_entry', 'sea_arrivals', 'land_border_entrants', 'entrants_not_admitted_or_paroled'] as const;
export type ErPopulation = (typeof ER_POPULATIONS)[number];
export const ER_GEOGRAPHIES = ['port_of_entry', 'within_100_air_miles_of_land_border', 'nationwide'] as const;
export type ErGeography = (typeof ER_GEOGRAPHIES)[number];

export const EFFECT_TYPES: Record<string, EffectTypeSpec> = {
  er_designation: {
    description: 'Who may be placed in expedited removal (INA 235(b)(1)): a designation by the Attorney General/Secretary, or the statutory class of arriving aliens',
    keys: {
      population: { value: enumOf(...ER_POPULATIONS), required: true, description: 'who the designation covers' },
      geography: { value: enumOf(...ER_GEOGRAPHIES), required: true, description: 'where the person must be encountered' },
      presence_limit_days: { value: { kind: 'int_or_none' }, required: true, description: 'longest continuous presence the person may have shown (14 = two weeks, 730 = two years); none at a port of entry' },
      requires: { value: { kind: 'list', of: enumOf('not_admitted_or_paroled') }, description: 'conditions on the person' },
      grounds: { value: tokens, description: 'grounds of inadmissibility (INA 212(a)(6)(C), 212(a)(7))' },
      exceptions: { value: { kind: 'list', of: enumOf('credible_fear_claim', 'status_claim') }, description: 'claims that take a person out of summary removal (credible-fear interview; review of a claimed status)' },
      effective_time: { value: { kind: 'time' }, description: 'time of day the designation took effect on its start date' },
    },
  },
  er_application: {
    description: 'A directive permitting expedited removal of a group previously outside it in practice (e.g. by terminating parole or dismissing INA 240 proceedings)',
    keys: { population: { value: enumOf('parolees', 'pending_240_cases'), required: true, description: 'the group' } },
  },
  rescission: {
    description: 'This act rescinds an earlier one (the earlier row keeps its own end date)',
    keys: { target: { value: { kind: 'row' }, required: true, description: 'the rescinded row' } },
  },
  court_order: {
    description: 'A court action on another row: a blocking action suspends the target while this order is operative; a recording action changes nothing',
    keys: {
      target: { value: { kind: 'row' }, required: true, description: 'the act or order the court acted on' },
      action: { value: enumOf(...BLOCKING_ACTIONS, ...RECORDING_ACTIONS), required: true, description: 'what the court did' },
      effects: { value: { kind: 'list', of: { kind: 'effect_type' } }, description: 'which effect types of the underlying act the order covers (default: all)' },
      of_population: { value: token, description: "only the target's effects whose `population` is this (e.g. the parolee part of a directive)" },
      population: { value: token, description: 'the only people the order covers (a partial block)' },
      scope: { value: enumOf('universal', ...PARTIAL_SCOPES), description: 'reach of the relief' },
      delay_days: { value: { kind: 'int' }, description: 'days after the start date before the order took effect' },
    },
  },
  court_requirement: {
    description: 'A procedure a court required of the government',
    keys: {
      topic: { value: enumOf('third_country_removal', 'alien_enemies_act', 'universal_injunctions'), required: true, description: 'what the requirement is about' },
      requires: { value: tokens, required: true, description: 'the required steps' },
      scope: { value: enumOf('universal', ...PARTIAL_SCOPES), description: 'who may invoke it' },
      delay_days: { value: { kind: 'int' }, description: 'days after the start date before the requirement took effect' },
    },
  },
  asylum_bar: {
    description: 'A bar on access to asylum',
    keys: { population: { value: token, required: true, description: 'who is barred' }, basis: { value: tokens, description: 'legal basis cited' } },
  },
  entry_suspension: {
    description: 'Entry suspended by proclamation',
    keys: { border: { value: enumOf('southern'), required: true, description: 'where' }, basis: { value: tokens, description: 'legal basis cited' } },
  },
  protection_screening_restricted: {
    description: 'Access to withholding of removal and/or Convention Against Torture screening restricted',
    keys: { protections: { value: { kind: 'list', of: enumOf('withholding', 'cat') }, required: true, description: 'which protections' } },
  },
  removal_outside_ina: {
    description: 'Removal ("repatriation") directed outside the procedures of the Immigration and Nationality Act',
    keys: { basis: { value: token, required: true, description: 'the instrument' } },
  },
  third_country_removal_policy: {
    description: 'An agency procedure for removing people to a country other than their own',
    keys: { procedure: { value: token, required: true, description: 'the instrument' }, elements: { value: tokens, description: 'its reported elements' } },
  },
  removal_authority: {
    description: 'A removal authority outside the usual INA pathways',
    keys: {
      authority: { value: enumOf('alien_enemies_act'), required: true, description: 'the statute' },
      targets: { value: token, required: true, description: 'who it names' },
      ij_hearing: { value: enumOf('yes', 'no'), required: true, description: 'whether an immigration judge hears the case' },
    },
  },
  directive: {
    description: 'An executive directive to agencies, recorded for what it directs (its implementation has its own rows)',
    keys: { subjects: { value: tokens, required: true, description: 'what is directed' } },
  },
  birthright_citizenship_order: {
    description: 'An order on citizenship at birth',
    keys: { births_after: { value: { kind: 'date' }, required: true, description: 'births it would cover' } },
  },
  mandatory_detention: {
    description: 'A statutory detention mandate',
    keys: {
      grounds: { value: tokens, required: true, description: 'grounds of inadmissibility' },
      triggers: { value: tokens, required: true, description: 'what triggers it' },
      offences: { value: tokens, required: true, description: 'offences named' },
    },
  },
  detention_site: {
    description: 'A detention site opened or expanded',
    keys: { site: { value: token, required: true, description: 'the site' }, capacity_claimed: { value: { kind: 'int' }, description: 'capacity as claimed by officials (not verified)' } },
  },
  detention_transfer: {
    description: 'A transfer of detained people to a site',
    keys: {
      site: { value: token, required: true, description: 'destination' },
      people: { value: { kind: 'int' }, required: true, description: 'number reported' },
      aircraft: { value: token, description: 'aircraft type' },
      origin: { value: token, description: 'where the flight left from' },
    },
  },
  national_emergency: {
    description: 'A declared national emergency and the authorities it invokes',
    keys: { area: { value: token, required: true, description: 'where' }, authorities: { value: tokens, description: 'statutes invoked' } },
  },
  troop_deployment: {
    description: 'Troops ordered or positioned',
    keys: {
      area: { value: token, required: true, description: 'where' },
      component: { value: enumOf('active_duty', 'national_guard', 'active_duty_and_national_guard'), required: true, description: 'which forces' },
      added: { value: { kind: 'int' }, description: 'troops added by this order' },
      total_approx: { value: { kind: 'int' }, description: 'approximate total reported after it' },
    },
  },
  military_command: {
    description: 'A military command assuming a mission',
    keys: { name: { value: token, required: true, description: 'the command' }, area: { value: token, required: true, description: 'where' }, replaces: { value: token, description: 'the previous command' } },
  },
  military_jurisdiction: {
    description: 'Military jurisdiction over land authorized',
    keys: { area: { value: token, required: true, description: 'where' } },
  },
  national_defense_area: {
    description: 'A National Defense Area: border land placed under a military installation',
    keys: {
      state: { value: enumOf('NM', 'TX', 'AZ', 'CA'), required: true, description: 'U.S. state' },
      miles: { value: { kind: 'int' }, required: true, description: 'approximate length along the border' },
      installation: { value: token, required: true, description: 'installation it is attached to' },
      military_detention: { value: enumOf('temporary'), description: 'whether troops may detain' },
      charges: { value: tokens, description: 'criminal statutes used for entry into the area' },
    },
  },
  removal_flights_refused: {
    description: 'A government refusing removal flights',
    keys: { country: { value: token, required: true, description: 'ISO country code' }, flights: { value: { kind: 'int' }, required: true, description: 'flights refused' } },
  },
  statement: {
    description: 'An official statement or statistic with no legal effect; its figures are in src/reference/claims.csv',
    keys: { subjects: { value: tokens, required: true, description: 'what it is about' } },
  },
};

export type EffectValue = string | number | null | string[];

export interface Effect {
  type: string;
  params: Record<string, EffectValue>;
}

/** A problem with one effect, to be placed on its row by the timeline loader. */
export interface EffectProblem {
  problem: string;
  value: string;
}

/** `a{x=1} + b{y=2}` → items, splitting on `+` outside braces only. */
function splitTopLevel(text: string): string[] | null {
  const items: string[] = [];
  let depth = 0;
  let current = '';
  for (const ch of text) {
    if (ch === '{') depth++;
    if (ch === '}') depth--;
    if (depth < 0) return null;
    if (ch === '+' && depth === 0) { items.push(current.trim()); current = ''; } else current += ch;
  }
  if (depth !== 0) return null;
  items.push(current.trim());
  return items;
}

/**
 * Parse one `effect` cell. Row references (`target=`) are checked by the caller, which knows the rows;
 * everything else is checked here against EFFECT_TYPES.
 */
export function parseEffects(cell: string): { effects: Effect[]; problems: EffectProblem[] } {
  const effects: Effect[] = [];
  const problems: EffectProblem[] = [];
  if (cell.trim() === '') return { effects, problems: [{ problem: 'effect is empty; use statement{subjects=…} for a row with no legal effect', value: cell }] };
  const items = splitTopLevel(cell);
  if (!items) return { effects, problems: [{ problem: 'unbalanced braces in effect', value: cell }] };
  for (const item of items) {
    const m = /^([a-z_][a-z0-9_]*)\{(.*)\}$/s.exec(item);
    if (!m) { problems.push({ problem: 'an effect must look like type{key=value; key=value}', value: item }); continue; }
    const [, type, body] = m;
    const spec = EFFECT_TYPES[type];
    if (!spec) { problems.push({ problem: `unknown effect type "${type}" (known: ${Object.keys(EFFECT_TYPES).join(', ')})`, value: item }); continue; }
    const params: Record<string, EffectValue> = {};
    for (const part of body.split(';').map((p) => p.trim()).filter((p) => p !== '')) {
      const eq = part.indexOf('=');
      if (eq <= 0) { problems.push({ problem: `${type}: "${part}" is not key=value`, value: item }); continue; }
      const key = part.slice(0, eq).trim();
      const raw = part.slice(eq + 1).trim();
      const keySpec = spec.keys[key];
      if (!keySpec) { problems.push({ problem: `${type}: unknown key "${key}" (known: ${Object.keys(spec.keys).join(', ')})`, value: item }); continue; }
      if (key in params) { problems.push({ problem: `${type}: key "${key}" given twice`, value: item }); continue; }
      const parsed = parseValue(keySpec.value, raw);
      if ('problem' in parsed) problems.push({ problem: `${type}.${key}: ${parsed.problem}`, value: item });
      else params[key] = parsed.value;
    }
    for (const [key, keySpec] of Object.entries(spec.keys)) {
      if (keySpec.required && !(key in params)) problems.push({ problem: `${type}: missing required key "${key}" (${keySpec.description})`, value: item });
    }
    effects.push({ type, params });
  }
  return { effects, problems };
}

function parseValue(spec: ValueSpec, raw: string): { value: EffectValue } | { problem: string } {
  if (raw === '') return { problem: 'empty value' };
  switch (spec.kind) {
    case 'enum':
      return spec.values.includes(raw) ? { value: raw } : { problem: `"${raw}" is not one of ${spec.values.join(', ')}` };
    case 'list': {
      const values: string[] = [];
      for (const item of raw.split('|').map((s) => s.trim())) {
        const one = parseValue(spec.of, item);
        if ('problem' in one) return one;
        values.push(String(one.value));
      }
      return { value: values };
    }
    case 'int':
      return /^\d+$/.test(raw) ? { value: Number(raw) } : { problem: `"${raw}" is not a whole number` };
    case 'int_or_none':
      if (raw === 'none') return { value: null };
      return /^\d+$/.test(raw) ? { value: Number(raw) } : { problem: `"${raw}" is not a whole number or none` };
    case 'row':
      return /^[A-Z0-9][A-Za-z0-9-]*$/.test(raw) ? { value: raw } : { problem: `"${raw}" is not a row id` };
    case 'effect_type':
      return raw in EFFECT_TYPES ? { value: raw } : { problem: `"${raw}" is not an effect type` };
    case 'token':
      return /^[A-Za-z0-9_.+\-]+$/.test(raw) ? { value: raw } : { problem: `"${raw}" may hold only letters, digits and _ . - +` };
    case 'date':
      return isIsoDate(raw) ? { value: raw } : { problem: `"${raw}" is not a YYYY-MM-DD calendar date` };
    case 'time':
      return /^([01]\d|2[0-3]):[0-5]\d[+-]\d{2}:\d{2}$/.test(raw) ? { value: raw } : { problem: `"${raw}" is not a time like 18:00-05:00` };
  }
}

export function param(effect: Effect, key: string): string | null {
  const v = effect.params[key];
  return typeof v === 'string' ? v : null;
}

export function paramList(effect: Effect, key: string): string[] | null {
  const v = effect.params[key];
  return Array.isArray(v) ? v : null;
}

export function paramNumber(effect: Effect, key: string): number | null {
  const v = effect.params[key];
  return typeof v === 'number' ? v : null;
}
