import { createTask } from 'node-cron';
import type { Logger } from '../logger';
import type { SchedulerService } from './scheduler';

/**
 * The clock that drives the scheduler: node-cron calls a sweep on a schedule, never two at a
 * time in this process; each tick also sends the G10 alerts still owed and saves the reports
 * acknowledged but left unsaved. The schedule itself lives in the store, so a late or missed
 * tick only means the next sweep catches up.
 */
export function startSweepTicker(scheduler: SchedulerService, schedule: string, logger: Logger, owed: () => Promise<unknown>): { stop(): Promise<void> } {
  const task = createTask(
    schedule,
    async () => {
      // G10: an alert whose sender died goes out once the claim on it has lapsed; a report
      // acknowledged but not saved is saved.
      await owed().catch((error: unknown) => logger.error({ source: 'scheduler', err: error instanceof Error ? error.message : 'unknown' }, 'owed alerts could not be sent'));
      const report = await scheduler.sweep();
      if (report.sent + report.failed + report.retried > 0) logger.info({ source: 'scheduler', ...report }, 'reminders swept');
    },
    { name: 'amparo-reminders', noOverlap: true },
  );
  task.on('execution:failed', (context) => {
    logger.error({ source: 'scheduler', err: context.execution?.error?.message ?? 'unknown' }, 'reminder sweep failed');
  });
  void task.start();
  return {
    stop: async () => {
      await task.stop();
      await task.destroy();
    },
  };
}
