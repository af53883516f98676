import { describe, expect, it } from 'vitest';
import { renderSvg, svgToPng } from '../src/charts/render.ts';

const chart = {
  id: 'gap-to-winner',
  kind: 'bar' as const,
  title: 'Gap to the winner',
  spec: {
    mark: 'bar' as const,
    orientation: 'horizontal' as const,
    x: { field: 'gap', label: 'Gap to winner', type: 'quantitative' as const, unit: 's' },
    y: { field: 'driver', label: 'Driver', type: 'nominal' as const },
    color: {
      field: 'team',
      label: 'Team',
      domain: ['Red Bull', 'Aston Martin'],
      range: ['#3671C6', '#229971'],
    },
    data: [
      { driver: 'VER', team: 'Red Bull', gap: 0 },
      { driver: 'ALO', team: 'Aston Martin', gap: 27.921 },
    ],
  },
};

describe('chart rendering', () => {
  it('renders an SVG with title, axis titles, one bar per row and team colours', async () => {
    const svg = await renderSvg(chart);
    expect(svg.startsWith('<svg')).toBe(true);
    expect(svg).toContain('Gap to the winner');
    expect(svg).toContain('Gap to winner (s)');
    expect(svg).toContain('>VER<');
    expect(svg).toContain('>ALO<');
    expect(svg.match(/role-mark[^"]*marks/g)?.length ?? 0).toBeGreaterThan(0);
    expect(svg.match(/<path[^>]*fill="#229971"/g)?.length).toBeGreaterThanOrEqual(1);
    expect(svg.match(/<path[^>]*fill="#3671C6"/g)?.length).toBeGreaterThanOrEqual(1);
  });

  it('renders a PNG at twice the SVG size', async () => {
    const svg = await renderSvg(chart);
    const png = svgToPng(svg);
    expect([...png.slice(1, 4)].map((b) => String.fromCharCode(b)).join('')).toBe('PNG');
    const width = new DataView(png.buffer, png.byteOffset).getUint32(16);
    expect(width).toBe(2 * Number(svg.match(/width="(\d+)"/)?.[1]));
  });
});
