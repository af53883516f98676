import nlp from 'compromise';

/** compromise's lexicon (word → tag or tags); its model type is not exported. */
const LEXICON = (
  nlp as unknown as { model: () => { one: { lexicon: Record<string, string | string[]> } } }
).model().one.lexicon;

/** Lexicon tags of words that may be someone's name or a place ("Russel", "Norris", "Hungary"). */
const NAME_TAGS = /Name|Person|Place|Country|City|Region|Organization|ProperNoun/;

/**
 * Whether a lower-case word is ordinary English in compromise's lexicon ("under", "behind", "changed"):
 * such a word is written as meant, so it is never read as a typo of a name ("under" is not Unser).
 */
export function isEnglishWord(word: string): boolean {
  if (!Object.hasOwn(LEXICON, word)) return false;
  const tags = LEXICON[word];
  return !(Array.isArray(tags) ? tags : [tags]).some((t) => t !== undefined && NAME_TAGS.test(t));
}
