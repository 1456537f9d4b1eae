/**
 * Finds and links numbers in a document and its open shadow roots, now and as the page changes, without ever
 * holding the page's main thread for long: work runs in slices of a few milliseconds, candidates go to the
 * background in batches, and answers are cached per page so re-rendered lists cost no round trip.
 */
import { findCandidates, MAYBE_NUMBER, type Candidate } from './candidates.ts';
import { dropOrphans, isOurs, isSplitOriginal, linkText, MARK_TAG, markAnchor, markInfo, restoreAll, undoSplit, type Found } from './marks.ts';
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
   * costs the page a relayout, so we write once per frame, not once per slice. Defaults to yieldToPage.
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
/** DOM writes per frame: few, large batches mean few relayouts of the page. */
export const LINK_BUDGET_MS = 30;
const BATCH = 2_000;

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
  private readonly observers: MutationObserver[] = [];
  /** Roots with an observer; a new set after stop(), so start() observes them again. */
  private observed = new WeakSet<Node>();
  private running = false;
  /** A link pass is waiting for the next frame. */
  private linking = false;
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
    this.enqueue(this.doc.documentElement);
  }

  /** Stops watching and gives the page back its original text nodes. */
  stop(): void {
    this.active = false;
    for (const mo of this.observers.splice(0)) mo.disconnect();
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
    mo.observe(root, { childList: true, subtree: true, characterData: true });
    this.observers.push(mo);
  }

  /** Drops the records our own changes caused: only the page's changes need a rescan. */
  private forgetOwnRecords(): void {
    for (const mo of this.observers) mo.takeRecords();
  }

  private onMutations(records: MutationRecord[]): void {
    if (!this.active) return;
    let removed = false;
    for (const r of records) {
      if (r.type === 'characterData') {
        const target = r.target;
        if (isOurs(target)) continue; // the page edited a mark's text: clicks on it now refuse (see clicks.ts)
        // The page rewrote a node we had split (a framework updating its text): our pieces are stale.
        if (isSplitOriginal(target)) undoSplit(target, true);
        this.enqueue(target);
      } else {
        r.addedNodes.forEach((n) => {
          if (!isOurs(n)) this.enqueue(n);
        });
        if (r.removedNodes.length > 0) removed = true;
      }
    }
    if (removed) dropOrphans();
    this.forgetOwnRecords();
  }

  private enqueue(node: Node | null): void {
    if (!node || !this.active) return;
    this.roots.push(node);
    this.schedule();
  }

  /** Starts the walk after a yield, never inside the page's own task: a burst of mutations becomes one pass. */
  private schedule(): void {
    if (this.running) return;
    this.running = true;
    void this.deps
      .yieldToPage()
      .then(() => this.loop())
      .finally(() => {
        this.running = false;
      });
  }

  private hasWalk(): boolean {
    return this.walker !== null || this.roots.length > 0;
  }

  private async loop(): Promise<void> {
    while (this.active && this.hasWalk()) {
      this.walk(this.deps.now() + SLICE_MS);
      this.flushQuestions();
      this.scheduleLink();
      if (this.hasWalk()) await this.deps.yieldToPage();
    }
  }

  /** One link pass per frame, LINK_BUDGET_MS long, until everything ready is linked. */
  private scheduleLink(): void {
    if (this.linking || !this.active || (this.ready.length === 0 && this.readyAnchors.length === 0)) return;
    this.linking = true;
    const wait = this.deps.nextFrame ? this.deps.nextFrame() : this.deps.yieldToPage();
    void wait.then(() => {
      this.linking = false;
      if (!this.active) return;
      this.link(this.deps.now() + LINK_BUDGET_MS);
      this.forgetOwnRecords();
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
    if (SKIP.has(name) || isOurs(el)) return 'skip';
    if (el.hasAttribute('data-ipbx-ignore')) return 'skip';
    const editable = el.getAttribute('contenteditable');
    if (editable !== null && editable !== 'false') return 'skip';
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
    const data = node.data;
    if (data.length < 7 || !MAYBE_NUMBER.test(data) || isOurs(node) || isSplitOriginal(node)) return;
    const candidates = findCandidates(data, contextBefore(node));
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

  private flushQuestions(): void {
    this.sendBatch(this.ask, false);
    this.sendBatch(this.askLinks, true);
  }

  private sendBatch(set: Set<string>, links: boolean): void {
    while (set.size > 0) {
      const texts = [...set].slice(0, BATCH);
      for (const t of texts) set.delete(t);
      void this.deps.classify(texts, links).then(
        (results) => {
          texts.forEach((t, i) => this.cache.set(links ? `L:${t}` : t, results[i] ?? null));
          this.settleWaiting();
        },
        () => {
          // The background did not answer (it may be restarting): ask again shortly.
          setTimeout(() => {
            for (const t of texts) (links ? this.askLinks : this.ask).add(t);
            this.flushQuestions();
          }, 1_000);
        },
      );
    }
  }

  private settleWaiting(): void {
    const stillWaiting: PendingText[] = [];
    for (const p of this.waiting) {
      if (p.candidates.every((c) => c.options.every((o) => this.cache.has(o.text)))) this.ready.push(p);
      else stillWaiting.push(p);
    }
    this.waiting = stillWaiting;
    const anchorsWaiting: PendingAnchor[] = [];
    for (const p of this.waitingAnchors) (this.cache.has(`L:${p.target}`) ? this.readyAnchors : anchorsWaiting).push(p);
    this.waitingAnchors = anchorsWaiting;
    this.scheduleLink();
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
      if (!p.node.isConnected || p.node.data !== p.data || isSplitOriginal(p.node)) continue;
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
      linkText(p.node, found, this.deps.callLabel);
    }
  }
}
