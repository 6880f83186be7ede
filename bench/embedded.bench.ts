import { mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Case, Sealed } from '../src/domain/case';
import { nodeDisk, type FileIdentity, type JournalDisk } from '../src/store/embedded-disk';
import type { Place } from '../src/store/embedded-format';
import { EmbeddedStore } from '../src/store/embedded-store';
import { caseRecord } from '../test/support/case-record';
import { machine, ms, percentile, ratio, run, table } from './support';

/**
 * The embedded store's write cost against its size, with 1k and 10k cases stored:
 * - an intake's writes (the next number, the case inserted, then replaced once, as intake and
 *   the register flush do): the ratio asked for;
 * - changes to stored cases (an assessment step: replaced, round the cases), which is what
 *   leaves replaced text behind and so makes the journal compact: the mean includes that.
 * The store appends what changed and blanks what it replaced, and compacts once replaced text
 * is half the file, so time and bytes per write should stay flat; the snapshot file it replaced
 * wrote the whole store per change (last column). The max is a compaction, which blocks while
 * it encodes the store.
 *   npm run bench:embedded   (BENCH_SIZES=1000,10000 BENCH_INTAKES=1000 BENCH_CHANGES=25000)
 */
const SIZES = (process.env.BENCH_SIZES ?? '1000,10000').split(',').map(Number);
const INTAKES = Number(process.env.BENCH_INTAKES ?? 1000);
/** Enough that the journal compacts at least twice at 10k cases. */
const CHANGES = Number(process.env.BENCH_CHANGES ?? 25000);
const WARM_UP = 20;

/** The real disk, counting what each append and each compaction writes. */
class CountingDisk implements JournalDisk {
  bytes = 0;
  compactions = 0;
  read = nodeDisk.read;
  removeUnfinished = nodeDisk.removeUnfinished;

  append(file: string, expected: FileIdentity, at: number, data: Buffer, blanks: Place[]): Promise<FileIdentity> {
    this.bytes += data.length + blanks.reduce((sum, b) => sum + b.length, 0);
    return nodeDisk.append(file, expected, at, data, blanks);
  }

  replace(file: string, expected: FileIdentity | undefined, chunks: Buffer[]): Promise<FileIdentity> {
    this.bytes += chunks.reduce((sum, c) => sum + c.length, 0);
    this.compactions += 1;
    return nodeDisk.replace(file, expected, chunks);
  }
}

/** A case the size intake makes: sealed narrative, victim, place and contact, owing its alert. */
function intakeCase(seq: number): Case {
  const sealed = (n: number) => `v1.k1.${'x'.repeat(16)}.${'y'.repeat(n)}.${'z'.repeat(22)}` as Sealed;
  return caseRecord(seq, { _id: `bench-${seq}`, sealed: { narrative: sealed(1200), victim: sealed(60), place: sealed(40), sourceContact: sealed(40) }, alertOwed: true });
}

async function intake(store: EmbeddedStore): Promise<void> {
  const seq = (await store.lastCaseSeq('CAT', 2026)) + 1;
  const c = intakeCase(seq);
  await store.insertCase(c);
  await store.replaceCase({ ...c, outbox: [], updatedAt: new Date(c.updatedAt.getTime() + 1000), version: 2 }, 1);
}

/** The `n`th change round the first `size` cases: read, then replaced at the next version. */
async function change(store: EmbeddedStore, size: number, n: number): Promise<void> {
  const c = (await store.getCase(`bench-${(n % size) + 1}`)) as Case;
  await store.replaceCase({ ...c, status: 'under_assessment', updatedAt: new Date(c.updatedAt.getTime() + 1000), version: c.version + 1 }, c.version);
}

interface Run {
  times: number[];
  bytes: number;
  compactions: number;
}

interface Result {
  size: number;
  fileBytes: number;
  intakes: Run;
  changes: Run;
}

async function timed(disk: CountingDisk, count: number, work: (i: number) => Promise<void>): Promise<Run> {
  disk.bytes = 0;
  disk.compactions = 0;
  const times: number[] = [];
  for (let i = 0; i < count; i++) {
    const started = performance.now();
    await work(i);
    times.push(performance.now() - started);
  }
  return { times, bytes: disk.bytes / count, compactions: disk.compactions };
}

async function measure(size: number): Promise<Result> {
  const dir = await mkdtemp(join(tmpdir(), 'amparo-bench-embedded-'));
  try {
    const disk = new CountingDisk();
    const file = join(dir, 'store.json');
    const store = new EmbeddedStore(file, { disk });
    await store.init();
    // Stored in batches of a thousand (one fsync each), then compacted: a file as a long-running store leaves it.
    for (let from = 1; from <= size; from += 1000) {
      await Promise.all(Array.from({ length: Math.min(1000, size - from + 1) }, (_, i) => store.insertCase(intakeCase(from + i))));
    }
    await store.compact();
    const fileBytes = (await stat(file)).size;
    for (let i = 0; i < WARM_UP; i++) await change(store, size, i);
    const changes = await timed(disk, CHANGES, (i) => change(store, size, WARM_UP + i));
    for (let i = 0; i < WARM_UP; i++) await intake(store);
    const intakes = await timed(disk, INTAKES, () => intake(store));
    await store.close();
    return { size, fileBytes, intakes, changes };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

const mean = (xs: number[]) => xs.reduce((sum, x) => sum + x, 0) / xs.length;

function report(title: string, results: Result[], pick: (r: Result) => Run): string {
  const base = pick(results[0] as Result);
  const rows = results.map((r) => {
    const run = pick(r);
    const sorted = [...run.times].sort((a, b) => a - b);
    return [
      r.size.toLocaleString('en'),
      (r.fileBytes / 2 ** 20).toFixed(1),
      ms(percentile(sorted, 50) * 1000),
      ms(percentile(sorted, 95) * 1000),
      ms(sorted.at(-1) as number),
      ms(mean(run.times) * 1000),
      ratio(mean(run.times), mean(base.times)),
      Math.round(run.bytes).toLocaleString('en'),
      ratio(run.bytes, base.bytes),
      run.compactions,
      r.fileBytes.toLocaleString('en'),
    ];
  });
  return `${title}\n\n${table(
    ['cases stored', 'file (MiB)', 'median (µs)', 'p95 (µs)', 'max (ms)', 'mean (µs)', 'ratio', 'bytes written', 'ratio', 'compactions', 'a snapshot per change would write'],
    ['---:', '---:', '---:', '---:', '---:', '---:', '---:', '---:', '---:', '---:', '---:'],
    rows,
  )}\n`;
}

run(async () => {
  process.stdout.write(`Embedded store, in ${tmpdir()}\n${machine('no database: the embedded store\'s journal file')}\n\n`);
  const results: Result[] = [];
  for (const size of SIZES) results.push(await measure(size));
  process.stdout.write(report(`One intake (lastCaseSeq, insertCase, replaceCase), ${INTAKES} timed per size`, results, (r) => r.intakes));
  process.stdout.write(report(`One change to a stored case (getCase, replaceCase), ${CHANGES} timed per size, compactions included`, results, (r) => r.changes));
});
