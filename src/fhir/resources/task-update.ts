/**
 * What the consulting side's PUT of a Task means in the lifecycle. Only the Task's owner side
 * changes Task.status (HL7 Clinical Order Workflows); each supported change is one move:
 *
 * | Task.status (businessStatus)      | move                 | taken from the Task                                   |
 * |-----------------------------------|----------------------|-------------------------------------------------------|
 * | accepted                          | accept               | owner Practitioner/{id}; agreed-form extension        |
 * | rejected                          | decline              | statusReason: decline-reason coding + text (advice)   |
 * | on-hold (awaiting-information)    | request-information  | statusReason.text (the question)                      |
 * | in-progress (advice-given)        | give-advice          | output of type advice, valueString                    |
 * | completed                         | complete             | output outcome (valueString), outcome-code (valueCoding) |
 */
import { DomainError, type FieldIssue } from '../../domain/errors.js';
import { referencedId } from '../../domain/ids.js';
import { CONSULTATION_FORMS, DECLINE_REASONS, OUTCOME_CODES, type ConsultationForm, type ConsultationRequest, type DeclineReason, type OutcomeCode } from '../../domain/request.js';
import type { ActionInput } from '../../services/inputs.js';
import type { FulfilmentChange } from '../../services/triage.js';
import { CODE_SYSTEM, EXTENSION } from '../canonical.js';
import { businessStatus, taskStatus } from '../status-map.js';
import { arr, str, type Json } from '../types.js';

/** A non-blank string member, trimmed. */
const text = (v: unknown): string | undefined => str(v)?.trim() || undefined;


/** The move a Task update asks for, or null when it changes nothing Liaison tracks. */
export function taskMove(current: ConsultationRequest, task: Json): ActionInput | null {
  const status = text(task.status);
  const business = text(arr((task.businessStatus as Json | undefined)?.coding).find((c) => c.system === CODE_SYSTEM.businessStatus)?.code);
  if (status === taskStatus(current) && (business === undefined || business === businessStatus(current))) return null;

  const issues: FieldIssue[] = [];
  const need = <T>(value: T | undefined, field: string, message: string): T => {
    if (value === undefined) issues.push({ field: `Task.${field}`, message, code: 'required' });
    return value as T;
  };
  const outputOf = (code: string) => arr(task.output).find((o) => arr((o.type as Json | undefined)?.coding).some((c) => c.system === CODE_SYSTEM.taskOutput && c.code === code));
  const reason = task.statusReason as Json | undefined;
  let move: ActionInput | null = null;

  if (status === 'accepted') {
    const owner = text((task.owner as Json | undefined)?.reference);
    const assigneeId = referencedId(owner, 'Practitioner');
    const agreed = text((arr(task.extension).find((e) => e.url === EXTENSION.agreedForm)?.valueCoding as Json | undefined)?.code);
    if (agreed !== undefined && !CONSULTATION_FORMS.includes(agreed as ConsultationForm)) issues.push({ field: 'Task.extension', message: 'Unknown form of consultation.', code: 'code-invalid' });
    move = { action: 'accept', assigneeId, agreedForm: (agreed as ConsultationForm | undefined) ?? current.requestedForm, acknowledgeRisk: riskAcknowledged(task) };
  } else if (status === 'rejected') {
    const code = text(arr(reason?.coding).find((c) => c.system === CODE_SYSTEM.declineReason)?.code);
    if (code !== undefined && !DECLINE_REASONS.includes(code as DeclineReason)) issues.push({ field: 'Task.statusReason', message: 'Unknown decline reason.', code: 'code-invalid' });
    move = {
      action: 'decline',
      reason: need(code as DeclineReason | undefined, 'statusReason.coding', `Say why, with a code from ${CODE_SYSTEM.declineReason}.`),
      advice: need(text(reason?.text), 'statusReason.text', 'Give the GP your advice in statusReason.text.'),
    };
  } else if (status === 'on-hold' && business === 'awaiting-information') {
    move = { action: 'request-information', question: need(text(reason?.text), 'statusReason.text', 'Put your question to the GP in statusReason.text.') };
  } else if (status === 'in-progress' && business === 'advice-given') {
    move = {
      action: 'give-advice',
      advice: need(text(outputOf('advice')?.valueString), 'output', 'Give the advice as an output of type advice with valueString.'),
      acknowledgeRisk: riskAcknowledged(task),
    };
  } else if (status === 'completed') {
    const code = text((outputOf('outcome-code')?.valueCoding as Json | undefined)?.code);
    if (code !== undefined && !OUTCOME_CODES.includes(code as OutcomeCode)) issues.push({ field: 'Task.output', message: 'Unknown outcome code.', code: 'code-invalid' });
    move = {
      action: 'complete',
      summary: need(text(outputOf('outcome')?.valueString), 'output', 'Give the outcome as an output of type outcome with valueString.'),
      outcomeCode: need(code as OutcomeCode | undefined, 'output', `Give an output of type outcome-code with a valueCoding from ${CODE_SYSTEM.outcome}.`),
      recommendations: arr(task.note).flatMap((n) => (text(n.text) ? [text(n.text)!] : [])),
    };
  } else {
    throw new DomainError('illegal_transition', `Liaison does not move a ${taskStatus(current)} Task to ${status}${business ? ` (${business})` : ''} through FHIR.`, {
      details: { currentState: current.state },
      issues: [{ field: 'Task.status', message: 'Supported: accepted, rejected, on-hold (awaiting-information), in-progress (advice-given), completed.', code: 'business-rule' }],
    });
  }
  if (issues.length) throw new DomainError('unprocessable', 'The Task update lacks what this move needs.', { issues });
  return move;
}

function riskAcknowledged(task: Json): boolean {
  return arr(task.extension).some((e) => e.url === EXTENSION.riskAcknowledged && e.valueBoolean === true);
}

/** Elements of the Task Liaison writes; the rest (notes, description, inputs…) is the consulting side's to keep. */
const TASK_OWNED = ['resourceType', 'id', 'meta', 'text', 'extension', 'identifier', 'basedOn', 'status', 'businessStatus', 'intent', 'priority', 'code', 'focus', 'for', 'authoredOn', 'lastModified', 'requester', 'owner', 'restriction', 'statusReason', 'output'];
/** Set by Liaison on every version, or read only by a move: not compared. */
const NOT_COMPARED = ['resourceType', 'id', 'meta', 'text', 'lastModified', 'owner', 'extension'];
const OUR_EXTENSIONS: string[] = [EXTENSION.agreedForm, EXTENSION.riskAcknowledged];

/**
 * What a Task update that moves no status changes: its owner and what Liaison keeps as sent.
 * Any other element that differs from the Task as Liaison has it is refused, by name (422).
 */
export function taskFulfilmentChange(current: ConsultationRequest, rendered: Json, task: Json): FulfilmentChange {
  const issues: FieldIssue[] = [];
  const withoutDisplay = (v: unknown): string => JSON.stringify(v ?? null, (k, x: unknown) => (k === 'display' ? undefined : x));
  for (const key of TASK_OWNED.filter((k) => !NOT_COMPARED.includes(k))) {
    if (withoutDisplay(task[key]) !== withoutDisplay(rendered[key])) {
      issues.push({ field: `Task.${key}`, message: `Liaison does not change ${key} through a Task update: ${CHANGE_HINT[key] ?? 'send it as you read it'}.`, code: 'business-rule' });
    }
  }
  const agreed = arr(task.extension).filter((e) => e.url === EXTENSION.agreedForm);
  if (withoutDisplay(agreed) !== withoutDisplay(arr(rendered.extension).filter((e) => e.url === EXTENSION.agreedForm))) {
    issues.push({ field: 'Task.extension', message: 'The agreed form is set when accepting (or converting advice to a joint consultation).', code: 'business-rule' });
  }
  const owner = text((task.owner as Json | undefined)?.reference);
  let assigneeId: string | undefined;
  if (owner !== text((rendered.owner as Json | undefined)?.reference)) {
    assigneeId = referencedId(owner, 'Practitioner')?.toLowerCase();
    if (!assigneeId) issues.push({ field: 'Task.owner', message: 'Assign the request to a psychiatrist of the service: owner Practitioner/{id}.', code: 'business-rule' });
  }
  if (issues.length) throw new DomainError('unprocessable', 'The Task update changes what Liaison does not take through a Task.', { issues });
  return { assigneeId: assigneeId === current.assigneeId ? undefined : assigneeId, taskPreserved: keptOfTask(task) };
}

/** What Liaison keeps of a Task as sent (notes, description, inputs, other extensions…), with or without a move. */
export function keptOfTask(task: Json): Record<string, unknown> | null {
  const kept: Json = Object.fromEntries(Object.entries(task).filter(([k]) => !TASK_OWNED.includes(k)));
  const extensions = arr(task.extension).filter((e) => !OUR_EXTENSIONS.includes(String(e.url)));
  if (extensions.length) kept.extension = extensions;
  return Object.keys(kept).length ? kept : null;
}

const CHANGE_HINT: Record<string, string> = {
  priority: "the requester sets the priority on its ServiceRequest; the triage order follows it",
  status: 'change the status with the move it stands for',
  businessStatus: 'change the status with the move it stands for',
  statusReason: 'it is read with a move (rejected, on-hold)',
  output: 'it is read with a move (advice-given, completed)',
};
