import type { Document, IndexDescription } from 'mongodb';
import type { CaseSearch } from '../domain/case-search';
import { slackIdentity } from '../domain/identity';

/**
 * The MongoDB layout: each collection's indexes, and the queries the store makes that are
 * not by `_id`, each named with the index that serves it. `MongoStore` builds its queries from
 * `QUERIES`; the faithfulness suite (test/faithfulness) asks the test server to `explain`
 * every one of them and fails when one is not served by its index; `amparo db indexes`
 * reports `INDEXES`.
 */

/** Default lifetime of a delivery key (`AMPARO_DELIVERY_KEY_DAYS`). */
export const DEFAULT_DELIVERY_KEY_DAYS = 7;

export const DAY_SECONDS = 24 * 60 * 60;

/** The indexes the store creates at start (`init`), by collection. */
export function indexes(deliveryKeyDays = DEFAULT_DELIVERY_KEY_DAYS): Readonly<Record<string, IndexDescription[]>> {
  return {
    cases: [
      { key: { reference: 1 }, name: 'reference_unique', unique: true },
      { key: { submissionKey: 1 }, name: 'submission_unique', unique: true },
      // References are gapless: a number is taken only by the case that holds it.
      { key: { committee: 1, year: 1, seq: 1 }, name: 'sequence_unique', unique: true },
      { key: { committee: 1, status: 1 }, name: 'committee_status' },
      // Finding a case: a committee's cases by when they were received, newest first.
      { key: { committee: 1, createdAt: -1, seq: -1 }, name: 'committee_received' },
      { key: { reporterId: 1 }, name: 'reporter' },
      { key: { 'assessment.consultation.countryRapporteurId': 1 }, name: 'consulted', sparse: true },
      // G16: a committee's referral inbox; only cases ever referred are indexed (multikey).
      { key: { 'referrals.to': 1 }, name: 'referred_to', sparse: true },
      // Only cases with register entries still to move, or an alert still owed, are indexed.
      { key: { 'outbox.id': 1 }, name: 'outbox', sparse: true },
      { key: { alertOwed: 1 }, name: 'alert_owed', sparse: true },
      { key: { 'noticesOwed.occurrence': 1 }, name: 'notices_owed', sparse: true },
    ],
    people: [
      // One person per platform identity, even when two first contacts race.
      { key: { identityKeys: 1 }, name: 'identity_unique', unique: true },
      { key: { 'roles.committee': 1 }, name: 'committee_roles' },
    ],
    reminders: [
      { key: { status: 1, dueAt: 1 }, name: 'status_due' },
      { key: { series: 1 }, name: 'series' },
      { key: { caseId: 1 }, name: 'case' },
    ],
    events: [{ key: { caseId: 1, seq: 1 }, name: 'chain_unique', unique: true }],
    held_submissions: [{ key: { at: 1 }, name: 'held_since' }],
    practices: [{ key: { committee: 1, createdAt: 1 }, name: 'committee_recorded' }],
    // G13: a case's contacts, in the order they happened.
    contacts: [{ key: { caseId: 1, on: 1 }, name: 'case_contacted' }],
    // G10, G11: the information added to a case, in the order it was added.
    case_information: [
      { key: { caseId: 1, addedAt: 1 }, name: 'case_added' },
      // Only additions whose alert is still owed are indexed.
      { key: { owed: 1 }, name: 'information_owed', sparse: true },
    ],
    deliveries: [{ key: { at: 1 }, name: 'expiry', expireAfterSeconds: deliveryKeyDays * DAY_SECONDS }],
  };
}

/** Which constraint a unique index enforces, as `StoreConflict.constraint` names it. */
export const UNIQUE_CONSTRAINTS: Readonly<Record<string, string>> = {
  _id_: '_id',
  reference_unique: 'reference',
  submission_unique: 'submissionKey',
  sequence_unique: 'reference',
  identity_unique: 'identityKeys',
  chain_unique: 'caseId_seq',
};

/** A query the store makes, by the index that must serve it. */
export interface IndexedQuery {
  collection: string;
  filter: Document;
  sort?: Document;
  limit?: number;
  index: string;
}

/** Builders for every query the store makes other than by `_id` (and reads of whole small collections). */
export const QUERIES = {
  caseByReference: (reference: string): IndexedQuery => ({ collection: 'cases', filter: { reference }, index: 'reference_unique' }),
  caseBySubmissionKey: (submissionKey: string): IndexedQuery => ({ collection: 'cases', filter: { submissionKey }, index: 'submission_unique' }),
  lastCaseSeq: (committee: string, year: number): IndexedQuery => ({ collection: 'cases', filter: { committee, year }, sort: { seq: -1 }, limit: 1, index: 'sequence_unique' }),
  casesOfCommittees: (committees: string[], statuses?: string[]): IndexedQuery => ({
    collection: 'cases',
    filter: { committee: { $in: committees }, ...(statuses ? { status: { $in: statuses } } : {}) },
    index: 'committee_status',
  }),
  caseSearch: (search: CaseSearch): IndexedQuery => ({
    collection: 'cases',
    filter: {
      committee: { $in: search.committees },
      ...(search.from || search.to ? { createdAt: { ...(search.from ? { $gte: search.from } : {}), ...(search.to ? { $lt: search.to } : {}) } } : {}),
      ...(search.stateParty !== undefined ? { stateParty: search.stateParty } : {}),
      ...(search.status !== undefined ? { status: search.status } : {}),
      ...(search.outcome === 'not_assessed' ? { 'assessment.outcome': { $exists: false } } : search.outcome !== undefined ? { 'assessment.outcome': search.outcome } : {}),
      ...(search.riskLevel !== undefined ? { riskLevel: search.riskLevel } : {}),
      ...(search.lead === undefined ? {} : search.lead === 'nobody' ? { 'lead.personId': { $exists: false } } : 'by' in search.lead ? { 'lead.personId': search.lead.by } : { 'lead.personId': { $exists: true, $ne: search.lead.notBy } }),
    },
    sort: { createdAt: -1, seq: -1 },
    limit: search.limit,
    index: 'committee_received',
  }),
  casesReportedBy: (reporterId: string): IndexedQuery => ({ collection: 'cases', filter: { reporterId }, index: 'reporter' }),
  casesConsulting: (personId: string): IndexedQuery => ({ collection: 'cases', filter: { 'assessment.consultation.countryRapporteurId': personId }, index: 'consulted' }),
  casesReferredTo: (committees: string[]): IndexedQuery => ({ collection: 'cases', filter: { 'referrals.to': { $in: committees } }, index: 'referred_to' }),
  casesWithOutbox: (): IndexedQuery => ({ collection: 'cases', filter: { 'outbox.id': { $exists: true } }, index: 'outbox' }),
  casesOwingAlerts: (): IndexedQuery => ({ collection: 'cases', filter: { alertOwed: true }, index: 'alert_owed' }),
  casesOwingNotices: (): IndexedQuery => ({ collection: 'cases', filter: { 'noticesOwed.occurrence': { $exists: true } }, index: 'notices_owed' }),
  personByIdentity: (identityKey: string): IndexedQuery => ({ collection: 'people', filter: { identityKeys: identityKey }, index: 'identity_unique' }),
  peopleOfCommittee: (committee: string): IndexedQuery => ({ collection: 'people', filter: { 'roles.committee': committee }, index: 'committee_roles' }),
  /** A reminder due and not being sent (never claimed, or its claim lapsed), the oldest first. */
  claimableReminder: (now: Date): IndexedQuery => ({
    collection: 'reminders',
    filter: { status: 'pending', dueAt: { $lte: now }, $or: [{ leaseUntil: { $exists: false } }, { leaseUntil: { $lte: now } }] },
    sort: { dueAt: 1 },
    limit: 1,
    index: 'status_due',
  }),
  dueReminders: (now: Date, limit: number): IndexedQuery => ({ collection: 'reminders', filter: { status: 'pending', dueAt: { $lte: now } }, sort: { dueAt: 1 }, limit, index: 'status_due' }),
  remindersOfSeries: (series: string): IndexedQuery => ({ collection: 'reminders', filter: { series }, index: 'series' }),
  remindersOfCase: (caseId: string): IndexedQuery => ({ collection: 'reminders', filter: { caseId }, index: 'case' }),
  /** Delivery keys of a notice (`src/domain/delivery-key.ts`) share a prefix: a range of the _id index. */
  deliveredWithPrefix: (prefix: string): IndexedQuery => ({
    collection: 'deliveries',
    filter: { _id: { $gte: prefix, $lt: `${prefix}\uffff` }, message: { $exists: true } },
    index: '_id_',
  }),
  lastEvent: (caseId: string): IndexedQuery => ({ collection: 'events', filter: { caseId }, sort: { seq: -1 }, limit: 1, index: 'chain_unique' }),
  eventsOfCase: (caseId: string): IndexedQuery => ({ collection: 'events', filter: { caseId }, sort: { seq: 1 }, index: 'chain_unique' }),
  practicesOf: (committees: string[], from?: Date, to?: Date): IndexedQuery => ({
    collection: 'practices',
    filter: { committee: { $in: committees }, ...(from || to ? { createdAt: { ...(from ? { $gte: from } : {}), ...(to ? { $lt: to } : {}) } } : {}) },
    sort: { createdAt: 1, _id: 1 },
    index: 'committee_recorded',
  }),
  contactsOfCase: (caseId: string): IndexedQuery => ({ collection: 'contacts', filter: { caseId }, sort: { on: 1 }, index: 'case_contacted' }),
  informationOfCase: (caseId: string): IndexedQuery => ({ collection: 'case_information', filter: { caseId }, sort: { addedAt: 1 }, index: 'case_added' }),
  informationOwed: (): IndexedQuery => ({ collection: 'case_information', filter: { owed: true }, index: 'information_owed' }),
} as const;

/** One sample of each query, for the faithfulness suite to `explain`. */
export function sampleQueries(now = new Date()): Array<[name: string, query: IndexedQuery]> {
  return [
    ['caseByReference', QUERIES.caseByReference('CAT-2026-0001')],
    ['caseBySubmissionKey', QUERIES.caseBySubmissionKey('someone:slack:V1')],
    ['lastCaseSeq', QUERIES.lastCaseSeq('CAT', 2026)],
    ['casesOfCommittees', QUERIES.casesOfCommittees(['CAT'], ['received', 'under_assessment'])],
    ['caseSearch', QUERIES.caseSearch({ committees: ['CAT'], stateParty: 'NO', from: new Date(now.getTime() - 365 * 86_400_000), to: now, limit: 25 })],
    ['caseSearch (led by someone else, G12)', QUERIES.caseSearch({ committees: ['CAT'], lead: { notBy: 'amina' }, from: new Date(now.getTime() - 365 * 86_400_000), to: now, limit: 25 })],
    ['casesReportedBy', QUERIES.casesReportedBy('maria')],
    ['casesConsulting', QUERIES.casesConsulting('olga')],
    ['casesReferredTo', QUERIES.casesReferredTo(['CCPR'])],
    ['casesWithOutbox', QUERIES.casesWithOutbox()],
    ['casesOwingAlerts', QUERIES.casesOwingAlerts()],
    ['casesOwingNotices', QUERIES.casesOwingNotices()],
    ['personByIdentity', QUERIES.personByIdentity(slackIdentity('T1', 'U1'))],
    ['peopleOfCommittee', QUERIES.peopleOfCommittee('CAT')],
    ['claimableReminder', QUERIES.claimableReminder(now)],
    ['dueReminders', QUERIES.dueReminders(now, 100)],
    ['remindersOfSeries', QUERIES.remindersOfSeries('case:c1:assessment')],
    ['remindersOfCase', QUERIES.remindersOfCase('c1')],
    ['deliveredWithPrefix', QUERIES.deliveredWithPrefix('notice:c1:proposal.awaiting_decision:p1:')],
    ['lastEvent', QUERIES.lastEvent('c1')],
    ['eventsOfCase', QUERIES.eventsOfCase('c1')],
    ['practicesOf', QUERIES.practicesOf(['CAT'], new Date(now.getTime() - 86_400_000), now)],
    ['contactsOfCase', QUERIES.contactsOfCase('c1')],
    ['informationOfCase', QUERIES.informationOfCase('c1')],
    ['informationOwed', QUERIES.informationOwed()],
  ];
}
