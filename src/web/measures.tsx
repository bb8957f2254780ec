/**
 * The service's measures per priority: server-rendered SVG bar charts (no script, no library), each
 * with the same numbers in a table beside it, so nothing is told by the picture alone.
 */
import { Hono } from 'hono';
import type { Measures } from '../domain/measures.js';
import { PRIORITIES } from '../domain/request.js';
import { serviceChoice } from './consultant-routes.js';
import type { WebEnv } from './env.js';
import { render } from './render.js';
import { PRIORITY_WORDS, duration } from './words.js';

const ROWS = [...PRIORITIES, 'all'] as const;
const label = (p: (typeof ROWS)[number]) => (p === 'all' ? 'All' : PRIORITY_WORDS[p]);
const hours = (ms: number | null) => (ms === null ? null : ms / 3_600_000);
const percent = (share: number | null) => (share === null ? '—' : `${Math.round(share * 100)} %`);

/** Horizontal bars, one per priority; the value is written at the end of each bar too. */
export function BarChart({ title, values, unit }: { title: string; values: { name: string; value: number | null; text: string }[]; unit: string }) {
  const max = Math.max(1, ...values.map((v) => v.value ?? 0));
  const row = 28;
  const height = values.length * row + 10;
  return (
    <svg class="chart" viewBox={`0 0 360 ${height}`} role="img" aria-label={`${title} (${unit}); the table beside it has the numbers`}>
      {values.map((v, i) => {
        const width = v.value === null ? 0 : Math.max(2, (v.value / max) * 180);
        const y = i * row + 5;
        return (
          <g>
            <text x="0" y={y + 17} font-size="13" fill="#1f2a30">
              {v.name}
            </text>
            <rect x="130" y={y + 4} width={width} height="18" fill="#0f5f73" />
            <text x={134 + width} y={y + 17} font-size="13" fill="#1f2a30">
              {v.text}
            </text>
          </g>
        );
      })}
    </svg>
  );
}

export function measuresRoutes(): Hono<WebEnv> {
  const routes = new Hono<WebEnv>();
  routes.get('/measures', async (c) => {
    const service = await serviceChoice(c);
    const m = await c.get('services').measures.forService(c.get('actor'), service.id, {});
    const of = (p: (typeof ROWS)[number]): Measures => m.byPriority[p];
    const triage = ROWS.map((p) => ({ name: label(p), value: hours(of(p).timeToTriage.medianMs), text: of(p).timeToTriage.medianMs === null ? 'none' : duration(of(p).timeToTriage.medianMs!) }));
    const sla = ROWS.map((p) => ({ name: label(p), value: of(p).withinSla.share === null ? null : of(p).withinSla.share! * 100, text: percent(of(p).withinSla.share) }));
    return render(
      c,
      'Measures',
      <>
        {service.switcher}
        <p>
          {service.name}, requests submitted {m.from.slice(0, 10)} to {m.to.slice(0, 10)}.
        </p>
        <div class="card">
          <h2>Median time to triage</h2>
          <BarChart title="Median time to triage by priority" values={triage} unit="hours" />
          <h2>Answered within the service level</h2>
          <BarChart title="Share answered within the service level by priority" values={sla} unit="percent" />
        </div>
        <div class="table-wrap" role="region" aria-label="Measures by priority (scrolls sideways on a narrow screen)" tabindex={0}>
          <table>
            <caption>Measures by priority</caption>
            <thead>
              <tr>
                <th scope="col">Priority</th>
                <th scope="col">Submitted</th>
                <th scope="col">Median to triage</th>
                <th scope="col">90th percentile to triage</th>
                <th scope="col">Within service level</th>
                <th scope="col">Referrals avoided</th>
                <th scope="col">Recommendations followed</th>
              </tr>
            </thead>
            <tbody>
              {ROWS.map((p) => {
                const x = of(p);
                return (
                  <tr>
                    <th scope="row">{label(p)}</th>
                    <td>{x.submitted}</td>
                    <td>{x.timeToTriage.medianMs === null ? '—' : duration(x.timeToTriage.medianMs)}</td>
                    <td>{x.timeToTriage.p90Ms === null ? '—' : duration(x.timeToTriage.p90Ms)}</td>
                    <td>{percent(x.withinSla.share)}</td>
                    <td>{percent(x.referralsAvoided.share)}</td>
                    <td>{percent(x.recommendations.rate)}</td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      </>,
    );
  });
  return routes;
}
