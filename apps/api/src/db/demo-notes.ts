/**
 * The demo's practice notes: what authorities tried, as the regional groups' own papers describe it
 * (Coventry 2018 and 2020, Warwickshire 2022, Wigan, Manchester, Salford), written anew for the
 * demonstration, attributed to demo authors and marked `demo`. Their linked metrics show the demo
 * returns, which are generated from DfE's published figures: the figures a note quotes are the
 * authority's own, not those of the chart. Fixed ids and dates, so the build's seeded template is
 * the same every time.
 */
import type { NoteContent } from '@csc-workforce/schemas';
import { createNote } from '../services/notes/index.js';
import type { Db } from './client.js';
import { users } from './schema.js';

interface DemoNote {
  readonly id: string;
  readonly authorityCode: string;
  /** The demo user who wrote it, when the demo has one for the authority. */
  readonly userId: string | null;
  readonly publishedAt: string;
  readonly content: NoteContent;
}

const DEMO_LINE = '*This is a demo note, written for the demonstration from public council papers.*';

export const DEMO_NOTES: readonly DemoNote[] = [
  {
    id: 'demo-asye-academy',
    authorityCode: 'E10000031',
    userId: 'demo-sub-warks',
    publishedAt: '2024-04-16T10:00:00Z',
    content: {
      title: 'An ASYE academy that keeps newly qualified social workers',
      summary:
        'Newly qualified social workers join in cohorts, with protected caseloads, a dedicated practice educator and study days. ASYE retention rose from 77% to 88% in ten months.',
      body: [
        DEMO_LINE,
        '',
        '## What we did',
        '',
        'We brought every social worker in their Assessed and Supported Year in Employment (ASYE) into one **ASYE academy**:',
        '',
        '- a cohort that starts together and meets every fortnight;',
        '- a protected caseload that grows over the year, agreed with the team manager;',
        '- a practice educator for each cohort, and reflective group supervision;',
        '- study days, and a panel at the end of the year that the newly qualified worker helps to shape.',
        '',
        'We also created a lead practitioner role, so that experienced staff have a reason to stay and a part in teaching.',
        '',
        '## What changed',
        '',
        'ASYE retention went from **77.4% in May 2021 to 87.7% in March 2022**. Our aim for the workforce mix is 20% ASYE, 30% mid-level and 50% senior; we stood at 21.5%, 51% and 27.5%, so the work on keeping experienced staff goes on.',
        '',
        '## What we would tell another authority',
        '',
        '1. Protect the caseload in writing: it is the first thing to slip when a team is short.',
        '2. Put the academy in the recruitment advert: applicants ask about it.',
      ].join('\n'),
      themes: ['asye-early-career', 'supervision-support', 'training-progression'],
      metrics: [{ metric: 'asyeRetention', from: '2022-23-Q1', to: null }],
      authorName: 'Wes Example (demo)',
      authorRole: 'Principal social worker',
      contactEmail: 'asye.academy@warwickshire.demo.test',
    },
  },
  {
    id: 'demo-asye-nursery',
    authorityCode: 'E08000006',
    userId: null,
    publishedAt: '2024-02-05T09:30:00Z',
    content: {
      title: 'A cohort "nursery" for ASYEs before they join their teams',
      summary:
        'ASYEs spend their first months together in one team, reviewed by panels chaired by independent academics, then are matched to teams. We keep more of them and caseloads fall across the service.',
      body: [
        DEMO_LINE,
        '',
        'New social workers start in a single **cohort team** (our "nursery") rather than in the front-line teams.',
        'Their progress is reviewed by panels chaired by an independent academic, and they are matched to a team when they and their manager are ready.',
        '',
        'Because the cohort team carries cases of its own, the front-line teams carry fewer, and the newly qualified workers arrive knowing each other.',
      ].join('\n'),
      themes: ['asye-early-career', 'workload-caseloads'],
      metrics: [
        { metric: 'asyeRetention', from: '2022-23-Q1', to: null },
        { metric: 'averageCaseload', from: '2022-23-Q1', to: null },
      ],
      authorName: 'Sal Example (demo)',
      authorRole: 'Head of workforce development',
      contactEmail: null,
    },
  },
  {
    id: 'demo-streamlined-recruitment',
    authorityCode: 'E08000010',
    userId: null,
    publishedAt: '2024-03-12T14:00:00Z',
    content: {
      title: 'Recruitment that answers applicants within 24 hours',
      summary:
        'A CV instead of a long form, an answer within a day, a weekly assessment centre, our own social workers in the adverts and a starter pack before day one.',
      body: [
        DEMO_LINE,
        '',
        'Experienced social workers were applying to several authorities at once and taking the first offer. We rebuilt our process around speed:',
        '',
        '- **apply with a CV**, no application form;',
        '- every applicant hears from us **within 24 hours**;',
        '- an assessment centre runs every week, so nobody waits for a panel date;',
        '- the adverts show our own social workers, in their own words;',
        '- new starters get a starter pack, and their laptop, before their first day.',
      ].join('\n'),
      themes: ['recruitment-process', 'recruitment-marketing'],
      metrics: [{ metric: 'vacancyRate', from: '2022-23-Q1', to: null }],
      authorName: 'Robin Example (demo)',
      authorRole: 'Recruitment and retention lead',
      contactEmail: 'recruitment@wigan.demo.test',
    },
  },
  {
    id: 'demo-grow-your-own',
    authorityCode: 'E08000026',
    userId: 'demo-sub-cov',
    publishedAt: '2024-01-22T11:00:00Z',
    content: {
      title: 'Grow your own: a social work degree apprenticeship and sponsored study',
      summary:
        'Support workers train as social workers on a degree apprenticeship or sponsored Open University study, alongside Step Up and Frontline: 43 new social workers in two years.',
      body: [
        DEMO_LINE,
        '',
        'We stopped relying on the market for newly qualified staff and built our own routes in:',
        '',
        '| route | in two years |',
        '| --- | --- |',
        '| degree apprenticeship (two intakes) | 17 |',
        '| Open University sponsorship | 6 |',
        '| Step Up to Social Work | 12 |',
        '| Frontline | 8 |',
        '',
        'Apprentices already know our families and our systems, and they stay: most of them have lived here all their lives.',
      ].join('\n'),
      themes: ['entry-routes', 'workforce-strategy'],
      metrics: [
        { metric: 'asyeShare', from: '2022-23-Q1', to: null },
        { metric: 'vacancyRate', from: '2022-23-Q1', to: null },
      ],
      authorName: 'Sam Submitter (demo)',
      authorRole: 'Workforce development manager',
      contactEmail: 'workforce@coventry.demo.test',
    },
  },
  {
    id: 'demo-agency-conversion',
    authorityCode: 'E08000026',
    userId: 'demo-sub-cov',
    publishedAt: '2024-02-20T16:00:00Z',
    content: {
      title: 'Asking agency social workers to join us permanently',
      summary:
        'The director wrote to every agency social worker, and we ran a recruitment webinar for them. Agency workers fell from 63 to 58 in a month.',
      body: [
        DEMO_LINE,
        '',
        'Agency workers cost us about £30,000 a year more than a permanent post. Many had been with us for years and liked their teams, but nobody had ever asked them to stay.',
        '',
        'So the **director wrote to each agency social worker** personally, and we held a webinar for them on pay, progression and flexible working. Those who moved kept their team and their cases.',
        '',
        'Agency workers went from **63 in September 2020 to 58 in October**.',
      ].join('\n'),
      themes: ['agency-reduction', 'culture-leadership'],
      metrics: [{ metric: 'agencyRate', from: '2022-23-Q1', to: null }],
      authorName: 'Sam Submitter (demo)',
      authorRole: 'Workforce development manager',
      contactEmail: 'workforce@coventry.demo.test',
    },
  },
  {
    id: 'demo-progression-scheme',
    authorityCode: 'E08000026',
    userId: 'demo-sub-cov',
    publishedAt: '2024-03-04T10:30:00Z',
    content: {
      title: 'An advanced social worker grade instead of a market supplement',
      summary:
        'A £5,000 supplement paid to 43 of 303 social workers became an advanced practitioner grade open to all after three years, with a panel that includes young people. Cost neutral.',
      body: [
        DEMO_LINE,
        '',
        'A market supplement went to some teams and not others, and divided them. We replaced it with a **progression scheme**:',
        '',
        '1. three years after qualifying, any social worker can apply for the advanced grade;',
        '2. they present their practice to a panel that includes young people we work with;',
        '3. the grade carries the pay the supplement did, and more responsibility for teaching.',
        '',
        '50 FTE moved to the advanced grade, at no extra cost. Staff now see a way to progress without leaving practice, or leaving us.',
      ].join('\n'),
      themes: ['training-progression', 'pay-benefits', 'recognition'],
      metrics: [
        { metric: 'turnoverRate', from: '2022-23-Q4', to: null },
        { metric: 'experiencedShare', from: '2022-23-Q1', to: null },
      ],
      authorName: 'Sam Submitter (demo)',
      authorRole: 'Workforce development manager',
      contactEmail: 'workforce@coventry.demo.test',
    },
  },
  {
    id: 'demo-refer-a-friend',
    authorityCode: 'E08000026',
    userId: 'demo-sub-cov',
    publishedAt: '2023-11-28T12:00:00Z',
    content: {
      title: '"Refer a friend": our social workers recruit their friends',
      summary: 'A payment to staff who introduce an experienced social worker who joins and stays: 3 joined this way.',
      body: [
        DEMO_LINE,
        '',
        'Three in ten social workers say they applied because of the team or the manager. We asked our staff to tell their friends, and paid a bonus when an experienced social worker they introduced had stayed six months.',
        '',
        'Three experienced social workers joined this way. It is small, but each one came knowing someone here.',
      ].join('\n'),
      themes: ['recruitment-marketing', 'recognition'],
      metrics: [{ metric: 'vacancyRate', from: '2022-23-Q1', to: '2023-24-Q4' }],
      authorName: 'Sam Submitter (demo)',
      authorRole: 'Workforce development manager',
      contactEmail: null,
    },
  },
  {
    id: 'demo-wellbeing-wednesday',
    authorityCode: 'E08000003',
    userId: null,
    publishedAt: '2024-04-02T09:00:00Z',
    content: {
      title: 'A wellbeing offer built on protected reflection time',
      summary:
        'Every Wednesday afternoon is protected for reflection, supervision and study; we recruit on values in group interviews and fund post-qualifying study.',
      body: [
        DEMO_LINE,
        '',
        'Our wellbeing offer starts with time. **"Wise Wednesday"** afternoons are kept free of visits and meetings, for reflective supervision, peer groups and study.',
        '',
        'Alongside it we recruit on values, with group interviews, and we fund post-qualifying study for those who want it. Sickness absence is the measure we watch.',
      ].join('\n'),
      themes: ['wellbeing', 'supervision-support'],
      metrics: [{ metric: 'absenceRate', from: '2022-23-Q4', to: null }],
      authorName: 'Mel Example (demo)',
      authorRole: 'Principal social worker',
      contactEmail: 'psw@manchester.demo.test',
    },
  },
];

/**
 * Inserts the demo notes, published, each written by the demo user of its authority when the
 * database has one (tests call this with their own users in place).
 */
export async function insertDemoNotes(db: Db): Promise<void> {
  const existing = new Set((await db.select({ id: users.id }).from(users)).map((u) => u.id));
  for (const note of DEMO_NOTES) {
    const publishedAt = new Date(note.publishedAt);
    await createNote(db, {
      id: note.id,
      authorityCode: note.authorityCode,
      content: note.content,
      userId: note.userId !== null && existing.has(note.userId) ? note.userId : null,
      // Written a week before it was published.
      at: new Date(publishedAt.getTime() - 7 * 86_400_000),
      publishedAt,
      demo: true,
    });
  }
}
