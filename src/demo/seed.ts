/**
 * Demo data, seeded once: the directory of src/demo/directory.ts and a handful of requests in
 * different states, made through the same use cases a GP and a psychiatrist would use.
 */
import type { Database } from '../store/database.js';
import { createStore } from '../store/index.js';
import { seedDirectory } from '../store/seed-directory.js';
import type { CreateInput } from '../services/inputs.js';
import type { Actor } from '../domain/actor.js';
import type { Clock } from '../services/ports/store.js';
import { RequestService } from '../services/requests.js';
import { DEMO, DEMO_CLIENTS, DEMO_USERS } from './directory.js';

const PATIENT_SYSTEM = 'urn:liaison:demo:patient-id';

export async function seedDemoData(db: Database, clock: Clock): Promise<{ seeded: boolean }> {
  const store = createStore(db);
  const gp = DEMO_USERS[0]!;
  if (await store.directory.findUser(gp.id)) return { seeded: false };
  await seedDirectory(
    db,
    {
      organisations: [
        { id: DEMO.practice.id, name: DEMO.practice.name, kind: 'practice', defaultServiceId: DEMO.service.id },
        { id: DEMO.otherPractice.id, name: DEMO.otherPractice.name, kind: 'practice', defaultServiceId: DEMO.service.id },
        { id: DEMO.mentalHealth.id, name: DEMO.mentalHealth.name, kind: 'specialist', defaultServiceId: null },
      ],
      services: [
        { ...DEMO.service, organisationId: DEMO.mentalHealth.id, specialty: 'psychiatry' },
        { ...DEMO.crisisService, organisationId: DEMO.mentalHealth.id, specialty: 'psychiatry' },
      ],
      users: DEMO_USERS,
      clients: DEMO_CLIENTS,
    },
    clock.now(),
  );
  // What each psychiatrist brings to assignment (weekly capacity, fields, languages).
  await store.directory.setClinicianProfile(DEMO_USERS[2]!.id, { weeklyCapacity: 8, subSpecialties: ['perinatal', 'old-age'], languages: ['en', 'de'] });
  await store.directory.setClinicianProfile(DEMO_USERS[3]!.id, { weeklyCapacity: 6, subSpecialties: ['addiction', 'psychosis'], languages: ['en', 'tr', 'pl'] });
  await seedRequests(new RequestService(store, clock), store);
  return { seeded: true };
}

async function seedRequests(requests: RequestService, store: ReturnType<typeof createStore>): Promise<void> {
  const actor = async (id: string): Promise<Actor> => (await store.directory.findUser(id))!;
  const [gp, gp2, psychiatrist, , , , otherGp] = await Promise.all(DEMO_USERS.map((u) => actor(u.id)));
  const patient = (n: number, family: string, given: string, birthDate: string, sex: 'female' | 'male') => ({
    identifier: { system: PATIENT_SYSTEM, value: `DEMO-${String(n).padStart(4, '0')}` },
    name: { family, given: [given] },
    birthDate,
    sex,
  });
  const base = (p: ReturnType<typeof patient>, question: string, extra: Partial<CreateInput> = {}): CreateInput => ({
    patient: p,
    clinicalQuestion: question,
    reason: { text: '', codes: [] },
    priority: 'routine',
    requestedForm: 'joint-in-person',
    consent: { given: true },
    riskFlags: [],
    scores: {},
    ...extra,
  });

  await requests.create(gp!, base(patient(1, 'Jansen', 'Eva', '1984-03-12', 'female'), 'Persistent low mood after job loss; is an SSRI indicated?', { consent: { given: false } }), { submit: false });

  await requests.create(gp!, base(patient(2, 'de Vries', 'Tom', '1971-11-02', 'male'), 'Sleep problems and worry for six months. Generalised anxiety? Treatment options?', { scores: { gad7Total: 14 }, requestedForm: 'advice-only' }), { submit: true });

  await requests.create(
    gp2!,
    base(patient(3, 'Müller', 'Lena', '1995-07-21', 'female'), 'Depressive episode with passive death wishes; please assess jointly.', {
      scores: { phq9Total: 19, phq9Item9: 1 },
      reason: { text: 'Moderately severe depression, PHQ-9 19', codes: [{ system: 'http://hl7.org/fhir/sid/icd-10', code: 'F32.1', display: 'Moderate depressive episode' }] },
    }),
    { submit: true },
  );

  const asked = await requests.create(gp!, base(patient(4, 'Kowalski', 'Piotr', '1962-01-30', 'male'), 'Lithium levels fluctuating; dose advice?', { requestedForm: 'advice-only' }), { submit: true });
  await requests.act(psychiatrist!, asked.request.id, { action: 'request-information', question: 'Please send the last three lithium levels and the current eGFR.' }, null);

  const accepted = await requests.create(gp!, base(patient(5, 'Rossi', 'Giulia', '1990-09-09', 'female'), 'Postpartum anxiety, breastfeeding; safe medication?', { requestedForm: 'joint-video' }), { submit: true });
  await requests.act(psychiatrist!, accepted.request.id, { action: 'accept', agreedForm: 'joint-video' }, null);

  const advised = await requests.create(gp2!, base(patient(6, 'Nguyen', 'Minh', '1979-05-15', 'male'), 'Adjustment disorder or depression? Psychotherapy referral?', { requestedForm: 'advice-only' }), { submit: true });
  await requests.act(psychiatrist!, advised.request.id, { action: 'give-advice', advice: 'Adjustment disorder is more likely. Offer guided self-help and review in four weeks; refer for psychotherapy if PHQ-9 stays above 10.' }, null);

  const done = await requests.create(gp!, base(patient(7, 'Hoffmann', 'Clara', '1958-12-01', 'female'), 'Late-onset psychotic symptoms? Joint assessment please.'), { submit: true });
  await requests.act(psychiatrist!, done.request.id, { action: 'accept', agreedForm: 'joint-in-person' }, null);
  await requests.act(psychiatrist!, done.request.id, { action: 'complete', summary: 'Seen jointly. Delirium excluded; mild cognitive impairment with secondary anxiety. Plan agreed with the GP.', outcomeCode: 'joint-follow-up', recommendations: ['Memory clinic referral', 'Sertraline 25 mg, review in 2 weeks'] }, null);
  await requests.act(gp!, done.request.id, { action: 'close', referralAvoided: true }, null);

  await requests.create(otherGp!, base(patient(8, 'Bakker', 'Sanne', '1988-02-14', 'female'), 'Panic attacks; CBT or medication first?'), { submit: true });
}
