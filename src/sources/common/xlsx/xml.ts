/**
 * The little XML this reader needs, by hand: entity decoding, attributes of one tag, and the text of
 * a (possibly rich) string item. No DOM and no XML library: the parts of an XLSX package are
 * machine-written with a narrow vocabulary, and indexOf over the text is what makes reading fast.
 */

const NAMED: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };
const ENTITY = /&(#x[0-9a-fA-F]+|#[0-9]+|[a-zA-Z]+);/g;
/**
 * ECMA-376 Part 1 §22.9.2.19 (ST_Xstring): characters XML 1.0 cannot carry (control characters)
 * are written as `_xHHHH_`, and a literal `_x` that would look like an escape as `_x005F_x…`.
 */
const XSTRING_ESCAPE = /_x([0-9a-fA-F]{4})_/g;

function decodeEntity(whole: string, body: string): string {
  if (body.charCodeAt(0) === 35 /* # */) {
    const code = body.charCodeAt(1) === 120 /* x */ ? parseInt(body.slice(2), 16) : parseInt(body.slice(1), 10);
    return code >= 0 && code <= 0x10ffff ? String.fromCodePoint(code) : whole;
  }
  return NAMED[body] ?? whole;
}

/** Entities only: attribute values and numbers. */
export function decodeXml(text: string): string {
  return text.indexOf('&') === -1 ? text : text.replace(ENTITY, decodeEntity);
}

/** Cell and shared-string text: entities, then Excel's `_xHHHH_` escapes, in the order Excel applies them. */
export function decodeXmlText(text: string): string {
  if (text.indexOf('&') !== -1) text = text.replace(ENTITY, decodeEntity);
  if (text.indexOf('_x') !== -1) text = text.replace(XSTRING_ESCAPE, (_, hex: string) => String.fromCharCode(parseInt(hex, 16)));
  return text;
}

/**
 * A copy of `text` that does not keep alive the chunk it was cut from. V8 represents a slice of 13
 * or more characters as a view into its parent string, so a shared-string table (or a consumer
 * that keeps rows) built of such views would hold every decoded chunk, markup included; measured
 * here, 300 kept 20-character slices of 1 MB strings held 303 MB, their copies 4 MB. Prepending a
 * character makes a rope, and slicing a rope first flattens it into a fresh, small string.
 */
export function ownString(text: string): string {
  return text.length < 13 ? text : (' ' + text).slice(1);
}

/** Attributes of the tag that starts at `start` (the `<`) and ends at `end` (the `>`), prefixes dropped. */
export function tagAttributes(xml: string, start: number, end: number): Record<string, string> {
  const attrs: Record<string, string> = {};
  const re = /([^\s=/<>]+)\s*=\s*("([^"]*)"|'([^']*)')/g;
  const tag = xml.slice(start, end);
  for (let m = re.exec(tag); m; m = re.exec(tag)) {
    const name = m[1];
    const local = name.slice(name.indexOf(':') + 1);
    const value = decodeXml(m[3] ?? m[4]);
    attrs[name] = value;
    if (!(local in attrs)) attrs[local] = value;
  }
  return attrs;
}

export interface Tag {
  attrs: Record<string, string>;
  /** Index of the `<`. */
  start: number;
  /** Index just past the start tag's `>`. */
  contentStart: number;
  selfClosing: boolean;
}

/** Every start tag with this local name (any namespace prefix), in document order. For the small parts only. */
export function findTags(xml: string, localName: string, from = 0, to = xml.length): Tag[] {
  const tags: Tag[] = [];
  const re = new RegExp(`<(?:[A-Za-z_][\\w.-]*:)?${localName}(?=[\\s/>])`, 'g');
  re.lastIndex = from;
  for (let m = re.exec(xml); m && m.index < to; m = re.exec(xml)) {
    const gt = xml.indexOf('>', m.index);
    if (gt < 0) break;
    tags.push({ attrs: tagAttributes(xml, m.index + m[0].length, gt), start: m.index, contentStart: gt + 1, selfClosing: xml.charCodeAt(gt - 1) === 47 });
  }
  return tags;
}

/** Where the element named `qualifiedName` closes, searching from `from`; -1 when it does not. */
export function closeTag(xml: string, qualifiedName: string, from: number): number {
  return xml.indexOf(`</${qualifiedName}>`, from);
}

/** Tag strings for one namespace prefix (`''` or `'x:'`): some generators (the OpenXML SDK) prefix every element. */
export interface RichTextTags { t: string; tClose: string; rPh: string; rPhClose: string }

export function richTextTags(prefix: string): RichTextTags {
  return { t: `<${prefix}t`, tClose: `</${prefix}t>`, rPh: `<${prefix}rPh`, rPhClose: `</${prefix}rPh>` };
}

/**
 * The text of a string item (`<si>` or `<is>` content between `start` and `end`): plain `<t>` or the
 * runs of rich text concatenated. Phonetic guides (`<rPh>`, Japanese furigana) are not part of the
 * value and are skipped, as Excel does when it shows the cell.
 */
export function richText(xml: string, start: number, end: number, tags: RichTextTags): string {
  // A walk from tag to tag inside the item: every search stops within it, since the item's own
  // closing tag is a '<' at `end`. (Searching ahead for `<rPh` instead would scan the rest of the
  // chunk once per item when there is none, quadratic in the chunk.)
  let out = '';
  let pos = start;
  const tLength = tags.t.length;
  while (pos < end) {
    const lt = xml.indexOf('<', pos);
    if (lt < 0 || lt >= end) break;
    if (xml.startsWith(tags.t, lt) && isNameEnd(xml.charCodeAt(lt + tLength))) {
      const gt = xml.indexOf('>', lt);
      if (xml.charCodeAt(gt - 1) === 47) { pos = gt + 1; continue; } // <t/>
      const close = xml.indexOf(tags.tClose, gt);
      if (close < 0 || close > end) break;
      out += xml.slice(gt + 1, close);
      pos = close + tags.tClose.length;
    } else if (xml.startsWith(tags.rPh, lt) && isNameEnd(xml.charCodeAt(lt + tags.rPh.length))) {
      const gt = xml.indexOf('>', lt);
      if (xml.charCodeAt(gt - 1) === 47) { pos = gt + 1; continue; }
      const close = xml.indexOf(tags.rPhClose, gt);
      pos = close < 0 || close > end ? end : close + tags.rPhClose.length;
    } else pos = lt + 1;
  }
  return decodeXmlText(out);
}

/** After an element name: whitespace, '>' or '/' (so `<t` does not match `<tab…>`). */
function isNameEnd(ch: number): boolean {
  return ch === 62 || ch === 32 || ch === 47 || ch === 9 || ch === 10 || ch === 13;
}
