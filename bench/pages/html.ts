/** What every generated page shares: its head, and escaping text into HTML. */

export function esc(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

export const HEAD = `<meta charset="utf-8"><style>body{font:14px/1.4 sans-serif;margin:16px}td{padding:2px 8px;border-bottom:1px solid #ddd}</style>`;
