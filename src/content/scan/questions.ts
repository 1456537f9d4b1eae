/**
 * The questions to the background: each text the walk read, with its candidates (the in-page filter, candidates.ts,
 * given the text before the node), waits for the background's answer on them; questions go out in batches, and answers
 * are cached per page so re-rendered lists cost no round trip. Answered texts move to `ready`, where the linker takes
 * them.
 */
import { candidatesAfterTest, type Candidate } from '../candidates.ts';
import type { Scanner } from '../scanner.ts';
import type { PageNumber } from '../../shared/messages.ts';
import { skippedInRow } from './skip-rules.ts';

/**
 * Texts per question. Smaller batches keep the tasks around an answer short: on the 50k-row table our longest script
 * task passed 50 ms in 5 of 8 runs with 2,000, in 5 of 15 with 1,000, and in 3 of 15 with 1,000 and frames that leave
 * cells to the slices (linker.ts, link); what is left is GC and waiting for a core (bench/results/2026-12-03c-*.json).
 */
const BATCH = 1_000;
/**
 * Texts waiting for an answer at most: the walk pauses there until answers come. Without it, on a 50k-row table the
 * walk ran tens of thousands of texts (and the nodes they hold) ahead of the answers; this bounds that memory.
 */
const MAX_WAITING = 2 * BATCH;
/** Texts whose candidates are remembered: re-rendered lists repeat their texts. Cleared when full. */
const CANDIDATE_CACHE = 10_000;
const INLINE = new Set(['b', 'strong', 'i', 'em', 'span', 'small', 'label', 'u', 'font']);

export interface PendingText {
  node: Text;
  data: string;
  candidates: Candidate[];
  /** Scanner.pageEdits when it was read. */
  edits: number;
  /** Scanner.editableChanges when it was read. */
  editables: number;
}

export interface PendingAnchor {
  a: HTMLAnchorElement;
  target: string;
  editables: number;
}

function contextBefore(node: Text): string {
  let prev = node.previousSibling;
  if (!prev) {
    const parent = node.parentElement;
    if (parent && INLINE.has(parent.localName)) prev = parent.previousSibling;
  }
  if (!prev) return '';
  if (prev.nodeType === Node.TEXT_NODE) return (prev as Text).data.slice(-32);
  return prev.nodeType === Node.ELEMENT_NODE && (prev as Element).childElementCount < 4
    ? (prev.textContent ?? '').slice(-32)
    : '';
}

export class Questions {
  /** The background's answers by text; a call link's href as `L:` and its target. */
  readonly answers = new Map<string, PageNumber | null>();
  /** Candidates by context and text: a re-rendered row costs a lookup, not the filter's regexes. */
  readonly #candidateCache = new Map<string, Candidate[]>();
  #waiting: PendingText[] = [];
  #waitingAnchors: PendingAnchor[] = [];
  /** Answered texts, in walk order: the linker's. */
  ready: PendingText[] = [];
  readyAnchors: PendingAnchor[] = [];
  readonly #ask = new Set<string>();
  readonly #askLinks = new Set<string>();
  #asking = 0;
  readonly #scan: Scanner;

  constructor(scan: Scanner) {
    this.#scan = scan;
  }

  /** classify() calls not answered yet. */
  get asking(): number {
    return this.#asking;
  }

  /** Texts and links waiting for an answer. */
  waitingCount(): number {
    return this.#waiting.length + this.#waitingAnchors.length;
  }

  /** The walk waits: enough texts wait for answers (MAX_WAITING). */
  paused(): boolean {
    return this.#waiting.length >= MAX_WAITING;
  }

  /** Forgets every text and link not linked yet (stop()); the answers stay. */
  clear(): void {
    this.#waiting = [];
    this.#waitingAnchors = [];
    this.ready = [];
    this.readyAnchors = [];
  }

  /** New dial rules: the answers no longer hold. */
  forgetAnswers(): void {
    this.answers.clear();
  }

  /**
   * Queues a text (`data`, which passed MAYBE_NUMBER) with candidates for the background's answer. `row`: the text was
   * not reached through its ancestors but through this row of a table section, so whether it lies in a region we never
   * look into is asked here, once it has candidates.
   */
  queueCandidates(node: Text, data: string, row: Element | null): void {
    // Text inside our marks and marked cells gets past here only in a section's row, and the row check drops it: the
    // element walk skips marks and marked cells, inSkippedRegion drops a root inside one, and a change in a marked cell
    // unmarks it first.
    if (this.#scan.marks.isSplitOriginal(node)) return;
    let candidates = this.#candidatesIn(data, '');
    if (candidates.length === 0) return;
    // The text before the node can only rule candidates out ("IČO:", a currency), so it is read only when there are some.
    const before = contextBefore(node);
    if (before !== '') candidates = this.#candidatesIn(data, before);
    if (candidates.length === 0) return;
    if (row && skippedInRow(node, row, this.#scan.marks)) return;
    const pending = { node, data, candidates, edits: this.#scan.pageEdits, editables: this.#scan.editableChanges };
    let known = true;
    // Indexed loops here and in #isAnswered(): this code runs cold on a page's first big change (an SPA's first list),
    // where iterators cost several times more than indices.
    for (let i = 0; i < candidates.length; i++) {
      const options = candidates[i]?.options ?? [];
      for (let j = 0; j < options.length; j++) {
        const option = options[j];
        if (option && !this.answers.has(option.text)) {
          this.#ask.add(option.text);
          known = false;
        }
      }
    }
    if (known) this.ready.push(pending);
    else this.#waiting.push(pending);
  }

  /** Queues a page's call link (`target`: what its href calls) for the background's answer. */
  queueAnchor(a: HTMLAnchorElement, target: string): void {
    const key = `L:${target}`;
    const pending = { a, target, editables: this.#scan.editableChanges };
    if (this.answers.has(key)) this.readyAnchors.push(pending);
    else {
      this.#askLinks.add(target);
      this.#waitingAnchors.push(pending);
    }
  }

  /** Sends what is queued, in batches. */
  flush(): void {
    this.#sendBatch(this.#ask, false);
    this.#sendBatch(this.#askLinks, true);
  }

  #candidatesIn(data: string, before: string): Candidate[] {
    // Before the page first changes no text comes back, so the cache is not worth its cost yet (a lookup and an insert
    // per text, about 10 % of the first scan of a big table).
    if (this.#scan.pageEdits === 0) return candidatesAfterTest(data, before);
    const key = before === '' ? data : `${before}\u0000${data}`;
    let candidates = this.#candidateCache.get(key);
    if (!candidates) {
      candidates = candidatesAfterTest(data, before);
      if (this.#candidateCache.size >= CANDIDATE_CACHE) this.#candidateCache.clear();
      this.#candidateCache.set(key, candidates);
    }
    return candidates;
  }

  #sendBatch(set: Set<string>, links: boolean): void {
    while (set.size > 0) {
      const texts = [...set].slice(0, BATCH);
      for (const t of texts) set.delete(t);
      this.#asking++;
      void this.#scan.deps.classify(texts, links).then(
        (results) => {
          this.#asking--;
          texts.forEach((t, i) => {
            this.answers.set(links ? `L:${t}` : t, results[i] ?? null);
          });
          this.#settleWaiting();
        },
        () => {
          this.#asking--;
          // The background did not answer (it may be restarting): ask again shortly.
          setTimeout(() => {
            for (const t of texts) (links ? this.#askLinks : this.#ask).add(t);
            this.flush();
          }, 1_000);
        },
      );
    }
  }

  /**
   * Moves answered texts to `ready`, in walk order, up to the first one still waiting. Answers come in the order the
   * questions went out, so this touches each text about once, instead of rescanning every waiting text per answer
   * (tens of thousands on a big table).
   */
  #settleWaiting(): void {
    let n = 0;
    for (let p = this.#waiting[0]; p && this.#isAnswered(p); p = this.#waiting[++n]) this.ready.push(p);
    if (n > 0) this.#waiting = this.#waiting.slice(n);
    const anchorsWaiting: PendingAnchor[] = [];
    for (const p of this.#waitingAnchors)
      (this.answers.has(`L:${p.target}`) ? this.readyAnchors : anchorsWaiting).push(p);
    this.#waitingAnchors = anchorsWaiting;
    this.#scan.passes.afterAnswers();
  }

  #isAnswered(p: PendingText): boolean {
    const candidates = p.candidates;
    for (let i = 0; i < candidates.length; i++) {
      const options = candidates[i]?.options ?? [];
      for (let j = 0; j < options.length; j++) {
        const option = options[j];
        if (option && !this.answers.has(option.text)) return false;
      }
    }
    return true;
  }
}
