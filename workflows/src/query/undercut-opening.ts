import type { Fact, Plan } from '@pitwall/db/contracts';
import { OUTCOME_WORDS } from '../analyses/undercuts.ts';
import { formatMs, ordinal, plural } from './metric.ts';
import { joinNames } from './phrase.ts';

type Named = { name: string; code: string };

/** One attempt read back from its facts (labels "NOR undercut on PIA (lap 45) …"). */
type Attempt = {
  key: string;
  attacker: string;
  kind: 'undercut' | 'overcut';
  defender: string;
  lap: number;
  outcome: string;
  num: (what: string) => number | undefined;
  text: (what: string) => string | undefined;
};

const KEY = /^([A-Z]{3}) (undercut|overcut) on ([A-Z]{3}) \(lap (\d+)\) outcome$/;

function attemptsOf(facts: Fact[]): Attempt[] {
  return facts.flatMap((f) => {
    const m = f.label.match(KEY);
    if (!m?.[1] || !m[3]) return [];
    const key = f.label.replace(/ outcome$/, '');
    const of = (what: string) => facts.find((x) => x.label === `${key} ${what}`)?.value;
    return [
      {
        key,
        attacker: m[1],
        kind: m[2] as Attempt['kind'],
        defender: m[3],
        lap: Number(m[4]),
        outcome: String(f.value),
        num: (what) => {
          const v = of(what);
          return typeof v === 'number' ? v : undefined;
        },
        text: (what) => {
          const v = of(what);
          return v === undefined ? undefined : String(v);
        },
      },
    ];
  });
}

const seconds = (s: number) => formatMs(Math.round(s * 1000));

/**
 * The answer's opening for undercuts and overcuts. With a driver named: yes or no for their attempt, in
 * positions and gaps before the first stop and after both, or, when they made none, that they made none
 * and which attempts the race had. Without: how many attempts, how many worked, and which.
 */
export function undercutOpening(
  _plan: Plan,
  facts: Fact[],
  who: Named[],
  where: string,
  byCode: Map<string, string>,
): string | undefined {
  const attempts = attemptsOf(facts);
  const name = (code: string) => byCode.get(code) ?? who.find((d) => d.code === code)?.name ?? code;
  const surname = (code: string) => name(code).split(' ').slice(1).join(' ') || name(code);
  const total = facts.find((f) => f.label === 'undercut and overcut attempts')?.value;
  if (total === undefined) return undefined;
  const gapLimit = facts.find((f) => f.label === 'rival gap considered')?.value;
  if (who.length === 0) return raceSummary(facts, attempts, where, surname);

  const absent = who.filter((d) => byCode.size > 0 && !byCode.has(d.code));
  if (absent.length > 0) return `${joinNames(absent.map((d) => d.name))} did not race ${where}.`;
  const codes = new Set(who.map((d) => d.code));
  // An undercut before an overcut, and one that worked before one that did not: "yes" when any did.
  const order = [OUTCOME_WORDS.worked, OUTCOME_WORDS.failed];
  const rank = (a: Attempt) =>
    (a.kind === 'undercut' ? 0 : 3) + (order.includes(a.outcome) ? order.indexOf(a.outcome) : 2);
  const involved = attempts.filter((a) => codes.has(a.attacker) || codes.has(a.defender));
  // Two cars named: their fights with each other answer the question, where they had any.
  const between = involved.filter((a) => codes.has(a.attacker) && codes.has(a.defender));
  // The first driver named is the one asked about: "did Sargeant undercut Ricciardo" is Sargeant's.
  const asked = (a: Attempt) => (a.attacker === who[0]?.code ? 0 : codes.has(a.attacker) ? 1 : 2);
  const theirs = (between.length > 0 ? between : involved).sort(
    (x, y) => asked(x) - asked(y) || rank(x) - rank(y) || x.lap - y.lap,
  );
  const [first, ...more] = theirs;
  const followUps = more.slice(0, 3).map((a) => sentence(a, name, surname, where, false));
  if (first && !codes.has(first.attacker)) {
    // Only defended: the question's "did X's undercut work" has no attempt of X's to answer.
    return [
      `${joinNames(who.map((d) => d.name))} made no undercut or overcut attempt of their own ${where}.`,
      sentence(first, name, surname, where, false),
      ...followUps,
    ].join(' ');
  }
  if (!first) {
    // The fights nearest the front first: the ones a reader most likely meant.
    const front = (a: Attempt) => a.num('position before') ?? Number.POSITIVE_INFINITY;
    const others = [...attempts]
      .sort((x, y) => front(x) - front(y) || x.lap - y.lap)
      .slice(0, 6)
      .map(
        (a) => `${surname(a.attacker)}'s ${a.kind} on ${surname(a.defender)} (lap ${a.lap}, ${a.outcome})`,
      );
    const none = `${joinNames(who.map((d) => d.name))} made no undercut or overcut attempt ${where}: no stop of theirs had a rival within ${gapLimit} s that stopped in reply, nor did they reply to one`;
    if (others.length === 0) return `${none}, and nobody else did either.`;
    const [example] = [...attempts].sort((x, y) => front(x) - front(y) || x.lap - y.lap);
    return `${none}. The attempts nearest the front were ${joinNames(others)}${example ? `; ask, for example, “Did ${name(example.attacker)}'s ${example.kind} work ${where}?”` : ''}.`;
  }
  return [sentence(first, name, surname, where, true), ...followUps].join(' ');
}

/** One attempt in numbers; `lead` opens with the yes or no. */
function sentence(
  a: Attempt,
  name: (code: string) => string,
  surname: (code: string) => string,
  where: string,
  lead: boolean,
): string {
  const [A, D] = [surname(a.attacker), surname(a.defender)];
  const posBefore = a.num('position before');
  const rivalBefore = a.num('rival position before');
  const gapBefore = a.num('gap before');
  const posAfter = a.num('position after');
  const rivalAfter = a.num('rival position after');
  const gapAfter = a.num('gap after');
  const reply = a.num('reply lap');
  const compared = a.num('compared after lap');
  const stop =
    a.kind === 'undercut' ? `and stopped first, on lap ${a.lap}` : `when ${D} stopped on lap ${a.lap}`;
  const before =
    posBefore !== undefined && rivalBefore !== undefined && gapBefore !== undefined
      ? `${A} was ${ordinal(posBefore)}, ${seconds(gapBefore)} behind ${D} in ${ordinal(rivalBefore)}, ${stop}`
      : `${a.kind === 'undercut' ? A : D} stopped first, on lap ${a.lap}`;
  const ahead = posAfter !== undefined && rivalAfter !== undefined && posAfter < rivalAfter;
  const after =
    posAfter !== undefined && rivalAfter !== undefined && gapAfter !== undefined
      ? `${A} was ${ordinal(posAfter)}, ${seconds(gapAfter)} ${ahead ? 'ahead of' : 'behind'} ${D} in ${ordinal(rivalAfter)}`
      : undefined;
  const secondStopper = a.kind === 'undercut' ? D : A;
  const whose = `${lead ? name(a.attacker) : A}'s ${a.kind} on ${lead ? name(a.defender) : D}`;
  switch (a.outcome) {
    case OUTCOME_WORDS.worked:
    case OUTCOME_WORDS.failed: {
      const worked = a.outcome === OUTCOME_WORDS.worked;
      const open = lead
        ? `${worked ? 'Yes' : 'No'}: ${whose} ${worked ? 'worked' : 'did not work'} ${where}.`
        : `${whose[0]?.toUpperCase()}${whose.slice(1)} on lap ${a.lap} ${worked ? 'worked' : 'did not work'}:`;
      const body = `${before}; once ${secondStopper} had stopped on lap ${reply}, ${after}.`;
      // A switch between slicks and wet tyres makes it a weather call as much as an undercut.
      const weather = a.text('switch between slicks and wet tyres');
      const switched = weather
        ? ` Tyres changed between slicks and wet-weather ones (${weather}), so the weather call counted as much as the timing.`
        : '';
      return `${open} ${lead ? `${body[0]?.toUpperCase()}${body.slice(1)}` : body}${lead ? switched : ''}`;
    }
    case OUTCOME_WORDS.neutralised: {
      const cheap = a.text('neutralised stop') ?? '';
      const [code, ...rest] = cheap.split(' ');
      const under = `${code ? surname(code) : ''} stopped ${rest.join(' ')}`.trim();
      return `${lead ? 'Not a true undercut or overcut' : `${whose[0]?.toUpperCase()}${whose.slice(1)}`}: ${under}, which costs less time than a green-flag stop. ${before[0]?.toUpperCase()}${before.slice(1)}${after ? `; once ${secondStopper} had stopped on lap ${reply}, ${after}` : ''}.`;
    }
    case OUTCOME_WORDS.no_reply:
      return `${lead ? `Not an undercut to judge, as ${D} never stopped again` : `${whose[0]?.toUpperCase()}${whose.slice(1)}`}: ${before}, and ${D} did not stop again${after && compared ? `; at the end of lap ${compared} ${after}` : ''}.`;
    default: {
      const gone = a.text('retired');
      return `${lead ? 'No verdict' : `${whose[0]?.toUpperCase()}${whose.slice(1)}`}: ${before}, but ${gone ? surname(gone) : 'one of the two'} retired before ${secondStopper} had stopped and rejoined.`;
    }
  }
}

/** How many attempts the race had, how they ended, and the ones that worked. */
function raceSummary(
  facts: Fact[],
  attempts: Attempt[],
  where: string,
  surname: (code: string) => string,
): string {
  const count = (label: string) => {
    const v = facts.find((f) => f.label === label)?.value;
    return typeof v === 'number' ? v : 0;
  };
  const total = count('undercut and overcut attempts');
  if (total === 0) return `There were no undercut or overcut attempts ${where}.`;
  const parts = [
    `${count('attempts that worked')} worked`,
    `${count('attempts that did not work')} did not`,
    ...[
      ['attempts with a stop under SC, VSC or red flag', 'had a stop under a safety car, VSC or red flag'],
      ['attempts whose rival did not stop again', 'met a rival that did not stop again'],
      ['attempts ended by a retirement', 'ended in a retirement'],
    ].flatMap(([label, words]) => (count(label as string) > 0 ? [`${count(label as string)} ${words}`] : [])),
  ];
  const worked = attempts
    .filter((a) => a.outcome === OUTCOME_WORDS.worked)
    .slice(0, 6)
    .map((a) => `${surname(a.attacker)}'s ${a.kind} on ${surname(a.defender)} (lap ${a.lap})`);
  return `There ${total === 1 ? 'was' : 'were'} ${total} undercut and overcut ${plural(total, 'attempt')} ${where}: ${joinNames(parts)}.${worked.length ? ` The ones that worked include ${joinNames(worked)}.` : ''}`;
}
