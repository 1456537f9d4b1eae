/** Header rows of real contact exports, for import tests (names as the programs write them). */

/** Outlook's CSV export ("Comma Separated Values"), English: its columns in order, address details left out. */
export const OUTLOOK_HEADERS = [
  'First Name', 'Middle Name', 'Last Name', 'Title', 'Suffix', 'Initials', 'Web Page', 'Gender', 'Birthday', 'Anniversary',
  'Location', 'Language', 'Internet Free Busy', 'Notes', 'E-mail Address', 'E-mail 2 Address', 'E-mail 3 Address',
  'Primary Phone', 'Home Phone', 'Home Phone 2', 'Mobile Phone', 'Pager', 'Home Fax', 'Home Address', 'Home Street',
  'Home City', 'Spouse', 'Children', "Manager's Name", "Assistant's Name", 'Referred By', 'Company Main Phone',
  'Business Phone', 'Business Phone 2', 'Business Fax', "Assistant's Phone", 'Company', 'Job Title', 'Department',
  'Other Phone', 'Other Fax', 'Callback', 'Car Phone', 'ISDN', 'Radio Phone', 'TTY/TDD Phone', 'Telex',
];

/** Google Contacts' CSV export since 2024. */
export const GOOGLE_HEADERS = [
  'First Name', 'Middle Name', 'Last Name', 'Phonetic First Name', 'Phonetic Middle Name', 'Phonetic Last Name',
  'Name Prefix', 'Name Suffix', 'Nickname', 'File As', 'Organization Name', 'Organization Title',
  'Organization Department', 'Birthday', 'Notes', 'Photo', 'Labels', 'E-mail 1 - Label', 'E-mail 1 - Value',
  'Phone 1 - Label', 'Phone 1 - Value', 'Phone 2 - Label', 'Phone 2 - Value',
];

/** Google's older "Google CSV". */
export const OLD_GOOGLE_HEADERS = ['Name', 'Given Name', 'Additional Name', 'Family Name', 'Yomi Name', 'Nickname', 'Organization 1 - Type', 'Organization 1 - Name', 'Phone 1 - Type', 'Phone 1 - Value'];

/** Thunderbird's address book export in Czech. */
export const THUNDERBIRD_CS = ['Křestní jméno', 'Příjmení', 'Zobrazené jméno', 'Přezdívka', 'První e-mail', 'Telefon do zaměstnání', 'Telefon domů', 'Faxové číslo', 'Číslo na pager', 'Číslo na mobil', 'Adresa domů', 'Společnost'];
