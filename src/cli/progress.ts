/**
 * A progress bar on stderr for long commands: one line redrawn in place on a terminal, and
 * otherwise (a log, cron) a line at each tenth, so that logs stay short. Standard output keeps
 * only the results.
 */
export interface ProgressBar {
  update(done: number, total: number): void;
  /** Ends the redrawn line, if one was drawn. */
  finish(): void;
}

const WIDTH = 30;

export function progressBar(label: string, stream: NodeJS.WriteStream = process.stderr): ProgressBar {
  let drawn = false;
  let lastTenth = -1;
  return {
    update(done, total) {
      const fraction = total === 0 ? 1 : Math.min(1, done / total);
      const percent = Math.floor(fraction * 100);
      if (stream.isTTY) {
        const filled = Math.round(fraction * WIDTH);
        stream.write(`\r${label} [${'#'.repeat(filled)}${'.'.repeat(WIDTH - filled)}] ${String(percent).padStart(3)}% ${done}/${total}`);
        drawn = true;
        return;
      }
      const tenth = Math.floor(fraction * 10);
      if (tenth === lastTenth) return;
      lastTenth = tenth;
      stream.write(`${label}: ${percent}% (${done}/${total})\n`);
    },
    finish() {
      if (drawn) stream.write('\n');
      drawn = false;
    },
  };
}
