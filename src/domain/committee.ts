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
});

export type Committee = z.infer<typeof committeeSchema>;
