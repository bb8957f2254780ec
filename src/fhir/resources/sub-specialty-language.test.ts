/** What Liaison writes for the sub-specialty and the patient's language is what it reads back, whatever the EHR sent around it. */
import { describe, expect, it } from 'vitest';
import { SUB_SPECIALTIES, type SubSpecialty } from '../../domain/request.js';
import { BCP47, CODE_SYSTEM } from '../canonical.js';
import type { Json } from '../types.js';
import { patientLanguageOf, performerTypeOf, subSpecialtyOf, withLanguage } from './sub-specialty-language.js';

const lang = (code: string, system: string | undefined = BCP47, preferred?: boolean): Json => ({
  language: { coding: [{ ...(system ? { system } : {}), code }] },
  ...(preferred === undefined ? {} : { preferred }),
});

/** Patient.communication as EHRs send it. */
const SENT: Json[][] = [
  [],
  [lang('nl')],
  [lang('nl'), lang('tr', BCP47, true)],
  [lang('tur', 'urn:iso:std:iso:639-2', true), lang('en')],
  [{ language: { text: 'Turkish' } }, lang('EN', undefined)],
  [lang('tur', 'urn:iso:std:iso:639-2')],
];

const noFail = (field: string, message: string) => {
  throw new Error(`${field}: ${message}`);
};

describe('the patient language written is the one read', () => {
  it.each(SENT.flatMap((communication) => [null, 'tr', 'pt-BR', 'nl'].map((language) => ({ communication, language }))))('$language over $communication', ({ communication, language }) => {
    const patient = { resourceType: 'Patient', id: 'p', ...(communication.length ? { communication } : {}) };
    const sr = { resourceType: 'ServiceRequest', contained: [withLanguage(patient, language)], subject: { reference: '#p' } };
    expect(patientLanguageOf(sr, noFail)?.toLowerCase() ?? null).toBe(language?.toLowerCase() ?? null);
  });
});

describe('the sub-specialty written is the one read', () => {
  const sent: (Json | undefined)[] = [
    undefined,
    { text: 'Perinatal psychiatrist' },
    { coding: [{ system: 'http://snomed.info/sct', code: '80584001' }] },
    { coding: [{ system: CODE_SYSTEM.subSpecialty, code: 'trauma' }, { system: 'http://snomed.info/sct', code: '80584001' }], text: 'x' },
  ];
  it.each(sent.flatMap((performerType) => [null, ...SUB_SPECIALTIES].map((subSpecialty) => ({ performerType, subSpecialty: subSpecialty as SubSpecialty | null }))))(
    '$subSpecialty over $performerType',
    ({ performerType, subSpecialty }) => {
      const shown = performerTypeOf({ subSpecialty }, performerType);
      expect(subSpecialtyOf({ performerType: shown }, noFail)).toBe(subSpecialty);
      // What the EHR sent besides Liaison's coding stays.
      const others = (performerType?.coding as Json[] | undefined)?.filter((c) => c.system !== CODE_SYSTEM.subSpecialty) ?? [];
      for (const c of others) expect(shown?.coding).toContainEqual(c);
      if (performerType?.text) expect(shown?.text).toBe(performerType.text);
    },
  );
});
