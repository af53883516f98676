import { describe, expect, it } from 'vitest';
import { apiClient } from './client.ts';
import { lapsCsvOf } from './data.ts';
import { useStack } from './stack-fixture.ts';

/**
 * An uploaded laps table as the data of an analysis, through every real process (Worker in workerd with
 * D1/R2, Temporal, the Node worker): the Worker stores the file encrypted, the workflow reads it back
 * through the internal API, and the builtin race-pace analysis runs over it. The figures are checked
 * against a computation by hand from the same CSV, independent of the analysis code. No language model
 * is configured here, which also shows that a question outside the analyses is still only asked back.
 */
const { stack } = useStack('pitwall-uploads');

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? (s[mid] as number) : ((s[mid - 1] as number) + (s[mid] as number)) / 2;
};
const seconds = (time: string) => {
  const [m, s] = time.split(':');
  return Number(m) * 60 + Number(s);
};

/** Race pace by hand: laps after lap 1, then those within 107 % of the driver's median; their median. */
function paceByHand(csv: string): Map<string, { median: number; laps: number }> {
  const byDriver = new Map<string, number[]>();
  for (const line of csv.trim().split('\n').slice(1)) {
    const [driver, lap, time] = line.split(',') as [string, string, string];
    if (Number(lap) <= 1) continue;
    byDriver.set(driver, [...(byDriver.get(driver) ?? []), seconds(time)]);
  }
  const out = new Map<string, { median: number; laps: number }>();
  for (const [driver, times] of byDriver) {
    const limit = 1.07 * median(times);
    const clean = times.filter((t) => t <= limit);
    out.set(driver, { median: Math.round(median(clean) * 1000) / 1000, laps: clean.length });
  }
  return out;
}

describe('an uploaded laps table as the data of an analysis', () => {
  it('answers "race pace comparison" over the upload, with figures that match a hand computation', async () => {
    const csv = lapsCsvOf(2023, 1, ['VER', 'ALO', 'HAM']);
    const api = apiClient(stack().urls.api);
    await api.register('e2e_upload_pace');
    const uploadId = await api.upload(csv, 'bahrain-laps.csv', 'laps');
    const res = await api.request('POST', '/api/analyze', {
      query: 'race pace comparison',
      data: { type: 'upload', parameters: { uploadId } },
    });
    expect(res.status).toBe(202);
    const { id } = (await res.json()) as { id: string };
    const analysis = await api.settled(id);

    expect(analysis.status).toBe('succeeded');
    // The plan names the upload: that is what keeps such an analysis out of the shared result cache.
    expect(analysis.plan).toMatchObject({
      intent: 'race_pace',
      upload: { id: uploadId, type: 'laps', name: 'bahrain-laps.csv' },
    });
    const expected = paceByHand(csv);
    expect([...expected.keys()].sort()).toEqual(['ALO', 'HAM', 'VER']);
    const facts = analysis.result?.facts ?? [];
    for (const [driver, { median: m, laps }] of expected) {
      expect(facts).toContainEqual({ label: `${driver} median lap`, value: m, unit: 's' });
      expect(facts).toContainEqual({ label: `${driver} clean laps`, value: laps });
    }
    const fastest = [...expected].sort((a, b) => a[1].median - b[1].median)[0]?.[0];
    expect(facts).toContainEqual({ label: 'fastest median pace', value: fastest });
    expect(analysis.result?.sources).toEqual([
      expect.objectContaining({
        name: 'Your upload “bahrain-laps.csv”',
        detail: expect.stringContaining(uploadId),
      }),
    ]);
    const chart = analysis.result?.charts[0];
    expect(chart?.title).toBe('Race pace — uploaded “bahrain-laps.csv”');
    const png = await api.request('GET', `/api/analyses/${id}/files/${chart?.files.png}`);
    expect(png.headers.get('content-type')).toBe('image/png');
  });

  it('fails with a clear message when the upload is not a usable laps table', async () => {
    const api = apiClient(stack().urls.api);
    await api.register('e2e_upload_bad');
    const uploadId = await api.upload('driver,lap,lap_time\nVER,2,soon\nVER,3,1:32.100\n', 'bad.csv', 'laps');
    const res = await api.request('POST', '/api/analyze', {
      query: 'race pace comparison',
      data: { type: 'upload', parameters: { uploadId } },
    });
    const analysis = await api.settled(((await res.json()) as { id: string }).id);
    expect(analysis.status).toBe('failed');
    expect(analysis.error?.message).toMatch(/the upload “bad\.csv” cannot be analysed: 1 of 2 rows .*row 2/);
  });

  it('fills the race from data.parameters when the question names none', async () => {
    const api = apiClient(stack().urls.api);
    await api.register('e2e_race_data');
    const res = await api.request('POST', '/api/analyze', {
      query: 'Who won?',
      data: { type: 'race', parameters: { season: 2023, round: 6 } },
    });
    const analysis = await api.settled(((await res.json()) as { id: string }).id);
    expect(analysis.status).toBe('succeeded');
    expect(analysis.plan).toMatchObject({ intent: 'metric', season: 2023, round: 6 });
    expect(analysis.plan?.query?.scope.race).toMatchObject({ season: 2023, round: 6 });
    expect(analysis.result?.facts).toContainEqual({ label: 'winner', value: 'Max Verstappen' });
  });

  it('without an OpenAI key, asks back about a question outside the analyses (no code is run)', async () => {
    const api = apiClient(stack().urls.api);
    await api.register('e2e_no_key');
    const res = await api.request('POST', '/api/analyze', {
      query: 'Who was the most consistent driver at the 2023 Bahrain Grand Prix?',
      model: 'openai',
    });
    const analysis = await api.settled(((await res.json()) as { id: string }).id);
    expect(analysis.status).toBe('needs_clarification');
  });
});
