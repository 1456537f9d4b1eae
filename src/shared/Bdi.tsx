/**
 * A number or a name from outside (the iPBX, a page) shown isolated and left to right, without bidi controls of its
 * own: whatever the text around it, its characters show in the order they are dialled or written (bidi.ts).
 */
import { stripBidi } from './bidi.ts';
import { t, type MessageKey } from './i18n.ts';

export function Bdi({ children, class: className }: { children: string; class?: string }) {
  return (
    <bdi dir="ltr" class={className}>
      {stripBidi(children)}
    </bdi>
  );
}

/** A message whose one substitution is a number ("Call $1?"), with the number isolated in it. */
export function WithNumber({ message, number }: { message: MessageKey; number: string }) {
  const [before = '', after = ''] = t(message, '\u0001').split('\u0001');
  return (
    <>
      {before}
      <Bdi class="number">{number}</Bdi>
      {after}
    </>
  );
}
