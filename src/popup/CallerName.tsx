/**
 * Who is calling, as the call panel shows it: the name first, then the company, and "+N more" with the other names
 * when several contacts share the number (the order is the documented one: background/contacts/merge.ts). Names come
 * from files and servers we do not control: they are rendered as text, each in its own bidi isolate.
 */
import './caller.css';
import type { CallerInfo } from '../shared/caller.ts';
import { plural } from '../shared/i18n.ts';

export function CallerName({ caller }: { caller: CallerInfo }) {
  const others = caller.others ?? [];
  return (
    <span class="caller">
      <bdi class="caller-name">{caller.name}</bdi>
      {caller.company && <bdi class="caller-company">{caller.company}</bdi>}
      {others.length > 0 && (
        <details class="caller-others">
          <summary>{plural('callerMore', others.length)}</summary>
          {others.map((name, i) => (
            <bdi key={`${i}:${name}`} class="caller-other">
              {name}
            </bdi>
          ))}
        </details>
      )}
    </span>
  );
}
