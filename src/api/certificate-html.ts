/**
 * The attendance certificate as a printable HTML page (no PDF library: the browser prints it).
 * Dates and times are in the group's time zone; nothing about any patient is on it.
 */
import { DateTime } from 'luxon';
import type { Certificate } from '../services/case-discussion-records.js';

const escape = (text: string) => text.replace(/[&<>"']/g, (ch) => `&#${ch.charCodeAt(0)};`);
const DISCIPLINE: Record<string, string> = {
  psychiatrist: 'psychiatrist',
  psychologist: 'clinical psychologist',
  'family-physician': 'family physician',
  'social-worker': 'social worker',
  nurse: 'nurse',
  other: 'clinician',
};

export function certificateHtml(cert: Certificate): string {
  const local = (at: Date, format: string) => DateTime.fromJSDate(at, { zone: cert.group.timeZone }).toFormat(format);
  const period = cert.run.firstSession && cert.run.lastSession ? `${local(cert.run.firstSession, 'd LLLL yyyy')} – ${local(cert.run.lastSession, 'd LLLL yyyy')}` : '—';
  const leaders = cert.leaders.map((l) => `${escape(l.name)} (${DISCIPLINE[l.discipline ?? 'other'] ?? 'clinician'})`).join(', ');
  const rows = cert.attended
    .map((s) => `<tr><td>${local(s.startsAt, 'yyyy-LL-dd')}</td><td>${local(s.startsAt, 'HH:mm')}–${local(s.endsAt, 'HH:mm')}</td><td>${Math.round((s.endsAt.getTime() - s.startsAt.getTime()) / 60_000)} min</td></tr>`)
    .join('\n');
  return `<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><title>Attendance certificate</title>
<style>body{font-family:serif;max-width:40em;margin:2em auto}table{border-collapse:collapse}td,th{padding:.2em .8em;border-bottom:1px solid #999;text-align:left}</style>
</head>
<body>
<h1>Attendance certificate</h1>
<p>This certifies that <strong>${escape(cert.person.name)}</strong> attended the case-discussion (Balint) group
<strong>${escape(cert.group.name)}</strong> of ${escape(cert.group.hostName)}, led by ${leaders},
in the run of ${period} (${cert.group.workingTime ? 'in working time' : 'after working hours'}).</p>
<p>Sessions attended: <strong>${cert.attended.length}</strong>. Hours attended: <strong data-minutes="${cert.minutes}">${cert.hours.toFixed(2)}</strong>.</p>
<table><thead><tr><th>date</th><th>time (${escape(cert.group.timeZone)})</th><th>duration</th></tr></thead>
<tbody>
${rows}
</tbody></table>
<p>Issued by Liaison on ${local(cert.issuedAt, 'd LLLL yyyy')} (run ${cert.run.id}${cert.run.status === 'closed' ? '' : ', still running'}).</p>
</body>
</html>
`;
}
