/**
 * Validates the candidates a content script found on a page and turns each into a dial string. This is where the
 * heavy phone metadata lives, once per browser instead of once per frame.
 */
import { planDial, type DialRules } from '../shared/dial-rules.ts';

export interface Classified {
  /** Exactly what originate will send as `to`; also the value of data-ipbx-number. */
  dial: string;
  /** International form for the accessible name, e.g. "+420 777 888 999". */
  label: string;
}

/** Region to read a page's national numbers in: the page's own (<html lang="en-US"> → US), else the user's. */
export function pageRegion(lang: string | null | undefined, defaultCountry: string): string {
  const match = lang ? /^[a-z]{2,3}[-_]([a-z]{2})\b/i.exec(lang.trim()) : null;
  return match?.[1] ? match[1].toUpperCase() : defaultCountry.toUpperCase();
}

export class NumberClassifier {
  private cache = new Map<string, Classified | null>();

  /** `maxCache`: answers kept before the cache starts over (a long session on many pages must not grow without end). */
  constructor(private readonly maxCache = 50_000) {}

  /**
   * Null for a candidate that is not a valid outside number. `links` (tel:, sip: hrefs the page made into links)
   * also accepts internal lines. Results are cached per region and rules.
   */
  classify(candidates: readonly string[], region: string, rules: DialRules, links = false): (Classified | null)[] {
    const key = `${region}|${rules.defaultCountry}|${rules.internationalPrefix}|${rules.outsideLinePrefix}|${links}|`;
    if (this.cache.size > this.maxCache) this.cache.clear();
    return candidates.map((text) => {
      const cacheKey = key + text;
      const hit = this.cache.get(cacheKey);
      if (hit !== undefined) return hit;
      const plan = planDial(text, rules, { region, allowInternal: links });
      const result = plan.ok ? { dial: plan.dial, label: plan.display } : null;
      this.cache.set(cacheKey, result);
      return result;
    });
  }
}
