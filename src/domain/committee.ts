import { z } from 'zod/v4';

/** The treaty bodies a deployment may serve (GUIDELINES.md, "Who is who"). */
export const TREATY_BODIES = ['CAT', 'SPT', 'CCPR', 'CESCR', 'CERD', 'CEDAW', 'CRC', 'CMW', 'CRPD', 'CED'] as const;
export type TreatyBody = (typeof TREATY_BODIES)[number];

/** Per-committee settings: each committee adapts the common core to its mandate (G4). */
export const committeeSchema = z.object({
  _id: z.enum(TREATY_BODIES),
  name: z.string().min(1).max(200),
  /** Days from intake within which the initial assessment should be done (G12). */
  assessmentTargetDays: z.int().min(1).max(365).default(7),
  /** How to reach UN security at once when a threat is imminent during a session (G22). */
  securityContact: z.string().max(300).default(''),
  /** When the committee's reminders fall (G12, G15, G19); each has a default. */
  reminders: z
    .object({
      /** Days before the assessment target that the rapporteurs are reminded. */
      assessmentNoticeDays: z.int().min(0).max(60).default(2),
      /** Days before an approved action's deadline that the rapporteurs are reminded. */
      deadlineNoticeDays: z.array(z.int().min(0).max(365)).max(5).default([7, 1]),
      /** Days a proposal may wait for the chair before the chair is reminded. */
      decisionWaitDays: z.int().min(1).max(60).default(3),
      /** Days before a rapporteur's term ends that the chair is reminded (G8). */
      termNoticeDays: z.int().min(1).max(365).default(30),
      /** Days before a session that the rapporteurs are reminded of the progress report (G15). */
      sessionNoticeDays: z.int().min(1).max(90).default(14),
      /** Minutes between the repeated alerts of an urgent case until someone acknowledges (G22). */
      urgentRepeatMinutes: z.int().min(5).max(24 * 60).default(60),
    })
    .default({ assessmentNoticeDays: 2, deadlineNoticeDays: [7, 1], decisionWaitDays: 3, termNoticeDays: 30, sessionNoticeDays: 14, urgentRepeatMinutes: 60 }),
  /** The committee's sessions, for the standing agenda item on reprisals (G15, G33). */
  sessions: z.array(z.object({ start: z.iso.date(), end: z.iso.date(), name: z.string().min(1).max(100).optional() })).max(20).default([]),
  /**
   * Retention (`amparo retention`): the texts of cases closed more than this many years ago are
   * archived, then destroyed; the counts stay. Absent: nothing is ever destroyed.
   */
  retentionYears: z.int().min(1).max(100).optional(),
});

export type Committee = z.infer<typeof committeeSchema>;

/** A committee with every setting it does not name at its default. */
export function defineCommittee(input: z.input<typeof committeeSchema>): Committee {
  return committeeSchema.parse(input);
}
