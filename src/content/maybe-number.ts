/**
 * Worth a look at all: seven digits in a row, ignoring separators (the shortest outside numbers). The one filter both
 * the probe (probe.ts, in every frame) and the scan (scan/walker.ts) apply to a text before anything else; a file of
 * its own so that the probe carries nothing more of the candidate rules.
 */
export const MAYBE_NUMBER = /\d(?:[ \u00a0\u2009.\-/()]{0,2}\d){6}/;

/** The shortest text MAYBE_NUMBER can match: shorter texts are not even read. */
export const MAYBE_MIN_LENGTH = 7;
