import { describe, expect, it } from 'vitest';
import { PLANNED_EACH_TIME, PLANNED_ONCE, PlannedOnceBudget, withValuesWritten } from './planned-each-time.js';

describe('withValuesWritten', () => {
  it('writes each value in as a quoted literal, by its number, without the planned-each-time mark', () => {
    const params = ['a', 'b', 'c', 'd', 'e', 'f', 'g', 'h', 'i', 'j', 21, true, null];
    const query = { sql: `${PLANNED_EACH_TIME} select 1 where x in ($1, $2, $3, $4, $5, $6, $7, $8, $9) and y = $10 limit $11 -- $12 $13`, params };
    expect(withValuesWritten(query)).toEqual({
      sql: `${PLANNED_ONCE} select 1 where x in ('a', 'b', 'c', 'd', 'e', 'f', 'g', 'h', 'i') and y = 'j' limit '21' -- 'true' null`,
      params: [],
    });
  });

  it("doubles a string's quotes, so a value cannot end its literal", () => {
    expect(withValuesWritten({ sql: 'select $1', params: ["O'Brien') or (true"] })?.sql).toBe(`${PLANNED_ONCE} select 'O''Brien'') or (true'`);
  });

  it('writes numbers quoted, so a negative one cannot start a comment after a minus', () => {
    expect(withValuesWritten({ sql: 'select 1-$1', params: [-1] })?.sql).toBe(`${PLANNED_ONCE} select 1-'-1'`);
  });

  it('leaves a statement with any other value to be planned each time', () => {
    for (const value of ['a\\b', 'a\0b', Number.NaN, Infinity, new Date(0), ['a'], { a: 1 }, 1n, undefined]) {
      expect(withValuesWritten({ sql: 'select $1', params: [value] }), String(value)).toBeUndefined();
    }
  });
});

describe('PlannedOnceBudget', () => {
  it('allows so many a window, then none until the next window', () => {
    const budget = new PlannedOnceBudget(2, 1000);
    expect([budget.take(0), budget.take(10), budget.take(20), budget.take(999)]).toEqual([true, true, false, false]);
    expect([budget.take(1000), budget.take(1001), budget.take(1002)]).toEqual([true, true, false]);
  });
});
