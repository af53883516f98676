import { ChartSchema, type Intent } from '@pitwall/db/contracts';
import { describe, expect, it } from 'vitest';
import { apiClient } from './client.ts';
import { useStack } from './stack-fixture.ts';

/**
 * One question per intent through the API with the builtin assistant: each ends `succeeded`, with facts,
 * a chart whose files are stored, sources, and a narrative whose numbers are facts. The expectations
 * spot-check figures that are known from the record.
 */
const { stack } = useStack('pitwall-intents');

/** `opens`: how the answer's first sentence reads (metric answers lead with the answer itself). */
type Case = {
  question: string;
  intent: Intent;
  fact?: { label: RegExp; value: string | number };
  opens?: RegExp;
};
const CASES: Case[] = [
  {
    question: 'Who won the 2024 São Paulo Grand Prix?',
    intent: 'metric',
    fact: { label: /^Max Verstappen: wins$/, value: 1 },
    opens: /^Max Verstappen \(Red Bull\) won the 2024 São Paulo Grand Prix\./,
  },
  { question: 'Compare Verstappen and Norris race pace at the 2024 São Paulo GP', intent: 'race_pace' },
  { question: 'Lap times for Verstappen at Monaco 2023', intent: 'lap_times' },
  {
    question: 'Tyre strategy at the 2023 Qatar GP',
    intent: 'tyre_strategy',
    fact: { label: /^VER pit stops$/, value: 3 },
  },
  { question: 'How fast did the softs degrade at the 2024 Bahrain GP?', intent: 'degradation' },
  {
    question: 'Who led the most laps at Silverstone 2024?',
    intent: 'metric',
    fact: { label: /^Lando Norris: laps led$/, value: 19 },
    opens: /^Lando Norris led 19 laps at the 2024 British Grand Prix, the most\./,
  },
  { question: 'Position changes at the 2024 British GP', intent: 'positions' },
  { question: 'Gap to the leader at the 2024 British GP', intent: 'gaps' },
  { question: 'Pit stops at the 2023 Qatar GP', intent: 'pit_stops' },
  {
    question: 'Who took pole at the 2024 São Paulo GP?',
    intent: 'metric',
    fact: { label: /^Lando Norris: pole positions$/, value: 1 },
    opens: /^Lando Norris \(McLaren\) took pole for the 2024 São Paulo Grand Prix\./,
  },
  { question: 'Qualifying session of the 2024 São Paulo GP', intent: 'qualifying' },
  { question: 'Team pace ranking at the 2024 Hungarian GP', intent: 'team_pace' },
  {
    question: 'Qualifying head-to-head Leclerc vs Sainz 2023',
    intent: 'teammate_h2h',
    fact: { label: /^qualifying head-to-head Charles Leclerc$/, value: 15 },
  },
  {
    question: '2024 constructors championship standings',
    intent: 'metric',
    fact: { label: /^McLaren points$/, value: 666 },
  },
  { question: 'Who can still win the 2025 title?', intent: 'season_standings' },
  { question: 'Points progression 2021', intent: 'points_progression' },
  { question: 'Compare Hamilton and Verstappen across seasons', intent: 'driver_comparison' },
  { question: 'Fernando Alonso career', intent: 'career' },
];

describe('every intent through the API with the builtin assistant', () => {
  it.each(CASES)('$intent: $question', async ({ question, intent, fact, opens }) => {
    const api = apiClient(stack().urls.api);
    await api.register(`intent_${intent}_${CASES.findIndex((c) => c.question === question)}`);
    const analysis = await api.settled(await api.ask(question), 90_000);
    expect(analysis.status, JSON.stringify(analysis.error ?? analysis.clarification)).toBe('succeeded');
    expect(analysis.plan?.intent).toBe(intent);
    const result = analysis.result;
    expect(result?.facts.length).toBeGreaterThan(0);
    expect(result?.sources.length).toBeGreaterThan(0);
    expect(result?.answer.length).toBeGreaterThan(20);
    if (fact) {
      expect(result?.facts).toContainEqual(
        expect.objectContaining({ label: expect.stringMatching(fact.label), value: fact.value }),
      );
    }
    if (opens) expect(result?.answer).toMatch(opens);
    // Metric answers are sentences and tables; the charted analyses (views) keep their charts.
    if (intent === 'metric') return;
    const [chart] = result?.charts ?? [];
    expect(chart && ChartSchema.parse(chart).files.svg).toBeTruthy();
    const svg = await api.request('GET', `/api/analyses/${analysis.id}/files/${chart?.files.svg}`);
    expect(svg.status).toBe(200);
    expect(await svg.text()).toMatch(/^<svg/);
  });

  it('fails clearly, rather than answering, when the data cannot answer the question', async () => {
    const api = apiClient(stack().urls.api);
    await api.register('intent_no_softs');
    const analysis = await api.settled(
      await api.ask('How fast did the softs degrade at Monza 2023?'),
      90_000,
    );
    expect(analysis.status).toBe('failed');
    expect(analysis.error?.message).toMatch(/nobody ran the SOFT tyre at the 2023 Italian Grand Prix/);
    expect(analysis.result).toBeNull();
  });
});
