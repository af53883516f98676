import { FALLBACK_TEAM_COLOUR, type Source, TEAM_COLOURS } from '@pitwall/db/contracts';

/** The licence and name of each warehouse `source`, for a bundle's attribution. */
const SOURCES: Record<string, Omit<Source, 'detail'>> = {
  ergast: { name: 'Ergast/Jolpica-F1', license: 'CC BY-NC-SA 4.0' },
  jolpica: { name: 'Ergast/Jolpica-F1', license: 'CC BY-NC-SA 4.0' },
  f1db: { name: 'F1DB', license: 'CC BY 4.0' },
  fastf1: {
    name: 'FastF1 lap data (Armchair-Strategist)',
    license: 'Apache-2.0 (Armchair-Strategist repository)',
  },
  openf1: { name: 'OpenF1', license: 'CC BY-NC-SA 4.0' },
  openf1_api: { name: 'OpenF1', license: 'CC BY-NC-SA 4.0' },
};

/**
 * One source entry per provider, naming the parts of the bundle it gave (`parts` maps a source such as
 * `ergast` to "results", "qualifying"…). Providers come out in a fixed order so the JSON is stable.
 */
export function bundleSources(subject: string, parts: Iterable<[source: string, part: string]>): Source[] {
  const byName = new Map<string, { license: string; parts: Set<string> }>();
  for (const [source, part] of parts) {
    const known = SOURCES[source] ?? { name: source, license: 'see the provider' };
    const entry = byName.get(known.name) ?? { license: known.license, parts: new Set<string>() };
    entry.parts.add(part);
    byName.set(known.name, entry);
  }
  return [...byName.entries()]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([name, { license, parts: p }]) => ({
      name,
      detail: `${subject}: ${[...p].sort().join(', ')}`,
      license,
    }));
}

/** A team's colour: the season's recorded colour, else the palette's, else neutral grey. */
export const colourOf = (ref: string, recorded: string | null | undefined) =>
  recorded && /^#[0-9a-fA-F]{6}$/.test(recorded) ? recorded : (TEAM_COLOURS[ref] ?? FALLBACK_TEAM_COLOUR);

export const fullName = (d: { forename: string; surname: string }) => `${d.forename} ${d.surname}`;
