/**
 * What every room of one scanner reads: whether it is on, and how often the page has changed (page-watcher.ts counts
 * the changes). One object per scanner: two scanners never share it.
 */
export class ScanState {
  /** Between start() and stop(): answers, passes and the page's changes do nothing while it is off. */
  active = false;
  /**
   * Counts the page's changes: a text queued at the same count cannot have changed since it was read, so linking it
   * need not read it again (see Linker, foundIn); and before the first change no text can come back (see Questions,
   * candidatesIn).
   */
  pageEdits = 0;
  /**
   * Counts elements becoming editable or no longer: a text read before such a change is checked against the skip rules
   * again before it is linked (it may now be inside an editor). Zero on most pages, so that check costs them nothing.
   */
  editableChanges = 0;
}
