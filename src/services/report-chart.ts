import { crc32, deflateSync } from 'node:zlib';
import { OUTCOMES } from '../domain/case';
import type { ProgressReport } from '../domain/reports';

/**
 * The report's chart as a PNG: cases received per month, stacked by outcome of the
 * assessment. It holds no words, only bars and numbers (so it reads the same in every
 * language and direction); the report's Markdown gives the colours' meaning.
 */
export const CHART_WIDTH = 800;
export const CHART_HEIGHT = 400;

type Rgb = readonly [number, number, number];
const INK: Rgb = [51, 51, 51];
const GRID: Rgb = [221, 221, 221];

/** Colours by outcome, distinguishable with the common colour-vision deficiencies (Okabe–Ito). */
export const OUTCOME_COLOURS: Record<(typeof OUTCOMES)[number] | 'not_assessed', { rgb: Rgb; name: string }> = {
  substantiated: { rgb: [213, 94, 0], name: 'vermilion' },
  may_have_occurred: { rgb: [230, 159, 0], name: 'orange' },
  not_substantiated: { rgb: [0, 114, 178], name: 'blue' },
  insufficient_information: { rgb: [86, 180, 233], name: 'sky_blue' },
  not_assessed: { rgb: [153, 153, 153], name: 'grey' },
};
export const CHART_ORDER = [...OUTCOMES, 'not_assessed'] as const;

/** Digits 0–9, 5 pixels wide and 7 high, one row per entry (bit 4 is the leftmost pixel). */
const DIGITS: Record<string, number[]> = {
  '0': [14, 17, 19, 21, 25, 17, 14],
  '1': [4, 12, 4, 4, 4, 4, 14],
  '2': [14, 17, 1, 2, 4, 8, 31],
  '3': [31, 2, 4, 2, 1, 17, 14],
  '4': [2, 6, 10, 18, 31, 2, 2],
  '5': [31, 16, 30, 1, 1, 17, 14],
  '6': [6, 8, 16, 30, 17, 17, 14],
  '7': [31, 1, 2, 4, 8, 8, 8],
  '8': [14, 17, 17, 14, 17, 17, 14],
  '9': [14, 17, 17, 15, 1, 2, 12],
};

class Canvas {
  readonly pixels: Buffer;

  constructor(
    readonly width: number,
    readonly height: number,
  ) {
    this.pixels = Buffer.alloc(width * height * 3, 255);
  }

  fill(x: number, y: number, w: number, h: number, [r, g, b]: Rgb): void {
    for (let row = Math.max(0, y); row < Math.min(this.height, y + h); row++) {
      for (let col = Math.max(0, x); col < Math.min(this.width, x + w); col++) {
        const at = (row * this.width + col) * 3;
        this.pixels[at] = r;
        this.pixels[at + 1] = g;
        this.pixels[at + 2] = b;
      }
    }
  }

  /** Digits at (x, y), each pixel drawn `scale` times; returns the width drawn. */
  digits(text: string, x: number, y: number, colour: Rgb, scale = 2): number {
    let cursor = x;
    for (const ch of text) {
      const rows = DIGITS[ch];
      if (rows) rows.forEach((bits, row) => {
        for (let col = 0; col < 5; col++) if (bits & (16 >> col)) this.fill(cursor + col * scale, y + row * scale, scale, scale, colour);
      });
      cursor += 6 * scale;
    }
    return cursor - x;
  }

  png(): Buffer {
    const raw = Buffer.alloc((this.width * 3 + 1) * this.height);
    for (let row = 0; row < this.height; row++) {
      // Filter type 0 (none) before each row.
      this.pixels.copy(raw, row * (this.width * 3 + 1) + 1, row * this.width * 3, (row + 1) * this.width * 3);
    }
    const header = Buffer.alloc(13);
    header.writeUInt32BE(this.width, 0);
    header.writeUInt32BE(this.height, 4);
    header.set([8, 2, 0, 0, 0], 8); // 8 bits per channel, RGB, deflate, no filter, no interlace
    return Buffer.concat([Buffer.from([137, 80, 78, 71, 13, 10, 26, 10]), chunk('IHDR', header), chunk('IDAT', deflateSync(raw)), chunk('IEND', Buffer.alloc(0))]);
  }
}

function chunk(type: string, data: Buffer): Buffer {
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body));
  return Buffer.concat([length, body, crc]);
}

/** A round step for the vertical axis, so that there are at most five gridlines. */
function step(max: number): number {
  for (const candidate of [1, 2, 5, 10, 20, 25, 50, 100, 200, 250, 500, 1000, 2000, 5000, 10000]) if (max / candidate <= 5) return candidate;
  return Math.ceil(max / 5);
}

/**
 * Cases received per month by outcome, as stacked bars. Right to left (Arabic), the months run
 * from the right and the value axis stands on the right; the digits themselves read as always.
 */
export function monthlyChart(report: ProgressReport, options: { rightToLeft?: boolean } = {}): Buffer {
  const canvas = new Canvas(CHART_WIDTH, CHART_HEIGHT);
  // Everything is placed left to right, then mirrored as a whole box when the language asks.
  const at = (x: number, width: number) => (options.rightToLeft ? CHART_WIDTH - x - width : x);
  const fill = (x: number, y: number, width: number, height: number, colour: Rgb) => canvas.fill(at(x, width), y, width, height, colour);
  const digits = (text: string, x: number, y: number) => canvas.digits(text, at(x, text.length * 12), y, INK);
  const left = 70;
  const right = CHART_WIDTH - 20;
  const top = 20;
  const bottom = CHART_HEIGHT - 40;
  const totals = report.perMonth.map((m) => CHART_ORDER.reduce((sum, o) => sum + m.byOutcome[o], 0));
  const unit = step(Math.max(1, ...totals));
  const ceiling = Math.max(unit, Math.ceil(Math.max(1, ...totals) / unit) * unit);
  const y = (value: number) => bottom - Math.round(((bottom - top) * value) / ceiling);

  for (let value = 0; value <= ceiling; value += unit) {
    fill(left, y(value), right - left, 1, GRID);
    const label = String(value);
    digits(label, left - 10 - label.length * 12, y(value) - 7);
  }
  const slot = (right - left) / Math.max(1, report.perMonth.length);
  const barWidth = Math.max(2, Math.floor(slot * 0.7));
  report.perMonth.forEach((month, index) => {
    const x = Math.round(left + index * slot + (slot - barWidth) / 2);
    let base = 0;
    for (const outcome of CHART_ORDER) {
      const count = month.byOutcome[outcome];
      if (count > 0) fill(x, y(base + count), barWidth, y(base) - y(base + count), OUTCOME_COLOURS[outcome].rgb);
      base += count;
    }
    const label = month.month.slice(5, 7);
    digits(label, Math.round(x + barWidth / 2 - 11), bottom + 12);
  });
  fill(left, top, 1, bottom - top + 1, INK);
  fill(left, bottom, right - left, 1, INK);
  return canvas.png();
}
