/**
 * Risk rules at submit (PRODUCT.md, "Service levels"): a risk flag or PHQ-9 item 9 > 0 raises
 * the priority to at least urgent, with a note, and advice-only needs explicit acknowledgement.
 */
import { describe, expect, it } from 'vitest';
import { adviceOnlyNeedsAcknowledgement, applyRiskRules, hasRiskSignal, priorityRank } from './risk.js';
import { CONSULTATION_FORMS, PRIORITIES, RISK_FLAGS } from './request.js';

describe('applyRiskRules', () => {
  it('routine with a risk flag is raised to urgent, with a note saying why', () => {
    const d = applyRiskRules({ riskFlags: ['suicidal-ideation'], scores: {}, priority: 'routine' });
    expect(d.atRisk).toBe(true);
    expect(d.priority).toBe('urgent');
    expect(d.notes).toHaveLength(1);
    expect(d.notes[0]).toMatch(/routine/);
    expect(d.notes[0]).toMatch(/urgent/);
  });

  it.each(RISK_FLAGS)('every risk flag counts: %s raises routine to urgent', (flag) => {
    expect(applyRiskRules({ riskFlags: [flag], scores: {}, priority: 'routine' })).toMatchObject({
      atRisk: true,
      priority: 'urgent',
    });
  });

  it('PHQ-9 item 9 = 1 counts as a risk signal on its own', () => {
    const d = applyRiskRules({ riskFlags: [], scores: { phq9Item9: 1 }, priority: 'routine' });
    expect(d).toMatchObject({ atRisk: true, priority: 'urgent' });
    expect(d.notes).toHaveLength(1);
  });

  it.each([2, 3])('PHQ-9 item 9 = %i counts too', (item9) => {
    expect(applyRiskRules({ riskFlags: [], scores: { phq9Item9: item9 }, priority: 'routine' }).priority).toBe('urgent');
  });

  it('urgent with a risk flag stays urgent, without a note (nothing changed)', () => {
    expect(applyRiskRules({ riskFlags: ['self-harm'], scores: {}, priority: 'urgent' })).toEqual({
      atRisk: true,
      priority: 'urgent',
      notes: [],
    });
  });

  it('asap with a risk flag stays asap (never lowered to urgent)', () => {
    expect(applyRiskRules({ riskFlags: ['psychosis'], scores: { phq9Item9: 3 }, priority: 'asap' })).toEqual({
      atRisk: true,
      priority: 'asap',
      notes: [],
    });
  });

  it('stat with a risk flag stays stat', () => {
    expect(applyRiskRules({ riskFlags: ['harm-to-others'], scores: {}, priority: 'stat' })).toEqual({
      atRisk: true,
      priority: 'stat',
      notes: [],
    });
  });

  it.each(PRIORITIES)('no risk signal leaves %s unchanged, with no notes', (priority) => {
    expect(applyRiskRules({ riskFlags: [], scores: {}, priority })).toEqual({ atRisk: false, priority, notes: [] });
  });

  it('PHQ-9 item 9 = 0 is not a risk signal, even with a high total', () => {
    expect(
      applyRiskRules({ riskFlags: [], scores: { phq9Total: 24, phq9Item9: 0, gad7Total: 18 }, priority: 'routine' }),
    ).toEqual({ atRisk: false, priority: 'routine', notes: [] });
  });
});

describe('hasRiskSignal', () => {
  it('is raised by any flag or by PHQ-9 item 9 above 0, and nothing else', () => {
    expect(hasRiskSignal([], {})).toBe(false);
    expect(hasRiskSignal([], { phq9Item9: undefined })).toBe(false);
    expect(hasRiskSignal([], { phq9Item9: 0 })).toBe(false);
    expect(hasRiskSignal([], { phq9Item9: 1 })).toBe(true);
    expect(hasRiskSignal(['safeguarding'], {})).toBe(true);
    expect(hasRiskSignal(['severe-self-neglect', 'self-harm'], { phq9Item9: 0 })).toBe(true);
  });
});

describe('priorityRank', () => {
  it('orders routine < urgent < asap < stat', () => {
    const sorted = [...PRIORITIES].sort((a, b) => priorityRank(a) - priorityRank(b));
    expect(sorted).toEqual(['routine', 'urgent', 'asap', 'stat']);
  });
});

describe('adviceOnlyNeedsAcknowledgement', () => {
  it('applies only to advice-only on an at-risk request', () => {
    for (const form of CONSULTATION_FORMS) {
      expect(adviceOnlyNeedsAcknowledgement(true, form)).toBe(form === 'advice-only');
      expect(adviceOnlyNeedsAcknowledgement(false, form)).toBe(false);
    }
    expect(adviceOnlyNeedsAcknowledgement(true, null)).toBe(false);
  });
});
