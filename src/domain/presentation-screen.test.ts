import { describe, expect, it } from 'vitest';
import { datesIn, identifyingIssues, identifyingProblem, type KnownPatient } from './presentation-screen.js';

const known: KnownPatient[] = [{ identifier: 'ID-SECRET-12', family: 'Van der Berg', given: ['Li', 'Marta'], birthDate: '1941-03-07' }];

describe('what a Balint presentation must not carry', () => {
  it('lets a case told in the presenter’s own words through', () => {
    expect(identifyingProblem('I feel manipulated by the family of an 84-year-old patient who refuses cognitive screening; their limits are unclear.', known)).toBeNull();
    expect(identifyingProblem('A colleague as patient: 3 visits in 2 weeks', known)).toBeNull();
  });

  it('refuses e-mail addresses and long digit runs', () => {
    expect(identifyingProblem('Her son (son@example.org) calls daily', known)).toMatch(/e-mail/);
    expect(identifyingProblem('Record 4471 2290 5', known)).toMatch(/digits/);
    expect(identifyingProblem('Call 06-1234-5678', known)).toMatch(/digits/);
  });

  it("refuses the identifiers, names and birth dates of the presenter's patients, whole words only", () => {
    expect(identifyingProblem('About id-secret-12', known)).toMatch(/identifier/);
    expect(identifyingProblem('Mrs van der berg keeps calling', known)).toMatch(/name/);
    expect(identifyingProblem('Marta refuses screening', known)).toMatch(/name/);
    expect(identifyingProblem('The patient LI', known)).toMatch(/name/);
    expect(identifyingProblem('Born 7 March 1941', known)).toMatch(/birth date/);
    expect(identifyingProblem('Born March 7, 1941', known)).toMatch(/birth date/);
  });

  it('names each field that identifies', () => {
    expect(identifyingIssues({ title: 'Marta', question: 'fine' }, known).map((i) => i.field)).toEqual(['title']);
  });

  it('reads dates in the usual ways', () => {
    expect(datesIn('1941-03-07, 7.3.1941, 07/03/1941, 7 Mar 1941, March 7 1941, 31.13.2020').sort()).toEqual(['1941-03-07']);
  });
});
