/** A message on a request between the GP and the consulting side (FHIR Communication). */
import type { Identifier } from './request.js';

export type MessageKind = 'question' | 'answer' | 'information' | 'advice' | 'outcome' | 'decline';

export interface Attachment {
  url: string;
  title?: string | undefined;
  contentType?: string | undefined;
}

/** A message on a request between the GP and the consulting side (FHIR Communication). */
export interface Message {
  id: string;
  requestId: string;
  kind: MessageKind;
  inResponseTo: string | null;
  authorKind: 'user' | 'client';
  authorId: string;
  authorDisplay: string;
  sentAt: Date;
  text: string;
  attachments: Attachment[];
  preserved: Record<string, unknown> | null;
  /** The sending system's identifiers of the message (written with it; not read back). */
  identifiers?: Identifier[] | undefined;
}
