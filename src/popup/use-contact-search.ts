/**
 * The dial box's suggestions: what was typed goes to the background (contacts never leave it), the few best matches
 * come back. Asked a moment after the last keystroke; an answer to an older query is dropped.
 */
import { useEffect, useRef, useState } from 'preact/hooks';
import type { ContactSuggestion } from '../shared/contacts-status.ts';
import { request } from '../shared/messages.ts';

const DEBOUNCE_MS = 120;
/** Two letters, or three digits (fewer would match half the book). */
const WORTH_ASKING = /\p{L}.*\p{L}|[0-9](?:\D*[0-9]){2}/u;

export function useContactSearch(text: string): ContactSuggestion[] {
  const [found, setFound] = useState<ContactSuggestion[]>([]);
  const asked = useRef(0);
  useEffect(() => {
    const query = text.trim();
    const id = ++asked.current;
    if (!WORTH_ASKING.test(query)) {
      setFound([]);
      return;
    }
    const timer = setTimeout(() => {
      void request('contactsSearch', { query }).then((reply) => {
        if (asked.current === id) setFound(reply.ok ? reply.value : []);
      });
    }, DEBOUNCE_MS);
    return () => clearTimeout(timer);
  }, [text]);
  return found;
}
