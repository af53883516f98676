import type { DriverInfo } from './types.ts';

/**
 * Team colours per driver, in the drivers' order; a driver whose team colour is already taken (his
 * teammate's) gets a lighter (or, for a light colour, darker) shade of it, so two cars of one team stay two lines on a chart.
 */
export function distinctColours(drivers: readonly DriverInfo[]): string[] {
  const used = new Set<string>();
  return drivers.map((d) => {
    const colour = used.has(d.colour.toLowerCase()) ? shade(d.colour) : d.colour;
    used.add(d.colour.toLowerCase());
    return colour;
  });
}

/** Halfway to white; a light colour (Haas grey) goes 40 % towards black instead, to stay visible. */
function shade(hex: string): string {
  const n = Number.parseInt(hex.slice(1), 16);
  const [r0, g0, b0] = [(n >> 16) & 255, (n >> 8) & 255, n & 255];
  const light = (0.2126 * r0 + 0.7152 * g0 + 0.0722 * b0) / 255 > 0.6;
  const mix = (c: number) => Math.round(light ? c * 0.6 : c + (255 - c) * 0.5);
  const [r, g, b] = [mix(r0), mix(g0), mix(b0)];
  return `#${((r << 16) | (g << 8) | b).toString(16).padStart(6, '0')}`;
}
