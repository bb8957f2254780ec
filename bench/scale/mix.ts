/**
 * The mix of a generated clinic: how many requests live through which story, where (practice,
 * service, people, patient) and when. Open work is placed per service — about 800 requests in the
 * demo service's triage queue and a few dozen in every other queue at 1,000,000 requests — and
 * the rest is closed history over the last three years. Counts scale with the number requested.
 */
import type { ScaleDirectory, ScalePractice, Shape } from './directory.js';
import { Random, WeightedTable } from './random.js';
import { STORIES, VARIANTS, type StoryName } from './stories.js';
import type { Template } from './templates.js';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const WEEK = 7 * DAY;

/** Open requests per service at 1,000,000 requests (the demo service's queue is the big one). */
const DEMO_QUEUE = 800;
const QUEUE_PER_SERVICE = 40;
const QUEUE_SHARE: Partial<Record<StoryName, number>> = { submitted: 0.7, 'submitted-after-information': 0.12, 'awaiting-information': 0.18 };
const IN_PROGRESS_PER_SERVICE: Partial<Record<StoryName, number>> = { accepted: 12, scheduled: 10, 'advice-given': 8 };
/** Requests in these stories at 1,000,000, wherever they fall. */
const ANYWHERE: Partial<Record<StoryName, number>> = { draft: 2000, declined: 1500, completed: 8000, 'cancelled-draft': 500 };
/** The closed history shares the rest. */
const HISTORY: Partial<Record<StoryName, number>> = {
  'closed-visit': 0.3,
  'closed-advice': 0.33,
  'closed-decline': 0.09,
  'closed-after-information': 0.08,
  'closed-converted': 0.03,
  'closed-reconsult': 0.03,
  'closed-clinic-visit': 0.06,
  cancelled: 0.04,
  redirected: 0.02,
  'entered-in-error': 0.01,
};
/** How long ago open work may have ended its last step: a stat request waits hours, a routine one up to two weeks. */
const QUEUE_WINDOW = { routine: 14 * DAY, urgent: 4 * DAY, asap: 2 * DAY, stat: 8 * HOUR };
const OPEN_WINDOW: Partial<Record<StoryName, number>> = { draft: 60 * DAY, accepted: 21 * DAY, scheduled: 21 * DAY, 'advice-given': 14 * DAY, completed: 30 * DAY, declined: 30 * DAY };
const HISTORY_YEARS = 3;

/** One generated story: which template, where, and how far its times move. */
export interface Clone {
  template: Template;
  practice: ScalePractice;
  service: number;
  /** Where a redirect sends its replacement. */
  serviceB: number;
  deltaMs: number;
  /** When it was created (the load is ordered by it, like a real table). */
  startMs: number;
}

/** Every clone of a run, oldest first, making about `requests` requests. */
export function planClones(shape: Shape, requests: number, directory: ScaleDirectory, templates: Template[], now: Date): Clone[] {
  const random = new Random(shape === 'spread' ? 1 : 2);
  const scale = requests / 1_000_000;
  const byStory = new Map<StoryName, WeightedTable<Template>>();
  for (const story of Object.keys(STORIES) as StoryName[]) {
    const own = templates.filter((t) => t.story === story);
    byStory.set(story, new WeightedTable(own, own.map((t) => VARIANTS.find((v) => v.variant === t.variant)!.share)));
  }
  const practices = new WeightedTable(directory.practices, directory.practices.map((p) => p.weight));
  const services = directory.services.length;
  const clones: Clone[] = [];
  const add = (story: StoryName, count: number, service: number | null) => {
    for (let n = 0; n < count; n++) {
      const template = byStory.get(story)!.pick(random.next());
      const practice = practices.pick(random.next());
      const at = service ?? (shape === 'spread' && random.chance(0.6) ? practice.defaultService : random.int(0, services - 1));
      const serviceB = (at + random.int(1, services - 1)) % services;
      const open = story in OPEN_WINDOW || story in QUEUE_SHARE;
      const window = story in QUEUE_SHARE ? QUEUE_WINDOW[template.variant.priority] : (OPEN_WINDOW[story] ?? 0);
      // Open work ends its last step within its window, exactly; history lands on the weekday and hour it was played.
      const target = open ? now.getTime() - HOUR - random.next() * window : now.getTime() - 2 * DAY - random.next() * HISTORY_YEARS * 365 * DAY;
      const deltaMs = open ? Math.round(target - template.endMs) : Math.floor((target - template.endMs) / WEEK) * WEEK + Math.round(random.next() * HOUR);
      clones.push({ template, practice, service: at, serviceB, deltaMs, startMs: template.startMs + deltaMs });
    }
  };
  // Each service's queue and work in progress, then what may fall anywhere, then the history.
  for (let s = 0; s < services; s++) {
    const queue = (s === 0 ? DEMO_QUEUE : QUEUE_PER_SERVICE) * scale;
    for (const [story, share] of Object.entries(QUEUE_SHARE)) add(story as StoryName, Math.round(queue * share), s);
    for (const [story, count] of Object.entries(IN_PROGRESS_PER_SERVICE)) add(story as StoryName, Math.round(count * scale), s);
  }
  for (const [story, count] of Object.entries(ANYWHERE)) add(story as StoryName, Math.round(count * scale), null);
  const made = clones.reduce((sum, c) => sum + c.template.requests, 0);
  const perHistory = Object.entries(HISTORY).reduce((sum, [story, share]) => sum + share * (story === 'redirected' ? 2 : 1), 0);
  const historyClones = Math.max(0, (requests - made) / perHistory);
  let left = requests - made;
  for (const [story, share] of Object.entries(HISTORY)) {
    const size = story === 'redirected' ? 2 : 1;
    const count = Math.min(Math.round(historyClones * share), Math.floor(left / size));
    add(story as StoryName, count, null);
    left -= count * size;
  }
  // Whatever rounding left over is closed advice (one request each).
  add('closed-advice', Math.max(0, left), null);
  return clones.sort((a, b) => a.startMs - b.startMs);
}
