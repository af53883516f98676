import type { Analysis } from '@pitwall/db/contracts';
import { describe, expect, it } from 'vitest';
import { apiClient } from './client.ts';
import { useStack } from './stack-fixture.ts';

/**
 * Sessions beyond the Grand Prix through the API with the builtin assistant, on every real process.
 * Figures were read by hand from the staged files: ergast/sprint_results.csv (raceId 1131, the 2024
 * Austrian GP), fastf1_laps/sprint/transformed_sprint_laps_2024.csv (RoundNumber 11), and the f1db race
 * folders' free-practice-N-results.yml and sprint-qualifying-results.yml.
 */
const { stack } = useStack('pitwall-sessions');

async function ask(user: string, question: string) {
  const api = apiClient(stack().urls.api);
  await api.register(user);
  return api.settled(await api.ask(question), 90_000);
}

function succeeded(analysis: Analysis, intent: string) {
  expect(analysis.status, JSON.stringify(analysis.error ?? analysis.clarification)).toBe('succeeded');
  expect(analysis.plan?.intent).toBe(intent);
}

describe('sprints, practice and sprint qualifying through the API', () => {
  it('names the 2024 Austrian sprint winner from the sprint classification', async () => {
    // sprint_results.csv raceId 1131: driver 830 (Verstappen) 1st in 26:41.389, 857 (Piastri) +4.616.
    // The Grand Prix the same day went to Russell, so an answer about the race would name him.
    const analysis = await ask('sessions_sprint_winner', 'Who won the 2024 Austrian sprint?');
    succeeded(analysis, 'metric');
    expect(analysis.result?.answer).toMatch(
      /^Max Verstappen \(Red Bull\) won the 2024 Austrian Grand Prix \(sprint\)\. Max Verstappen finished 4\.616 s ahead of Oscar Piastri\. The winning time was 26:41\.389\./,
    );
  });

  it('compares sprint pace on the sprint laps, saying it is the sprint', async () => {
    // RoundNumber 11, laps 2–23 of NOR and PIA: track status 1 throughout, no pit laps, so 22 clean laps
    // each; median LapTime NOR 69.6495 s, PIA 69.757 s.
    const analysis = await ask('sessions_sprint_pace', 'sprint pace norris vs piastri austria 2024');
    succeeded(analysis, 'race_pace');
    expect(analysis.plan?.session).toBe('sprint');
    expect(analysis.result?.answer).toMatch(
      /^Lando Norris had the faster race pace at the 2024 Austrian Grand Prix Sprint: a median clean lap of 1:09\.650 against Oscar Piastri's 1:09\.757/,
    );
    expect(analysis.result?.facts).toContainEqual({ label: 'NOR clean laps', value: 22 });
    expect(analysis.result?.facts).toContainEqual({ label: 'PIA clean laps', value: 22 });
    expect((analysis.result?.charts ?? []).length).toBeGreaterThan(0);
  });

  it('lists the FP2 order at Monza 2024, not the race result', async () => {
    // f1db 2024/races/16-italy/free-practice-2-results.yml: 1 Hamilton 1:20.738, 2 Norris, 3 Sainz.
    const analysis = await ask('sessions_fp2', 'fp2 results monza 2024');
    succeeded(analysis, 'metric');
    expect(analysis.plan?.query).toMatchObject({ metric: 'practice_position', session: 'fp2' });
    expect(analysis.result?.answer).toMatch(
      /^The order at the 2024 Italian Grand Prix \(FP2\): 1st Lewis Hamilton \(Mercedes\), 2nd Lando Norris \(McLaren\), 3rd Carlos Sainz \(Ferrari\)/,
    );
    expect(analysis.result?.answer).toContain('Lewis Hamilton set the fastest lap of FP2, 1:20.738.');
  });

  it('names who was fastest in FP1 at Bahrain 2024', async () => {
    // f1db 2024/races/01-bahrain/free-practice-1-results.yml: 1 daniel-ricciardo (rb) 1:32.869.
    const analysis = await ask('sessions_fp1', 'who was fastest in fp1 at bahrain 2024');
    succeeded(analysis, 'metric');
    expect(analysis.result?.answer).toMatch(
      /^Daniel Ricciardo \(RB F1 Team\) was 1st at the 2024 Bahrain Grand Prix \(FP1\)\. Daniel Ricciardo set the fastest lap of FP1, 1:32\.869\./,
    );
  });

  it('names the sprint-qualifying pole at China 2024', async () => {
    // f1db 2024/races/05-china/sprint-qualifying-results.yml: 1 lando-norris, SQ3 1:57.940.
    const analysis = await ask('sessions_sq', 'sprint qualifying china 2024 pole');
    succeeded(analysis, 'metric');
    expect(analysis.result?.answer).toMatch(
      /^Lando Norris \(McLaren\) qualified 1st for the sprint at the 2024 Chinese Grand Prix \(sprint qualifying\)\. Lando Norris took sprint pole with 1:57\.940\./,
    );
  });
});
