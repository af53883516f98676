import { normalize } from '@pitwall/db/text';
import nlp from 'compromise';

/** compromise's number view; its plugin types are not exported. */
type NumberMatch = { text(form: 'normal'): string; numbers(): { toNumber(): unknown } };

/**
 * A question as words the parser can consume: number words and ordinals become digits (compromise reads
 * "top three", "round five", "twenty-first"), everything is lower case without diacritics, and each word
 * remembers whether a rule used it, so the words nobody used can be reported rather than dropped.
 */
export class Words {
  readonly tokens: string[];
  private readonly used: boolean[];

  constructor(question: string) {
    const doc = nlp(question.replace(/[’‘]/g, "'"));
    // "first" and "second" stay words: "the very first sprint", "second half"; "ten seconds" is a time.
    const numbers = doc.numbers() as unknown as { forEach(f: (m: NumberMatch) => void): void };
    numbers.forEach((m) => {
      if (!/\b(first|seconds?|one|last)\b/i.test(m.text('normal'))) m.numbers().toNumber();
    });
    this.tokens = normalize(twoDigitYears(doc.text()))
      .replace(/\b(\d+) (st|nd|rd|th)\b/g, '$1$2')
      .split(' ')
      .filter(Boolean);
    this.used = this.tokens.map(() => false);
  }

  /** A copy whose marks can change without touching this one's (to try a reading). */
  clone(): Words {
    const copy = Object.create(Words.prototype) as Words;
    Object.assign(copy, { tokens: this.tokens, used: [...this.used] });
    return copy;
  }

  /**
   * Corrects misspelt words against the parser's vocabulary ("singel" → "single", "qualifiyng" →
   * "qualifying"): one edit (a transposition counts as one) for words of five letters or more. Names are
   * left to the entity resolver, which has its own typo tolerance and reads the question as typed.
   */
  correct(vocabulary: Set<string>, protect: (word: string) => boolean) {
    for (let i = 0; i < this.tokens.length; i++) {
      const word = this.tokens[i] as string;
      // A doubled letter typed by a quick finger: "wonn", "poless".
      const single = word.replace(/(\p{L})\1+/gu, '$1');
      if (single !== word && vocabulary.has(single) && !FILLER.has(word) && !protect(word)) {
        this.tokens[i] = single;
        continue;
      }
      // A plural or singular of a known word ("rounds", "podium") is a word, not a typo.
      const known =
        vocabulary.has(word) || vocabulary.has(word.replace(/s$/, '')) || vocabulary.has(`${word}s`);
      if (word.length < 5 || known || FILLER.has(word) || /\d/.test(word) || protect(word)) continue;
      for (const known of vocabulary) {
        if (Math.abs(known.length - word.length) <= 1 && withinOneEdit(word, known)) {
          this.tokens[i] = known;
          break;
        }
      }
    }
  }

  get text(): string {
    return this.tokens.join(' ');
  }

  /**
   * Where a phrase (words, or a regular expression over whole words) stands among the words no rule has
   * used yet: "finish in the 2023 championship" reads as "finish in the championship" once the year is
   * taken.
   */
  find(phrase: string | RegExp): { indices: number[]; match: RegExpMatchArray } | undefined {
    const pattern = typeof phrase === 'string' ? new RegExp(`\\b${phrase}\\b`) : phrase;
    const global = new RegExp(
      pattern.source,
      pattern.flags.includes('g') ? pattern.flags : `${pattern.flags}g`,
    );
    const free = this.tokens.flatMap((_, i) => (this.used[i] ? [] : [i]));
    const text = free.map((i) => this.tokens[i]).join(' ');
    for (const match of text.matchAll(global)) {
      const before = text.slice(0, match.index).trim();
      const first = before === '' ? 0 : before.split(' ').length;
      const length = match[0].trim() === '' ? 0 : match[0].trim().split(' ').length;
      if (length === 0) continue;
      const indices = free.slice(first, first + length);
      return { indices, match };
    }
    return undefined;
  }

  has(phrase: string | RegExp): boolean {
    return this.find(phrase) !== undefined;
  }

  /** Marks a phrase's words as used and returns its match. */
  take(phrase: string | RegExp): RegExpMatchArray | undefined {
    const found = this.find(phrase);
    if (!found) return undefined;
    for (const i of found.indices) this.used[i] = true;
    return found.match;
  }

  /** Marks words that an entity mention covered ("lando norris", "monza"). */
  takeWords(text: string) {
    const target = normalize(text).split(' ').filter(Boolean);
    for (let i = 0; i + target.length <= this.tokens.length; i++) {
      if (target.every((w, j) => this.tokens[i + j] === w)) {
        for (let j = 0; j < target.length; j++) this.used[i + j] = true;
        return;
      }
    }
  }

  /** Words no rule used, less the ones that carry no meaning. */
  unused(): string[] {
    return this.tokens.filter((t, i) => !this.used[i] && !FILLER.has(t) && !/^\d+$/.test(t));
  }
}

/**
 * "'76", "spa 95", "monaco 82": two-digit years, written with an apostrophe, or 50–99 standing after a word
 * that is not a count ("top 10", "round 12", "lap 53" keep their numbers).
 */
function twoDigitYears(text: string): string {
  return text
    .replace(/['’‘](\d\d)\b/g, (_, y: string) =>
      String(Number(y) >= 50 ? 1900 + Number(y) : 2000 + Number(y)),
    )
    .replace(
      /\b(?<!(?:top|round|lap|laps|p|position|after|first|last|under|over|the|#|number|car|no|of|in the|with|at|by)\s)([5-9]\d)\b(?!\s*(?:laps?|points?|races?|wins?|poles?|rounds?|starts?|%|s\b|seconds?|km|kph|mph))/gi,
      (_, y: string) => String(1900 + Number(y)),
    );
}

/** Levenshtein distance ≤ 1, or one transposition of neighbours. */
function withinOneEdit(a: string, b: string): boolean {
  if (a === b) return true;
  if (a.length === b.length) {
    const diff = [...a].flatMap((c, i) => (c === b[i] ? [] : [i]));
    if (diff.length === 1) return true;
    const [x, y] = diff;
    return diff.length === 2 && x !== undefined && y === x + 1 && a[x] === b[y] && a[y] === b[x];
  }
  const [short, long] = a.length < b.length ? [a, b] : [b, a];
  let i = 0;
  while (i < short.length && short[i] === long[i]) i++;
  return short.slice(i) === long.slice(i + 1);
}

/** Whether a word is one of the words that carry no meaning for a query. */
export const isFiller = (word: string) => FILLER.has(word);

/** Words that carry no meaning for a query: function words, chat, and F1's own name. */
const FILLER = new Set(
  `a an the of in at on for to by from with and or but is was were be been being are am did do does done
  has have had having i me my we our you your he him his she her they them their it its this that these those
  there here what whats which who whos whom whose when where how why please tell show give me know
  wondering wonder hey hi hello ok okay so just really actually like about any anyone anybody someone ever
  f1 formula 1 one formula1 grand prix gp gps race races season year time times get got make made set take
  took each did didnt doesnt dont isnt wasnt werent can could would should will mean i m im s t back then
  all total number many much count up as than then more both each every whole entire only also vs versus
  compare comparison record records held hold holds has anyone history some quick question between
  driver drivers team teams car cars title world`
    .split(/\s+/)
    .filter(Boolean),
);
