import type { Sealed } from './case';

/**
 * A form submission that a platform has been told is accepted before it is saved. Slack wants
 * an answer within 3 seconds, so an intake is acknowledged with "working…" and saved after;
 * it is held in the store first, so that a process that dies in between leaves it to be
 * finished at the next start instead of losing it (docs/ARCHITECTURE.md, "Pitfalls").
 */
export interface HeldSubmission {
  /** The platform's submission key, e.g. `slack:<view id>`: holding twice is holding once. */
  _id: string;
  personId: string;
  formId: string;
  /** The form's context (what it is about), as the flows gave it. */
  context: string;
  /** The answers as typed, sealed with the key `held:<_id>` as additional data: they hold the narrative and names. */
  answers: Sealed;
  /** Where the answer goes on the platform (e.g. Slack team, user and view ids); nothing sensitive. */
  replyTo: Record<string, string>;
  at: Date;
}
