import type { Proposal } from '../src/domain/case';
import type { ConsentKind } from '../src/domain/actions';
import type { CaseDetails, QueueItem } from '../src/services/case-reading';
import { ACTIONS } from './actions';
import { caseButtons, openCaseButton } from './case-buttons';
import { contactSections } from './contacts.flow';
import { informationSections } from './case-information.flow';
import { leadField, ledLine } from './lead.flow';
import type { FlowContext } from './context';
import { inboxPart } from './referral-inbox.flow';
import { list, message, raw, stateName, t, type Field, type Reply, type Section, type Text, type Vars } from './view';

const optionalField = (label: string, value: string | undefined): Field[] => (value === undefined ? [] : [{ label: t(label), value: raw(value) }]);
const day = (date: Date): Text => t('common.date', { date: { date } });
const when = (date: Date): Text => t('common.date', { date: { date, withTime: true } });

/**
 * `/amparo case <ref>`: a rapporteur, the chair or a consulted country rapporteur opens the
 * case (recorded as a disclosure); the member who reported it sees its status only.
 */
export async function showCase(ctx: FlowContext, reference: string): Promise<Reply> {
  const shown = await ctx.services.reader.show(ctx.actor, reference);
  if ('status' in shown) {
    const { status } = shown;
    // G10: the member who reported it adds what they learn since, and still sees the status only.
    const addInformation = shown.mayAddInformation ? [{ action: ACTIONS.addInformation, arg: status.reference, label: t(`buttons.${ACTIONS.addInformation}`) }] : [];
    return message('info', t('case.status.title', { reference: status.reference }), [
      { lines: [t('case.status.line', { status: t(`status.${status.status}`) }), ...(status.alleged ? [t('case.alleged')] : [])] },
    ], addInformation);
  }
  const details = shown.opened;
  const sections = detailSections(details);
  // G13: the contacts with the person, for those who may read them, just before the register (the last section).
  sections.splice(sections.length - 1, 0, ...contactSections(await ctx.services.contacts.forCase(ctx.actor, details.case, details.history), details.names));
  // G10, G11: the information added since the report, for those who may read it, also just before the register.
  sections.splice(sections.length - 1, 0, ...informationSections(await ctx.services.information.forCase(ctx.actor, details.case, details.history), details.names));
  return { kind: 'message', view: { tone: details.case.urgent ? 'urgent' : 'info', title: caseTitle(details), sections, buttons: caseButtons(ctx.actor, details.case), sensitive: true } };
}

function caseTitle(details: CaseDetails): Text {
  const c = details.case;
  return t(details.alleged ? 'case.title_alleged' : 'case.title', { reference: c.reference, status: t(`status.${c.status}`) });
}

function detailSections(details: CaseDetails): Section[] {
  const c = details.case;
  const { texts, names } = details;
  const name = (id: string): Text => raw(names.get(id) ?? id);
  const sections: Section[] = [
    {
      fields: [
        { label: t('case.fields.committee'), value: raw(c.committee) },
        { label: t('case.fields.stateParty'), value: stateName(c.stateParty) },
        { label: t('case.fields.received'), value: when(c.createdAt) },
        { label: t('case.fields.reporter'), value: name(c.reporterId) },
        leadField(c, names),
        { label: t('case.fields.riskLevel'), value: t(`options.riskLevel.${c.riskLevel}`) },
        { label: t('case.fields.urgent'), value: t(c.urgent ? 'case.urgent_yes' : 'common.no') },
        { label: t('case.fields.channel'), value: t(`options.channel.${c.channel}`) },
        { label: t('case.fields.confidential'), value: t(c.confidential ? 'common.yes' : 'common.no') },
        { label: t('case.fields.perpetrator'), value: t(`options.perpetrator.${c.perpetrator}`) },
        { label: t('case.fields.victimKind'), value: t(`options.victimKind.${c.victimKind}`) },
        { label: t('case.fields.cooperation'), value: t(`options.cooperation.${c.cooperation}`) },
        { label: t('case.fields.genderRisk'), value: t(`options.yesNoUnknown.${c.genderRisk}`) },
        ...(c.incidentDate ? [{ label: t('case.fields.incidentDate'), value: t('common.date', { date: { date: new Date(`${c.incidentDate}T00:00:00Z`), calendar: true } }) }] : []),
      ],
    },
    {
      heading: t('case.sections.allegation'),
      fields: [
        { label: t('fields.narrative.label'), value: raw(texts.narrative) },
        { label: t('fields.victim.label'), value: raw(texts.victim) },
        ...optionalField('fields.place.label', texts.place),
        ...optionalField('fields.sourceContact.label', texts.sourceContact),
      ],
      ...(details.sourceHidden ? { lines: [t('case.source_hidden')] } : {}),
    },
    { heading: t('case.sections.consent'), fields: (['stateContact', 'publication', 'referral'] as ConsentKind[]).map((kind) => consentField(details, kind)) },
  ];
  const a = c.assessment;
  if (a) {
    sections.push({
      heading: t('case.sections.assessment'),
      fields: [
        { label: t('case.fields.assessmentStarted'), value: t('case.by_at', { name: name(a.startedBy), at: when(a.startedAt) }) },
        { label: t('fields.sources.label'), value: a.sources.length ? list(a.sources.map((s) => t(`options.sources.${s}`))) : t('case.none_yet') },
        ...optionalField('fields.sourcesNote.label', texts.sourcesNote),
        ...(a.consultation
          ? [
              {
                label: t('case.fields.consultation'),
                value: a.consultation.countryRapporteurId ? t('case.consulted', { name: name(a.consultation.countryRapporteurId), at: when(a.consultation.at) }) : t('case.no_country_rapporteur'),
              },
            ]
          : []),
        ...optionalField('fields.consultationNote.label', texts.consultationNote),
        ...(a.outcome ? [{ label: t('fields.outcome.label'), value: t(`options.outcome.${a.outcome}`) }] : []),
        ...optionalField('fields.findings.label', texts.findings),
      ],
    });
  }
  for (const p of c.proposals) sections.push(proposalSection(details, p));
  if (c.closure) {
    sections.push({
      heading: t('case.sections.closure'),
      fields: [
        { label: t('fields.reason.label'), value: t(`options.closureReason.${c.closure.reason}`) },
        { label: t('case.fields.closedBy'), value: t('case.by_at', { name: name(c.closure.by), at: when(c.closure.at) }) },
        ...optionalField('fields.closureNote.label', texts.closureNote),
      ],
    });
  }
  sections.push({
    heading: t('case.sections.history'),
    lines: details.history.map((e) => t('case.history_line', { at: when(e.at), name: name(e.actorId), event: t(`events.${e.type}`, eventVars(e.data)) })),
  });
  return sections;
}

/** Register entries hold codes and numbers; these become words, the rest is left out. */
const EVENT_VARS: Record<string, (value: string) => Text> = {
  verdict: (v) => t(`proposalStatus.${v}`),
  outcome: (v) => t(`options.outcome.${v}`),
  reason: (v) => t(`options.closureReason.${v}`),
  kind: (v) => t(`case.consent.${v}`),
  answer: (v) => t(`options.consent.${v}`),
  actionType: (v) => t(`actionTypes.${v}`),
  status: (v) => t(`status.${v}`),
  to: (v) => raw(v), // a committee (G16) or a key id: codes, never a text typed
};

function eventVars(data: Record<string, unknown>): Record<string, Text | number> {
  const vars: Record<string, Text | number> = {};
  for (const [name, value] of Object.entries(data)) {
    const word = EVENT_VARS[name];
    if (word && typeof value === 'string') vars[name] = word(value);
    else if (name === 'number' && typeof value === 'number') vars[name] = value;
  }
  return vars;
}

function consentField(details: CaseDetails, kind: ConsentKind): Field {
  const entry = details.case.consent[kind];
  return {
    label: t(`case.consent.${kind}`),
    value: t(entry.informed ? 'case.consent.value_informed' : 'case.consent.value', {
      answer: t(`options.consent.${entry.answer}`),
      how: t(`options.channel.${entry.how}`),
      at: day(entry.recordedAt),
    }),
  };
}

function proposalSection(details: CaseDetails, p: Proposal): Section {
  const texts = details.texts.proposals[p.id];
  const name = (id: string): Text => raw(details.names.get(id) ?? id);
  return {
    heading: t('case.proposal_heading', { number: p.number, action: t(`actionTypes.${p.type}`) }),
    fields: [
      { label: t('case.fields.proposalStatus'), value: t(`proposalStatus.${p.status}`) },
      { label: t('case.fields.proposedBy'), value: t('case.by_at', { name: name(p.proposedBy), at: when(p.proposedAt) }) },
      ...optionalField('fields.details.label', texts?.details),
      ...optionalField('case.fields.publicSummary', texts?.publicSummary),
      ...optionalField('fields.doNoHarm.label', texts?.doNoHarm),
      ...(p.deadlineDays ? [{ label: t('fields.deadlineDays.label'), value: t('case.days', { count: p.deadlineDays }) }] : []),
      ...(p.decision
        ? [{ label: t('case.fields.decision'), value: t('case.decision', { verdict: t(`proposalStatus.${p.decision.verdict}`), name: raw(p.decision.byName), at: when(p.decision.at), authority: t(`options.authority.${p.decision.authority}`) }) }]
        : []),
      ...(p.decision?.publicSummary ? [{ label: t('case.fields.publicSummaryDecision'), value: t(`decision.public_${p.decision.publicSummary}`) }] : []),
      ...optionalField('fields.note.label', texts?.decisionNote),
      ...(p.dueAt ? [{ label: t('case.fields.dueAt'), value: day(p.dueAt) }] : []),
    ],
  };
}

/** `/amparo cases`: the acting person's own queue. */
export async function showQueue(ctx: FlowContext): Promise<Reply> {
  const items = await ctx.services.reader.queue(ctx.actor);
  // G16: the referrals made to the reader's committee follow the cases.
  const inbox = await inboxPart(ctx);
  if (items.length === 0) return message('info', t('queue.title'), [{ lines: [t('queue.empty')] }, ...inbox.sections], inbox.buttons);
  return message(
    'info',
    t('queue.title'),
    [{ lines: items.map(queueLine) }, ...inbox.sections],
    [...items.filter((item) => !item.statusOnly).slice(0, 20).map((item) => ({ ...openCaseButton(item.reference), label: t('buttons.case.open_ref', { reference: item.reference }) })), ...inbox.buttons],
  );
}

/** What a line about a case in someone's queue says, wherever it is shown. */
export function itemVars(item: QueueItem): Vars {
  const status = t(`status.${item.status}`);
  return {
    reference: item.reference,
    status: item.alleged ? t('queue.alleged', { status }) : status,
    risk: t(`options.riskLevel.${item.riskLevel}`),
    deadline: item.nextDeadline ? t('queue.deadline', { date: day(item.nextDeadline) }) : raw(''),
  };
}

function queueLine(item: QueueItem): Text {
  if (item.statusOnly) return t('queue.line_status_only', { reference: item.reference, status: t(`status.${item.status}`) });
  return ledLine(item, t(item.urgent ? 'queue.line_urgent' : 'queue.line', { ...itemVars(item), next: t(`queue.next.${item.next}`, { count: item.pendingProposals }) }));
}
