/**
 * The iPBX's contact list (`GET {apiUrl}/contacts`), as the platform's mobile app reads it:
 * `[{id, firstName, lastName, company, email, phoneNumbers: [{type: "ip"|"pev"|"mob"|"fax", number}]}]`.
 * Tolerant per contact: one broken contact (or one broken number) is skipped and counted, never the whole list.
 */
import * as v from 'valibot';
import { cleanText, type ContactPhone, type ContactRecord, type PhoneType } from '../../shared/contact-record.ts';
import { Slicer, type SliceOptions } from '../../shared/time-slices.ts';

/** A text field the server may leave out or send as null. */
const Text = v.nullish(v.string(), '');

const IpbxPhoneSchema = v.object({
  type: Text,
  // A number sent as a JSON number (777888999) is read as its digits.
  number: v.pipe(v.union([v.string(), v.pipe(v.number(), v.integer(), v.transform(String))]), v.trim(), v.nonEmpty()),
});

const IpbxContactSchema = v.object({
  id: v.optional(v.nullable(v.union([v.string(), v.number()]))),
  firstName: Text,
  lastName: Text,
  company: Text,
  email: Text,
  phoneNumbers: v.nullish(v.array(v.unknown()), []),
});

export type IpbxContact = v.InferOutput<typeof IpbxContactSchema>;

/** The platform's number types: an IP line (internal), a landline ("pevná"), a mobile, a fax. */
const TYPES: Record<string, PhoneType> = { ip: 'internal', pev: 'work', mob: 'mobile', fax: 'fax' };

export type IpbxContactsResult =
  | {
      ok: true;
      contacts: ContactRecord[];
      /** Entries that are not contacts. */
      invalid: number;
      /** Contacts without a number. */
      withoutNumber: number;
      /** Broken numbers dropped from otherwise good contacts. */
      invalidNumbers: number;
    }
  /** i18n key: the answer is not a list of contacts. */
  | { ok: false; error: 'ipbxContactsErrNotList' };

function phonesOf(contact: IpbxContact): { phones: ContactPhone[]; invalid: number } {
  const phones: ContactPhone[] = [];
  let invalid = 0;
  for (const raw of contact.phoneNumbers) {
    const parsed = v.safeParse(IpbxPhoneSchema, raw);
    if (!parsed.success) {
      invalid++;
      continue;
    }
    phones.push({
      number: cleanText(parsed.output.number),
      type: TYPES[parsed.output.type.trim().toLowerCase()] ?? 'other',
    });
  }
  return { phones, invalid };
}

/** The contacts in the iPBX's answer (parsed JSON), in the answer's order; yields between slices. */
export async function readIpbxContacts(json: unknown, opts: SliceOptions = {}): Promise<IpbxContactsResult> {
  if (!Array.isArray(json)) return { ok: false, error: 'ipbxContactsErrNotList' };
  const slicer = new Slicer(opts);
  const result: IpbxContactsResult & { ok: true } = {
    ok: true,
    contacts: [],
    invalid: 0,
    withoutNumber: 0,
    invalidNumbers: 0,
  };
  for (let i = 0; i < json.length; i++) {
    if (i % 256 === 0 && slicer.due()) await slicer.pause();
    const parsed = v.safeParse(IpbxContactSchema, json[i]);
    if (!parsed.success) {
      result.invalid++;
      continue;
    }
    const contact = parsed.output;
    const { phones, invalid } = phonesOf(contact);
    result.invalidNumbers += invalid;
    if (phones.length === 0) {
      result.withoutNumber++;
      continue;
    }
    const company = cleanText(contact.company);
    const name =
      cleanText(`${contact.firstName} ${contact.lastName}`) ||
      company ||
      cleanText(contact.email) ||
      (phones[0]?.number ?? '');
    result.contacts.push({ name, company, phones });
  }
  slicer.finish();
  return result;
}
