/**
 * Finds and links numbers in a document and its open shadow roots, now and as the page changes, without ever
 * holding the page's main thread for long: work runs in slices of a few milliseconds, candidates go to the
 * background in batches, and answers are cached per page so re-rendered lists cost no round trip.
 */
import { findCandidates, MAYBE_NUMBER, type Candidate } from './candidates.ts';
import {
  cellToMark,
  dropOrphans,
  isMarkedCell,
  isOurs,
  isSplitOriginal,
  linkText,
  MARK_TAG,
  markAnchor,
  markCell,
  markInfo,
  restoreAll,
  undoSplit,
  unmarkCell,
  type Found,
} from './marks.ts';
import type { PageNumber } from '../shared/messages.ts';

export interface ScannerDeps {
  /** Validates candidate texts (`links`: hrefs of tel:/sip: links, where internal lines count too). */
  classify(texts: string[], links: boolean): Promise<(PageNumber | null)[]>;
  callLabel(label: string): string;
  now(): number;
  /** Gives the page its main thread back until the next slice. */
  yieldToPage(): Promise<void>;
  /**
   * Resolves just before the next frame is drawn. DOM writes wait for it: every frame in which we changed a big table
   * costs the page a relayout, so we write once per frame, not once per slice. The walk after a change of the page
   * starts in it too (see schedule). Defaults to yieldToPage.
   */
  nextFrame?(): Promise<void>;
}

/** Never look inside these. */
const SKIP = new Set(['script', 'style', 'noscript', 'template', 'textarea', 'input', 'select', 'option', 'title', 'head', 'svg', 'math', 'canvas', 'iframe', 'object', 'embed', 'video', 'audio', MARK_TAG]);
const SKIP_SELECTOR = `${[...SKIP].join(',')},[data-ipbx-ignore],[contenteditable]:not([contenteditable="false"]),a[href]`;
const CALL_HREF = /^\s*(?:tel|callto|sips?):(?:\/\/)?([^;?@]*)/i;
const INLINE = new Set(['b', 'strong', 'i', 'em', 'span', 'small', 'label', 'u', 'font']);

/** Slice length: well under the 50 ms that counts as a long task. */
export const SLICE_MS = 8;
/**
 * Script in a frame that follows a change of the page (walk included): that frame is laid out for the page's change
 * anyway, so what we link there shares its rendering, and a re-rendered list is linked before it is drawn.
 */
const PAGE_FRAME_BUDGET_MS = 40;
/** The walk's share of such a frame: the rest of PAGE_FRAME_BUDGET_MS links what it found. */
const FRAME_WALK_MS = 20;
/** Walking right after the page's change, in its own task (see onMutations). */
const MUTATION_WALK_MS = 20;
/**
 * Script in a frame that only we change. Its style and paint are ours too (on a 10k-row table about as much again as
 * the script; at 50k rows 40 ms or more whatever we change, measured), and the whole frame should stay under 50 ms.
 * Big tables are marked in place (no relayout), so many small frames cost less than few big ones.
 */
export const LINK_BUDGET_MS = 10;
/** Texts a link pass waits for while more are coming: about what one pass links in its budget. */
const LINK_MIN_BATCH = 1_000;
const BATCH = 2_000;
/** Texts whose candidates are remembered: re-rendered lists repeat their texts. Cleared when full. */
const CANDIDATE_CACHE = 10_000;
const OBSERVE: MutationObserverInit = { childList: true, subtree: true, characterData: true };

interface PendingText {
  node: Text;
  data: string;
  candidates: Candidate[];
}

interface PendingAnchor {
  a: HTMLAnchorElement;
  target: string;
}

function contextBefore(node: Text): string {
  let prev = node.previousSibling;
  if (!prev && node.parentElement && INLINE.has(node.parentElement.localName)) prev = node.parentElement.previousSibling;
  if (!prev) return '';
  if (prev.nodeType === Node.TEXT_NODE) return (prev as Text).data.slice(-32);
  return prev.nodeType === Node.ELEMENT_NODE && (prev as Element).childElementCount < 4 ? (prev.textContent ?? '').slice(-32) : '';
}

export class Scanner {
  private readonly cache = new Map<string, PageNumber | null>();
  /** findCandidates by context and text: a re-rendered row costs a lookup, not the filter's regexes. */
  private readonly candidateCache = new Map<string, Candidate[]>();
  private readonly roots: Node[] = [];
  private walker: TreeWalker | null = null;
  /** The next node the walker will visit. */
  private cursor: Node | null = null;
  private waiting: PendingText[] = [];
  private waitingAnchors: PendingAnchor[] = [];
  private ready: PendingText[] = [];
  private readyAnchors: PendingAnchor[] = [];
  private readonly ask = new Set<string>();
  private readonly askLinks = new Set<string>();
  private readonly observers: { mo: MutationObserver; root: Node }[] = [];
  /** Roots with an observer; a new set after stop(), so start() observes them again. */
  private observed = new WeakSet<Node>();
  private running = false;
  /** A link pass is waiting for the next frame. */
  private linking = false;
  /** classify() calls not answered yet. */
  private asking = 0;
  active = false;

  constructor(
    private readonly doc: Document,
    private readonly deps: ScannerDeps,
  ) {}

  start(): void {
    if (this.active) return;
    this.active = true;
    if (this.doc.designMode === 'on') return; // the whole document is an editor
    this.observe(this.doc);
    this.roots.push(this.doc.documentElement);
    // Not in a frame callback: the page's first frames should not wait for our walk, and nothing is cached yet.
    this.schedule(false);
  }

  /** Stops watching and gives the page back its original text nodes. */
  stop(): void {
    this.active = false;
    for (const { mo } of this.observers.splice(0)) mo.disconnect();
    this.observed = new WeakSet<Node>();
    this.roots.length = 0;
    this.walker = null;
    this.waiting = [];
    this.waitingAnchors = [];
    this.ready = [];
    this.readyAnchors = [];
    restoreAll();
  }

  /** New dial rules: forget the answers, relink from scratch. */
  reset(): void {
    this.stop();
    this.cache.clear();
  }

  /** Resolves when there is nothing left to do (for tests and the benchmark). */
  async idle(): Promise<void> {
    while (this.running || this.linking || this.waiting.length > 0 || this.waitingAnchors.length > 0 || this.ready.length > 0) {
      await this.deps.yieldToPage();
    }
  }

  private observe(root: Document | ShadowRoot): void {
    if (this.observed.has(root)) return;
    this.observed.add(root);
    const mo = new MutationObserver((records) => this.onMutations(records));
    mo.observe(root, OBSERVE);
    this.observers.push({ mo, root });
  }

  /** Drops the records our own changes caused: only the page's changes need a rescan. */
  private forgetOwnRecords(): void {
    for (const { mo } of this.observers) mo.takeRecords();
  }

  /**
   * Links with the observers off: our own writes need no rescan, and unobserved they cost no MutationRecords (about
   * three per mark, and garbage to collect). The page's changes still pending are handled after.
   */
  private linkQuietly(deadline: number): void {
    const pending = this.observers.flatMap(({ mo }) => mo.takeRecords());
    for (const { mo } of this.observers) mo.disconnect();
    try {
      this.link(deadline);
    } finally {
      for (const { mo, root } of this.observers) mo.observe(root, OBSERVE);
    }
    if (pending.length > 0) this.onMutations(pending);
  }

  private onMutations(records: MutationRecord[]): void {
    if (!this.active) return;
    let removed = false;
    for (const r of records) {
      // The page changed the text of a cell we marked in place: the cell is the page's, so unmark it and look again.
      const cell = r.type === 'characterData' ? r.target.parentElement : r.target;
      if (isMarkedCell(cell)) unmarkCell(cell);
      if (r.type === 'characterData') {
        const target = r.target;
        if (isOurs(target)) continue; // the page edited a mark's text: clicks on it now refuse (see clicks.ts)
        // The page rewrote a node we had split (a framework updating its text): our pieces are stale.
        if (isSplitOriginal(target)) undoSplit(target, true);
        this.enqueue(target);
      } else if (r.addedNodes.length > 1 && r.target.nodeType === Node.ELEMENT_NODE && r.addedNodes.length === r.target.childNodes.length) {
        // Every child is new (replaceChildren, innerHTML: a re-rendered list): one root instead of thousands.
        this.enqueue(r.target);
        removed ||= r.removedNodes.length > 0;
      } else {
        r.addedNodes.forEach((n) => {
          if (!isOurs(n)) this.enqueue(n);
        });
        if (r.removedNodes.length > 0) removed = true;
      }
    }
    if (removed) dropOrphans();
    this.forgetOwnRecords();
    // Start reading the page's change at once, a little, while it is still being built: questions for new numbers
    // then go out before the page's own frame is laid out (a big re-rendered list can spend hundreds of ms there),
    // and their answers are back when it ends. Only reads here; the writes wait for the frame (see schedule).
    if (this.hasWalk()) {
      this.walk(this.deps.now() + MUTATION_WALK_MS);
      this.flushQuestions();
    }
  }

  private enqueue(node: Node | null): void {
    if (!node || !this.active) return;
    this.roots.push(node);
    this.schedule(true);
  }

  /**
   * Starts the walk after a yield, never inside the page's own task: a burst of mutations becomes one pass. For the
   * page's changes that yield is the next frame: what can be linked at once (answers already cached, as in a
   * re-rendered list) is then written before that frame is laid out, so it shares the relayout the page's own change
   * costs instead of causing another one.
   */
  private schedule(inFrame: boolean): void {
    if (this.running) return;
    this.running = true;
    const wait = inFrame && this.deps.nextFrame ? this.deps.nextFrame() : this.deps.yieldToPage();
    void wait
      .then(() => this.loop(inFrame))
      .finally(() => {
        this.running = false;
      });
  }

  private hasWalk(): boolean {
    return this.walker !== null || this.roots.length > 0;
  }

  /** `inFrame`: the first slice runs in a frame callback (see schedule), so it may also write, within a frame's budget. */
  private async loop(inFrame: boolean): Promise<void> {
    // At least one pass: the walk may already be done (onMutations reads the page's change at once), and what it
    // found still has to be linked, in this frame if it is one.
    for (;;) {
      if (!this.active) return;
      const start = this.deps.now();
      if (this.hasWalk()) this.walk(start + (inFrame ? FRAME_WALK_MS : SLICE_MS));
      this.flushQuestions();
      if (inFrame && !this.linking) this.linkQuietly(start + PAGE_FRAME_BUDGET_MS);
      inFrame = false;
      this.scheduleLink();
      if (!this.hasWalk()) return;
      await this.deps.yieldToPage();
    }
  }

  /**
   * One link pass per frame, LINK_BUDGET_MS long, until everything ready is linked. While the walk or answers are still
   * coming, a pass waits for a full batch: a frame that wraps numbers in elements costs the page a relayout, so fewer,
   * fuller ones.
   */
  private scheduleLink(): void {
    if (this.linking || !this.active || (this.ready.length === 0 && this.readyAnchors.length === 0)) return;
    if ((this.hasWalk() || this.asking > 0) && this.ready.length < LINK_MIN_BATCH) return;
    this.linking = true;
    const wait = this.deps.nextFrame ? this.deps.nextFrame() : this.deps.yieldToPage();
    void wait.then(() => {
      this.linking = false;
      if (!this.active) return;
      this.linkQuietly(this.deps.now() + LINK_BUDGET_MS);
      this.scheduleLink();
    });
  }

  private walk(deadline: number): void {
    let n = 0;
    while (this.deps.now() < deadline || n === 0) {
      n++;
      if (this.walker && this.cursor && !this.cursor.isConnected) {
        // The page removed the node we were about to visit: walk this root again (linked parts are skipped).
        this.roots.unshift(this.walker.root);
        this.walker = null;
      }
      if (!this.walker) {
        const root = this.roots.shift();
        if (!root) return;
        if (!root.isConnected || this.inSkippedRegion(root)) continue;
        if (root.nodeType === Node.TEXT_NODE) {
          this.visitText(root as Text);
          continue;
        }
        if (root.nodeType !== Node.ELEMENT_NODE) continue;
        if (this.visitElement(root as Element) === 'skip') continue;
        this.walker = this.doc.createTreeWalker(root, NodeFilter.SHOW_ELEMENT | NodeFilter.SHOW_TEXT);
        this.cursor = this.walker.nextNode();
      }
      const w = this.walker;
      let node = this.cursor;
      // Check the clock every 64 nodes: performance.now() is not free either.
      for (let i = 0; node && i < 64; i++) {
        if (node.nodeType === Node.TEXT_NODE) {
          this.visitText(node as Text);
          node = w.nextNode();
        } else if (this.visitElement(node as Element) === 'skip') {
          node = this.nextOutside(w);
        } else {
          node = w.nextNode();
        }
      }
      this.cursor = node;
      if (!node) this.walker = null;
    }
  }

  /** The next node after the current one's subtree. */
  private nextOutside(w: TreeWalker): Node | null {
    for (;;) {
      const sibling = w.nextSibling();
      if (sibling) return sibling;
      if (!w.parentNode()) return null;
    }
  }

  /** For nodes that arrive later: is an ancestor one we never look inside? */
  private inSkippedRegion(node: Node): boolean {
    const parent = node.parentElement;
    return parent !== null && parent.closest(SKIP_SELECTOR) !== null;
  }

  private visitElement(el: Element): 'skip' | 'enter' {
    const name = el.localName;
    if (SKIP.has(name)) return 'skip'; // our marks included
    // One call for the many elements without attributes (each DOM call from an isolated world costs a wrapper lookup).
    if (el.hasAttributes()) {
      if (el.hasAttribute('data-ipbx-ignore') || isMarkedCell(el)) return 'skip';
      const editable = el.getAttribute('contenteditable');
      if (editable !== null && editable !== 'false') return 'skip';
    }
    const shadow = el.shadowRoot;
    if (shadow) {
      this.observe(shadow);
      this.roots.push(...Array.from(shadow.childNodes));
    }
    if (name === 'a' && el.hasAttribute('href')) {
      this.visitAnchor(el as HTMLAnchorElement);
      return 'skip'; // a link of the page's own is never ours to change
    }
    return 'enter';
  }

  private visitAnchor(a: HTMLAnchorElement): void {
    if (markInfo(a)) return;
    const m = CALL_HREF.exec(a.getAttribute('href') ?? '');
    if (!m?.[1]) return;
    let target = m[1];
    try {
      target = decodeURIComponent(target);
    } catch {
      // keep it as written
    }
    target = target.trim().slice(0, 40);
    if (target === '') return;
    const key = `L:${target}`;
    const pending = { a, target };
    if (this.cache.has(key)) this.readyAnchors.push(pending);
    else {
      this.askLinks.add(target);
      this.waitingAnchors.push(pending);
    }
  }

  private visitText(node: Text): void {
    // `length` first: it needs no JavaScript string, and most text nodes between elements are short whitespace.
    if (node.length < 7) return;
    const data = node.data;
    // Text inside our marks never gets here: the walk skips marks, and inSkippedRegion drops a root inside one.
    // (A marked cell's text never gets here either: the walk skips the cell, and a change in it unmarks it first.)
    if (!MAYBE_NUMBER.test(data) || isSplitOriginal(node)) return;
    let candidates = this.candidatesIn(data, '');
    if (candidates.length === 0) return;
    // The text before the node can only rule candidates out ("IČO:", a currency), so it is read only when there are some.
    const before = contextBefore(node);
    if (before !== '') candidates = this.candidatesIn(data, before);
    if (candidates.length === 0) return;
    const pending = { node, data, candidates };
    let known = true;
    for (const c of candidates) {
      for (const o of c.options) {
        if (!this.cache.has(o.text)) {
          this.ask.add(o.text);
          known = false;
        }
      }
    }
    if (known) this.ready.push(pending);
    else this.waiting.push(pending);
  }

  private candidatesIn(data: string, before: string): Candidate[] {
    const key = before === '' ? data : `${before}\u0000${data}`;
    let candidates = this.candidateCache.get(key);
    if (!candidates) {
      candidates = findCandidates(data, before);
      if (this.candidateCache.size >= CANDIDATE_CACHE) this.candidateCache.clear();
      this.candidateCache.set(key, candidates);
    }
    return candidates;
  }

  private flushQuestions(): void {
    this.sendBatch(this.ask, false);
    this.sendBatch(this.askLinks, true);
  }

  private sendBatch(set: Set<string>, links: boolean): void {
    while (set.size > 0) {
      const texts = [...set].slice(0, BATCH);
      for (const t of texts) set.delete(t);
      this.asking++;
      void this.deps.classify(texts, links).then(
        (results) => {
          this.asking--;
          texts.forEach((t, i) => this.cache.set(links ? `L:${t}` : t, results[i] ?? null));
          this.settleWaiting();
        },
        () => {
          this.asking--;
          // The background did not answer (it may be restarting): ask again shortly.
          setTimeout(() => {
            for (const t of texts) (links ? this.askLinks : this.ask).add(t);
            this.flushQuestions();
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
  private settleWaiting(): void {
    let n = 0;
    while (n < this.waiting.length && this.answered(this.waiting[n]!)) this.ready.push(this.waiting[n++]!);
    if (n > 0) this.waiting = this.waiting.slice(n);
    const anchorsWaiting: PendingAnchor[] = [];
    for (const p of this.waitingAnchors) (this.cache.has(`L:${p.target}`) ? this.readyAnchors : anchorsWaiting).push(p);
    this.waitingAnchors = anchorsWaiting;
    this.scheduleLink();
  }

  private answered(p: PendingText): boolean {
    for (const c of p.candidates) for (const o of c.options) if (!this.cache.has(o.text)) return false;
    return true;
  }

  private link(deadline: number): void {
    while (this.readyAnchors.length > 0) {
      const { a, target } = this.readyAnchors.pop()!;
      const hit = this.cache.get(`L:${target}`);
      if (hit && a.isConnected) markAnchor(a, hit.dial, hit.label, this.deps.callLabel);
    }
    let i = 0;
    while (this.ready.length > 0 && (++i % 32 !== 0 || this.deps.now() < deadline)) {
      const p = this.ready.pop()!;
      // The page may have changed or removed the node while we waited for the answer.
      // A root walked again (the page removed the node the walk was at) can queue a text twice: link it once.
      if (!p.node.isConnected || p.node.data !== p.data || isMarkedCell(p.node.parentElement) || isSplitOriginal(p.node)) continue;
      const found: Found[] = [];
      for (const c of p.candidates) {
        for (const o of c.options) {
          const hit = this.cache.get(o.text);
          if (hit) {
            found.push({ start: o.start, end: o.end, dial: hit.dial, label: hit.label });
            break;
          }
        }
      }
      const cell = cellToMark(p.node, found);
      if (cell) markCell(cell, p.data, found[0]!, this.deps.callLabel);
      else linkText(p.node, found, this.deps.callLabel);
    }
  }
}
