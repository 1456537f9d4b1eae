/** Contacts for the contact index's tests (contact-index.test.ts, contact-index-build.test.ts). */
import type { ContactSources } from '../../../src/background/contacts/contact-index-build.ts';
import type { ContactRecord } from '../../../src/shared/contact-record.ts';

/** A contact with work numbers. */
export function contact(name: string, numbers: string[], extra: Partial<ContactRecord> = {}): ContactRecord {
  return { name, company: '', phones: numbers.map((number) => ({ number, type: 'work' })), ...extra };
}

/** One person seen by every source, two people sharing a number, a foreign number, and a contact with none. */
export const SOURCES: ContactSources = {
  file: [
    contact('Jan Novák', ['777 888 999', '+420 222 333 444'], { company: 'Stavby Novák s.r.o.' }),
    contact('Eva Dvořáková', ['222-333-444'], { company: 'Stavby Novák s.r.o.' }),
    contact('Nobody', ['N/A', '12']),
    contact('Klaus Müller', ['+49 30 1234567'], { company: 'Müller GmbH' }),
  ],
  ipbx: [contact('Petr Svoboda', ['445']), contact('Jan Novák', ['+420777888999'])],
  user: [contact('Honza (stavba)', ['00420777888999'])],
  crm: [contact('Jan Novák', ['+420777888999'], { company: 'Stavby Novák', url: 'https://crm.example.com/c/1' })],
};
