/**
 * Test inputs shared by the validator tests (slim server definitions) and the harness tests (full
 * official definitions). Each call returns fresh objects. Not imported by the app.
 */
type Json = Record<string, any>;

export const validServiceRequest = (): Json => ({
  resourceType: 'ServiceRequest',
  id: 'sr1',
  meta: { lastUpdated: '2026-04-26T10:00:00Z' },
  contained: [
    {
      resourceType: 'Patient',
      id: 'p1',
      identifier: [{ system: 'urn:oid:2.16.840.1.113883.4.330.124', value: '123456789' }],
      name: [{ family: 'Tremblay', given: ['Marie'] }],
      gender: 'female',
      birthDate: '1980-02-29',
    },
  ],
  identifier: [{ system: 'https://liaison.example.org/requests', value: 'REQ-1' }],
  status: 'active',
  intent: 'order',
  priority: 'urgent',
  category: [{ coding: [{ system: 'http://snomed.info/sct', code: '306206005', display: 'Referral to service' }] }],
  code: { coding: [{ system: 'http://snomed.info/sct', code: '183524004', display: 'Referral to psychiatry service' }] },
  subject: { reference: '#p1' },
  authoredOn: '2026-04-26T09:30:00-04:00',
  requester: { reference: 'Practitioner/fp1', display: 'Dr A. Family' },
  performer: [{ reference: 'HealthcareService/0d7d3a36-5f43-4c0e-9d7b-3f1b2f6a9e10' }],
  reasonCode: [{ text: 'Treatment-resistant depression' }],
  note: [{ text: 'Please see within 2 weeks' }],
});

export const validTask = (): Json => ({
  resourceType: 'Task',
  id: 't1',
  status: 'requested',
  intent: 'order',
  focus: { reference: 'ServiceRequest/sr1' },
  authoredOn: '2026-04-26T09:30:00Z',
});

export const validOperationOutcome = (): Json => ({
  resourceType: 'OperationOutcome',
  issue: [{ severity: 'error', code: 'invalid', diagnostics: 'Priority must be routine, urgent, asap or stat.', expression: ['ServiceRequest.priority'] }],
});

export const capabilityStatementSkeleton = (): Json => ({
  resourceType: 'CapabilityStatement',
  status: 'active',
  date: '2026-04-26',
  kind: 'instance',
  software: { name: 'Liaison', version: '0.1.0' },
  implementation: { description: 'Liaison FHIR R4 API', url: 'https://liaison.example.org/fhir' },
  fhirVersion: '4.0.1',
  format: ['json'],
  rest: [
    {
      mode: 'server',
      resource: [
        {
          type: 'ServiceRequest',
          interaction: [{ code: 'read' }, { code: 'create' }, { code: 'search-type' }],
          searchParam: [{ name: 'status', type: 'token' }],
        },
        { type: 'Task', interaction: [{ code: 'read' }, { code: 'update' }] },
      ],
    },
  ],
});

/** A transaction whose second entry has an invalid priority. */
export const transactionWithBadEntry = (): Json => {
  const patientUrl = 'urn:uuid:61ebe359-bfdc-4613-8bf2-c5e300945f0a';
  const { contained: _contained, ...sr } = validServiceRequest();
  return {
    resourceType: 'Bundle',
    type: 'transaction',
    entry: [
      {
        fullUrl: patientUrl,
        resource: { resourceType: 'Patient', name: [{ family: 'Tremblay' }] },
        request: { method: 'POST', url: 'Patient' },
      },
      {
        resource: { ...sr, priority: 'whenever', subject: { reference: patientUrl } },
        request: { method: 'POST', url: 'ServiceRequest' },
      },
    ],
  };
};

/** `depth` nested objects under an extension's valueString (or a chain of nested extensions). */
export function deeplyNested(depth: number, kind: 'garbage' | 'extensions' = 'garbage'): Json {
  let inner: Json = kind === 'garbage' ? { a: 1 } : { url: 'http://example.org/leaf', valueString: 'x' };
  for (let i = 0; i < depth; i++) inner = kind === 'garbage' ? { a: inner } : { url: 'http://example.org/n', extension: [inner] };
  return { ...validServiceRequest(), extension: [kind === 'garbage' ? { url: 'http://example.org/x', valueString: inner } : inner] };
}

/** Invalid resources and where the first error must point. */
export function invalidCases(): { name: string; resource: Json; expression: string; code?: string }[] {
  const sr = validServiceRequest;
  const without = (key: string) => {
    const r = sr();
    delete r[key];
    return r;
  };
  return [
    { name: "priority 'whenever'", resource: { ...sr(), priority: 'whenever' }, expression: 'ServiceRequest.priority', code: 'code-invalid' },
    { name: 'missing subject', resource: without('subject'), expression: 'ServiceRequest.subject', code: 'structure' },
    { name: 'missing status', resource: without('status'), expression: 'ServiceRequest.status', code: 'structure' },
    { name: 'unknown element', resource: { ...sr(), foo: 'bar' }, expression: 'ServiceRequest.foo', code: 'structure' },
    { name: "authoredOn 'not-a-date'", resource: { ...sr(), authoredOn: 'not-a-date' }, expression: 'ServiceRequest.authoredOn', code: 'structure' },
    { name: "authoredOn '2023-04-31T10:00:00Z'", resource: { ...sr(), authoredOn: '2023-04-31T10:00:00Z' }, expression: 'ServiceRequest.authoredOn', code: 'value' },
    {
      name: "contained birthDate '2023-02-30'",
      resource: (() => {
        const r = sr();
        r.contained[0].birthDate = '2023-02-30';
        return r;
      })(),
      expression: 'ServiceRequest.contained[0].birthDate',
      code: 'value',
    },
    { name: "Patient birthDate '2023-02-29' (not a leap year)", resource: { resourceType: 'Patient', birthDate: '2023-02-29' }, expression: 'Patient.birthDate', code: 'value' },
    { name: 'identifier as an object', resource: { ...sr(), identifier: { system: 'urn:x', value: '1' } }, expression: 'ServiceRequest.identifier', code: 'structure' },
    { name: "Task status 'bogus'", resource: { ...validTask(), status: 'bogus' }, expression: 'Task.status', code: 'code-invalid' },
    { name: "intent 'wish'", resource: { ...sr(), intent: 'wish' }, expression: 'ServiceRequest.intent', code: 'code-invalid' },
    {
      name: "contained Patient gender 'robot'",
      resource: (() => {
        const r = sr();
        r.contained[0].gender = 'robot';
        return r;
      })(),
      expression: 'ServiceRequest.contained[0].gender',
      code: 'code-invalid',
    },
    { name: 'transaction Bundle with a bad entry', resource: transactionWithBadEntry(), expression: 'Bundle.entry[1].resource.priority', code: 'code-invalid' },
    { name: 'status as a number', resource: { ...sr(), status: 42 }, expression: 'ServiceRequest.status', code: 'structure' },
    { name: 'subject referencing an Organization', resource: { ...sr(), subject: { reference: 'Organization/o1' } }, expression: 'ServiceRequest.subject', code: 'structure' },
    { name: 'two value[x]', resource: { ...sr(), extension: [{ url: 'http://example.org/x', valueString: 'a', valueBoolean: true }] }, expression: 'ServiceRequest.extension[0].valueString', code: 'structure' },
    { name: 'empty array', resource: { ...sr(), identifier: [] }, expression: 'ServiceRequest.identifier', code: 'structure' },
    { name: 'null value', resource: { ...sr(), note: null }, expression: 'ServiceRequest.note', code: 'structure' },
    { name: 'extension without url', resource: { ...sr(), extension: [{ valueString: 'x' }] }, expression: 'ServiceRequest.extension[0].url', code: 'structure' },
    { name: 'extension with value and extensions (ext-1)', resource: { ...sr(), extension: [{ url: 'http://example.org/x', valueString: 'x', extension: [{ url: 'y', valueString: 'z' }] }] }, expression: 'ServiceRequest.extension[0]', code: 'invariant' },
    { name: 'integer beyond 32 bits', resource: { ...sr(), occurrenceTiming: { repeat: { count: 2_147_483_648 } } }, expression: 'ServiceRequest.occurrenceTiming.repeat.count', code: 'value' },
    { name: "Communication status 'sent'", resource: { resourceType: 'Communication', status: 'sent' }, expression: 'Communication.status', code: 'code-invalid' },
    { name: "OperationOutcome severity 'fatalish'", resource: { resourceType: 'OperationOutcome', issue: [{ severity: 'fatalish', code: 'invalid' }] }, expression: 'OperationOutcome.issue[0].severity', code: 'code-invalid' },
    { name: 'Observation without code', resource: { resourceType: 'Observation', status: 'final' }, expression: 'Observation.code', code: 'structure' },
  ];
}
