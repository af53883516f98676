/** Colours shared by every renderer, so a team looks the same in the site and in files. */
export const TEAM_COLOURS: Record<string, string> = {
  red_bull: '#3671C6',
  mercedes: '#27F4D2',
  ferrari: '#E8002D',
  mclaren: '#FF8000',
  aston_martin: '#229971',
  alpine: '#0093CC',
  williams: '#64C4FF',
  rb: '#6692FF',
  alphatauri: '#5E8FAA',
  toro_rosso: '#469BFF',
  sauber: '#52E252',
  alfa: '#C92D4B',
  haas: '#B6BABD',
  racing_point: '#F596C8',
  renault: '#FFF500',
  force_india: '#F596C8',
  audi: '#F50537',
  cadillac: '#AAAAAD',
};
export const FALLBACK_TEAM_COLOUR = '#888888';

export const COMPOUND_COLOURS: Record<string, string> = {
  SOFT: '#E10600',
  MEDIUM: '#FFD12E',
  HARD: '#D8D8D8',
  INTERMEDIATE: '#43B02A',
  WET: '#0067AD',
};

export function teamColour(constructorRef: string): string {
  return TEAM_COLOURS[constructorRef] ?? FALLBACK_TEAM_COLOUR;
}
