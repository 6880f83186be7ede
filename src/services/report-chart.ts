import { Resvg } from '@resvg/resvg-js';
import * as echarts from 'echarts';
import { intlLocale, isRightToLeft, languageOf } from '../i18n';
import { chartFontFamily, chartFontFiles, DEFAULT_CHART_FONT, textWidth, widestLine, wrapText } from './report-fonts';

/**
 * A report's chart, drawn by Apache ECharts as SVG on the server and turned into PNG by resvg,
 * which shapes Arabic and lays it right to left. A chart explains itself: a title and the
 * period, the axes named, the categories in the reader's language, a legend beside the bars,
 * the count on each segment big enough to hold it and the total on each bar. Colours are
 * Okabe and Ito's (told apart with the common colour-vision deficiencies) and each series has
 * its own pattern too, so that a page printed in grey still tells them apart.
 */
type SeriesKey =
  | 'substantiated'
  | 'may_have_occurred'
  | 'not_substantiated'
  | 'insufficient_information'
  | 'not_assessed'
  | 'done'
  | 'approved_open'
  | 'declined'
  | 'undecided'
  | 'cases';

export interface ChartSeries {
  key: SeriesKey;
  label: string;
  /** One value per category. */
  values: number[];
}

export interface BarChart {
  /** Which chart it is; the file of every chart but a report's first is named with it. */
  id: 'months' | 'states' | 'actions' | 'committees';
  title: string;
  /** What and when: the committee and the period. */
  subtitle: string;
  /** In reading order: the first month, the State party with most cases… */
  categories: string[];
  /** The name of the category axis, when the title does not already say it. */
  categoryAxis?: string;
  valueAxis: string;
  /** Stacked, bottom (or start) first. */
  series: ChartSeries[];
  /** `columns`: categories along the horizontal axis (time); `rows`: one bar per line. */
  layout: 'columns' | 'rows';
  /** Said in place of bars when there is nothing to count. */
  empty: string;
}

export interface RenderedChart {
  chart: BarChart;
  svg: string;
  /** For a screen, a chat or a folder (Teams shows images up to 1024 pixels wide). */
  png: Buffer;
  /** Twice as fine, for the Word document and print. */
  print: Buffer;
  /** The chart's size in CSS pixels. */
  width: number;
  height: number;
}

/** Okabe–Ito colours, with a pattern for every series that a grey print would confuse with another. */
type Decal = { symbol: string; symbolSize: number; dashArrayX: number[] | number[][]; dashArrayY: number[]; rotation: number; color: string };
const lines = (rotation: number): Decal => ({ symbol: 'rect', symbolSize: 1, dashArrayX: [1, 0], dashArrayY: [2, 4], rotation, color: 'rgba(0, 0, 0, 0.45)' });
const dots: Decal = { symbol: 'circle', symbolSize: 0.9, dashArrayX: [[5, 5], [0, 5, 5, 0]], dashArrayY: [5, 0], rotation: 0, color: 'rgba(0, 0, 0, 0.5)' };
const grid: Decal = { symbol: 'rect', symbolSize: 1, dashArrayX: [[2, 4]], dashArrayY: [2, 4], rotation: 0, color: 'rgba(255, 255, 255, 0.75)' };

const SERIES_STYLE: Record<SeriesKey, { colour: string; decal?: Decal }> = {
  substantiated: { colour: '#D55E00' },
  may_have_occurred: { colour: '#E69F00', decal: lines(-Math.PI / 4) },
  not_substantiated: { colour: '#0072B2', decal: grid },
  insufficient_information: { colour: '#56B4E9', decal: dots },
  not_assessed: { colour: '#C8C8C8' },
  done: { colour: '#009E73' },
  approved_open: { colour: '#F0E442', decal: lines(-Math.PI / 4) },
  declined: { colour: '#CC79A7', decal: dots },
  undecided: { colour: '#C8C8C8' },
  cases: { colour: '#0072B2' },
};

const INK = '#222222';
const MUTED = '#555555';
const WIDTH = 800;
const LABEL_SIZE = 12;
const TITLE_SIZE = 17;
/** The widest a category's label may be (a State party, an action type) before it is broken into lines. */
const CATEGORY_TEXT = 230;
/** The widest a legend's label may be before it is broken into lines. */
const LEGEND_TEXT = 200;
/** A segment shows its count only when the number fits inside with room around it. */
const MIN_SEGMENT = LABEL_SIZE + 6;

echarts.setPlatformAPI({
  measureText(text: string, font?: string) {
    const size = Number(/(\d+(?:\.\d+)?)px/.exec(font ?? '')?.[1] ?? LABEL_SIZE);
    return { width: textWidth(text, size, /bold|[6-9]00/.test(font ?? '')) };
  },
});

/** A round top for the value axis, at most six steps, so that the drawing's scale is known before it is drawn. */
function axisTop(max: number): number {
  for (const step of [1, 2, 5, 10, 20, 25, 50, 100, 200, 250, 500, 1000, 2000, 2500, 5000, 10000, 20000, 50000]) {
    if (max <= step * 6) return Math.max(step, Math.ceil(max / step) * step);
  }
  return Math.ceil(max / 100000) * 100000;
}

function totals(chart: BarChart): number[] {
  return chart.categories.map((_, i) => chart.series.reduce((sum, s) => sum + (s.values[i] ?? 0), 0));
}

interface Frame {
  width: number;
  height: number;
  /** The plot area: where the bars are. */
  plot: { left: number; right: number; top: number; bottom: number };
  legend: number;
  categoryLabels: number;
}

/**
 * The texts as drawn: long labels broken into lines and, right to left, each line isolated as
 * right-to-left text (resvg lays every line out as if the page ran left to right), with a
 * right-to-left mark after each Latin code, so that a number after it goes with the Arabic
 * that follows ("CAT · 1 يناير", not "CAT · 1" then "يناير").
 */
function drawnTexts(chart: BarChart, rightToLeft: boolean): BarChart {
  const line = rightToLeft ? (text: string) => `\u2067${text.replace(/[A-Za-z][A-Za-z0-9]*/g, (code) => `${code}\u200F`)}\u2069` : (text: string) => text;
  return {
    ...chart,
    title: wrapText(chart.title, WIDTH - 32, TITLE_SIZE, line, true),
    subtitle: line(chart.subtitle),
    categories: chart.categories.map((c) => (chart.layout === 'rows' ? wrapText(c, CATEGORY_TEXT, LABEL_SIZE, line) : line(c))),
    ...(chart.categoryAxis ? { categoryAxis: line(chart.categoryAxis) } : {}),
    valueAxis: line(chart.valueAxis),
    series: chart.series.map((s) => ({ ...s, label: wrapText(s.label, LEGEND_TEXT, LABEL_SIZE, line) })),
    empty: line(chart.empty),
  };
}

/** Where everything goes, measured with the same widths ECharts lays text out with. */
function frame(chart: BarChart): Frame {
  const legend = chart.series.length > 1 ? Math.ceil(Math.max(...chart.series.map((s) => widestLine(s.label, LABEL_SIZE)))) + 40 : 0;
  const top = 96;
  if (chart.layout === 'columns') {
    const plot = { left: 64, right: legend + 24, top, bottom: 64 };
    return { width: WIDTH, height: 450, plot, legend, categoryLabels: 0 };
  }
  const categoryLabels = Math.ceil(Math.max(60, ...chart.categories.map((c) => widestLine(c, LABEL_SIZE))));
  // Each bar gets the height of the label with most lines.
  const lines = Math.max(1, ...chart.categories.map((c) => c.split('\n').length));
  const lineHeight = Math.max(30, lines * (LABEL_SIZE + 4) + 12);
  const height = Math.max(300, top + 56 + Math.max(1, chart.categories.length) * lineHeight);
  return { width: WIDTH, height, plot: { left: categoryLabels + 20, right: legend + 48, top, bottom: 56 }, legend, categoryLabels };
}

/** The ECharts option: everything placed left to right, mirrored where the language reads right to left. */
function chartOption(chart: BarChart, locale: string): { option: echarts.EChartsCoreOption; width: number; height: number } {
  const rightToLeft = isRightToLeft(locale);
  const fontFamily = chartFontFamily(languageOf(locale));
  const number = new Intl.NumberFormat(intlLocale(locale));
  const layout = frame(chart);
  const sums = totals(chart);
  const top = axisTop(Math.max(1, ...sums));
  const columns = chart.layout === 'columns';
  const length = columns ? layout.height - layout.plot.top - layout.plot.bottom : layout.width - layout.plot.left - layout.plot.right;
  const fits = (value: number) => (value / top) * length >= (columns ? MIN_SEGMENT : textWidth(number.format(value), LABEL_SIZE) + 8);
  const start = rightToLeft ? 'right' : 'left';
  const end = rightToLeft ? 'left' : 'right';
  const { plot } = layout;
  const grid = { top: plot.top, bottom: plot.bottom, [start]: plot.left, [end]: plot.right };
  const text = { color: INK, fontFamily: fontFamily, fontSize: LABEL_SIZE };
  // A light box behind each count keeps it legible on any colour and pattern.
  const halo = { backgroundColor: 'rgba(255, 255, 255, 0.85)', padding: [1, 3], borderRadius: 3 };
  const categoryAxis = {
    type: 'category' as const,
    data: chart.categories,
    inverse: columns ? rightToLeft : true,
    axisTick: { show: false },
    axisLine: { lineStyle: { color: MUTED } },
    axisLabel: { color: INK, fontSize: LABEL_SIZE, interval: 0, lineHeight: LABEL_SIZE + 4 },
    ...(chart.categoryAxis ? { name: chart.categoryAxis, nameLocation: 'middle' as const, nameGap: 34, nameTextStyle: { color: MUTED, fontSize: LABEL_SIZE } } : {}),
    ...(columns ? {} : { position: end === 'left' ? ('right' as const) : ('left' as const) }),
  };
  const valueAxis = {
    type: 'value' as const,
    max: top,
    min: 0,
    minInterval: 1,
    inverse: columns ? false : rightToLeft,
    name: chart.valueAxis,
    nameLocation: columns ? ('end' as const) : ('middle' as const),
    nameGap: columns ? 14 : 30,
    nameTextStyle: { color: MUTED, fontSize: LABEL_SIZE, align: columns ? (rightToLeft ? ('left' as const) : ('right' as const)) : ('center' as const) },
    axisLabel: { color: MUTED, fontSize: LABEL_SIZE - 1, formatter: (value: number) => number.format(value) },
    splitLine: { lineStyle: { color: '#e4e4e4' } },
    ...(columns ? { position: rightToLeft ? ('right' as const) : ('left' as const) } : {}),
  };
  const stacked = chart.series.map((s) => ({
    type: 'bar' as const,
    name: s.label,
    stack: 'all',
    // A zero is no segment at all (not a hairline between two others).
    data: s.values.map((value) => (value > 0 ? value : null)),
    barMaxWidth: columns ? 44 : 22,
    itemStyle: { color: SERIES_STYLE[s.key].colour, borderColor: '#ffffff', borderWidth: 0.5, ...(SERIES_STYLE[s.key].decal ? { decal: SERIES_STYLE[s.key].decal } : {}) },
    label: {
      show: chart.series.length > 1,
      position: 'inside' as const,
      ...text,
      ...halo,
      formatter: ({ value }: { value: unknown }) => (typeof value === 'number' && value > 0 && fits(value) ? number.format(value) : ''),
    },
    emphasis: { disabled: true },
  }));
  // The total of each bar, at its end: a bar of nothing on top of the stack carries it.
  const total = {
    type: 'bar' as const,
    name: '',
    stack: 'all',
    data: sums.map(() => 0),
    itemStyle: { color: 'transparent' },
    label: {
      show: true,
      position: columns ? ('top' as const) : (end as 'left' | 'right'),
      ...text,
      fontWeight: 'bold' as const,
      formatter: ({ dataIndex }: { dataIndex: number }) => ((sums[dataIndex] ?? 0) > 0 ? number.format(sums[dataIndex] ?? 0) : ''),
    },
    emphasis: { disabled: true },
  };
  const empty = sums.every((s) => s === 0);
  const option: echarts.EChartsCoreOption = {
    animation: false,
    backgroundColor: '#ffffff',
    textStyle: { fontFamily: fontFamily, color: INK },
    title: {
      text: chart.title,
      subtext: chart.subtitle,
      // Right to left, the title's end is anchored at the right margin, whatever its width.
      ...(rightToLeft ? { left: WIDTH - 16, textAlign: 'right' } : { left: 16 }),
      top: 12,
      textStyle: { fontSize: TITLE_SIZE, fontWeight: 'bold', color: INK },
      subtextStyle: { fontSize: LABEL_SIZE, color: MUTED },
      itemGap: 6,
    },
    ...(chart.series.length > 1
      ? {
          legend: {
            data: chart.series.map((s) => s.label),
            orient: 'vertical',
            [end]: 12,
            top: 'middle',
            align: rightToLeft ? 'right' : 'left',
            itemWidth: 18,
            itemHeight: 14,
            itemGap: 10,
            textStyle: { ...text, lineHeight: LABEL_SIZE + 3 },
            selectedMode: false,
          },
        }
      : {}),
    grid,
    xAxis: columns ? categoryAxis : valueAxis,
    yAxis: columns ? valueAxis : categoryAxis,
    series: [...stacked, total],
    ...(empty ? { graphic: [{ type: 'text', left: 'center', top: 'middle', style: { text: chart.empty, fontSize: 15, fill: MUTED, fontFamily: fontFamily } }] } : {}),
  };
  return { option, width: layout.width, height: layout.height };
}

/** The chart as SVG, drawn once on the server, in the reader's language (`locale`: theirs). */
export function chartSvg(chart: BarChart, locale: string): { svg: string; width: number; height: number } {
  const { option, width, height } = chartOption(drawnTexts(chart, isRightToLeft(locale)), locale);
  const instance = echarts.init(null, null, { renderer: 'svg', ssr: true, width, height });
  try {
    instance.setOption(option);
    return { svg: instance.renderToSVGString(), width, height };
  } finally {
    instance.dispose();
  }
}

/** The SVG turned into PNG `width` pixels wide, with the bundled fonts only. */
function rasterize(svg: string, width: number): Buffer {
  const resvg = new Resvg(svg, {
    background: '#ffffff',
    fitTo: { mode: 'width', value: width },
    font: { loadSystemFonts: false, fontFiles: chartFontFiles(), defaultFontFamily: DEFAULT_CHART_FONT },
  });
  return resvg.render().asPng();
}

export const SCREEN_WIDTH = 1000;
export const PRINT_WIDTH = 1600;

export function renderChart(chart: BarChart, locale: string): RenderedChart {
  const { svg, width, height } = chartSvg(chart, locale);
  return { chart, svg, png: rasterize(svg, SCREEN_WIDTH), print: rasterize(svg, PRINT_WIDTH), width, height };
}
