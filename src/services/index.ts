/** The composition root of the use cases: one place builds them over a store and a clock. */
import type { Clock, Store } from './ports.js';
import { AppointmentService } from './appointments.js';
import { CaseDiscussionService } from './case-discussions.js';
import { LetterService } from './letters.js';
import { MeasuresService } from './measures.js';
import { MessageService } from './messages.js';
import { RecommendationService } from './recommendations.js';
import { RequestService } from './requests.js';
import { SchedulingService } from './scheduling.js';
import { TriageService } from './triage.js';

export interface Services {
  store: Store;
  clock: Clock;
  requests: RequestService;
  messages: MessageService;
  triage: TriageService;
  recommendations: RecommendationService;
  measures: MeasuresService;
  scheduling: SchedulingService;
  caseDiscussions: CaseDiscussionService;
  appointments: AppointmentService;
  letters: LetterService;
}

export function buildServices(store: Store, clock: Clock): Services {
  const requests = new RequestService(store, clock);
  return {
    store,
    clock,
    requests,
    messages: new MessageService(store, clock, requests),
    triage: new TriageService(store, clock, requests),
    recommendations: new RecommendationService(requests),
    measures: new MeasuresService(store, clock),
    scheduling: new SchedulingService(store, clock, requests),
    caseDiscussions: new CaseDiscussionService(store, clock, requests),
    appointments: new AppointmentService(clock, requests),
    letters: new LetterService(store),
  };
}
