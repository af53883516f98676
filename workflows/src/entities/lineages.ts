import { type Era, TEAM_LINEAGES } from './aliases.ts';
import type { ConstructorEntry } from './catalog.ts';

/**
 * Team lineages: one racing entry through its names and owners (Toro Rosso → AlphaTauri → RB). Curated
 * lineages come from `TEAM_LINEAGES`; every constructor season they do not claim (Renault's 1977–85 works
 * team, Alfa Romeo in the 1950s) forms a lineage of its own, so every constructor season has exactly one.
 */
export type Lineage = {
  key: string;
  /** The name in the newest season the catalog knows, or the last name the lineage raced under. */
  name: string;
  /** Constructor id → the seasons it raced within this lineage. */
  seasons: Map<number, Set<number>>;
  lastSeason: number;
  aliases: string[];
};

const within = (era: Era, season: number) =>
  (era.from === undefined || season >= era.from) && (era.to === undefined || season <= era.to);

export function buildLineages(constructors: Map<number, ConstructorEntry>, latestSeason: number) {
  const byRef = new Map([...constructors.values()].map((c) => [c.ref, c]));
  const lineages = new Map<string, Lineage>();
  const claimed = new Set<string>();
  for (const spec of TEAM_LINEAGES) {
    const seasons = new Map<number, Set<number>>();
    for (const member of spec.members) {
      const team = byRef.get(member.ref);
      if (!team) continue;
      const raced = [...team.seasons.keys()].filter((s) => within(member, s));
      seasons.set(team.id, new Set(raced));
      for (const s of raced) claimed.add(`${team.id}:${s}`);
    }
    const lastSeason = Math.max(0, ...[...seasons.values()].flatMap((s) => [...s]));
    const era = spec.names.find((n) => within(n, Math.max(latestSeason, lastSeason)));
    const name = era?.name ?? spec.names.at(-1)?.name ?? spec.key;
    lineages.set(spec.key, { key: spec.key, name, seasons, lastSeason, aliases: spec.aliases });
  }
  for (const team of constructors.values()) {
    const own = [...team.seasons.keys()].filter((s) => !claimed.has(`${team.id}:${s}`)).sort((a, b) => a - b);
    // A constructor with no seasons at all (never raced) still needs a lineage for its name to resolve.
    if (own.length === 0 && team.seasons.size > 0) continue;
    const key = lineages.has(team.ref) ? `${team.ref}_${own[0] ?? 0}` : team.ref;
    const lastSeason = own.at(-1) ?? 0;
    const name = team.seasons.get(lastSeason) ?? team.name;
    lineages.set(key, { key, name, seasons: new Map([[team.id, new Set(own)]]), lastSeason, aliases: [] });
  }
  return lineages;
}

/** The lineage a constructor raced in during a season, if it raced then. */
export function lineageOf(lineages: Map<string, Lineage>, constructorId: number, season: number) {
  for (const lineage of lineages.values())
    if (lineage.seasons.get(constructorId)?.has(season)) return lineage;
  return undefined;
}

/** Every lineage a constructor belongs to in some season. */
export function lineagesOf(lineages: Map<string, Lineage>, constructorId: number) {
  return [...lineages.values()].filter((l) => l.seasons.has(constructorId));
}
