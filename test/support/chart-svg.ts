/**
 * Reads what a chart's SVG draws, for assertions on its content rather than its pixels: each
 * text with where it stands, and each bar segment (ECharts marks it with its series and data
 * index) with its box.
 */
export interface DrawnText {
  text: string;
  x: number;
  y: number;
  bold: boolean;
  anchor: string;
}

export interface DrawnBar {
  series: number;
  index: number;
  left: number;
  right: number;
  top: number;
  bottom: number;
}

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };
const unescape = (text: string) => text.replace(/&(amp|lt|gt|quot|apos|#\d+|#x[0-9a-f]+);/gi, (_, e: string) => ENTITIES[e] ?? String.fromCodePoint(e.startsWith('#x') ? parseInt(e.slice(2), 16) : Number(e.slice(1))));
/** Direction marks and isolates are how a text is laid out, not what it says. */
const plain = (text: string) => text.replace(/[\u200E\u200F\u2066-\u2069]/g, '');

const attribute = (attributes: string, name: string) => new RegExp(`\\s${name}="([^"]*)"`).exec(attributes)?.[1];

export function drawnTexts(svg: string): DrawnText[] {
  return [...svg.matchAll(/<text([^>]*)>([^<]*)<\/text>/g)].map(([, attributes = '', content = '']) => {
    const [tx, ty] = (/translate\(([-\d.]+)[ ,]([-\d.]+)\)/.exec(attributes) ?? [, '0', '0']).slice(1).map(Number) as [number, number];
    return {
      text: plain(unescape(content)),
      x: tx + Number(attribute(attributes, 'x') ?? 0),
      y: ty + Number(attribute(attributes, 'y') ?? 0),
      bold: /font-weight:\s*(bold|[6-9]00)/.test(attributes),
      anchor: attribute(attributes, 'text-anchor') ?? 'start',
    };
  });
}

/** Each segment's box; a path drawn twice (its colour, then its pattern) is one segment. */
export function drawnBars(svg: string): DrawnBar[] {
  const bars = new Map<string, DrawnBar>();
  // Only the chart's own shapes: a legend's icons carry the same marks, drawn elsewhere.
  for (const [, attributes = ''] of svg.matchAll(/<path([^>]*ecmeta_ssr_type="chart"[^>]*)>/g)) {
    const series = Number(attribute(attributes, 'ecmeta_series_index'));
    const index = Number(attribute(attributes, 'ecmeta_data_index'));
    const numbers = (attribute(attributes, 'd') ?? '').match(/-?\d+(?:\.\d+)?/g)?.map(Number) ?? [];
    // M x y, then relative lines (l dx dy) around the box.
    let [x, y] = numbers as [number, number];
    const points: Array<[number, number]> = [[x, y]];
    for (let i = 2; i + 1 < numbers.length; i += 2) {
      x += numbers[i] as number;
      y += numbers[i + 1] as number;
      points.push([x, y]);
    }
    const box = { left: Math.min(...points.map((p) => p[0])), right: Math.max(...points.map((p) => p[0])), top: Math.min(...points.map((p) => p[1])), bottom: Math.max(...points.map((p) => p[1])) };
    const key = `${series}:${index}`;
    const known = bars.get(key);
    bars.set(key, known ? { ...known, left: Math.min(known.left, box.left), right: Math.max(known.right, box.right), top: Math.min(known.top, box.top), bottom: Math.max(known.bottom, box.bottom) } : { series, index, ...box });
  }
  return [...bars.values()];
}

/** The numbers drawn in bold: the total of each bar. */
export const totalsDrawn = (texts: DrawnText[]) => texts.filter((t) => t.bold && /^[\d\u0660-\u0669.,\u066B\u066C\s]+$/.test(t.text));

/** The text drawn inside a segment, if any. */
export function labelIn(texts: DrawnText[], bar: DrawnBar): DrawnText | undefined {
  return texts.find((t) => t.x > bar.left && t.x < bar.right && t.y > bar.top && t.y < bar.bottom);
}
