import { describe, expect, test } from 'vitest';
import { documentUrlProblem } from './document-link.js';

describe('documentUrlProblem', () => {
  test.each(['https://ehr.example.org/letters/881', 'HTTPS://EHR.example.org/a', 'http://ehr.example.org:8080/l?x=1#p=2'])('accepts %j', (url) => {
    expect(documentUrlProblem(url)).toBeNull();
  });
  test.each([
    'javascript:alert(1)',
    'data:text/html,<script>alert(1)</script>',
    'file:///etc/passwd',
    'vbscript:msgbox(1)',
    'blob:https://ehr.example.org/1',
    '/letters/881',
    '//ehr.example.org/l',
    'https://',
    'https:///path',
    ' https://ehr.example.org/l',
    'https://ehr.example.org/l\n',
    'https://ehr.example.org/a b',
    'https://user:secret@ehr.example.org/l',
    `https://ehr.example.org/${'a'.repeat(2000)}`,
  ])('refuses %j', (url) => {
    expect(documentUrlProblem(url)).toMatch(/\S/);
  });
});
