/**
 * Questions for the end-to-end benchmark, phrased as users ask them, spanning every intent the builtin
 * planner knows: results, race pace, lap times, tyre strategy, degradation, positions, gaps, pit stops,
 * qualifying, team pace, teammate head-to-head, standings, points, comparisons and careers.
 */
export const WARMUP = [
  'Who won the 2022 British Grand Prix?',
  'race pace of Leclerc and Sainz at Monza 2023',
  '2023 drivers championship standings',
];

export const QUESTIONS = [
  // Race results
  'Who won the 2023 Monaco Grand Prix?',
  'Who won the 2024 Sao Paulo GP?',
  '2023 Monza results',
  'Who won the 2021 Abu Dhabi Grand Prix?',
  'who won at spa 2023',
  'Who won the 2024 Miami GP?',
  'who won zandvoort 2024',
  'Who won the latest grand prix?',
  // Race pace
  'Compare Verstappen and Norris race pace at the 2024 São Paulo GP',
  'Was Hamilton faster than Russell in the race at Silverstone 2024?',
  'Checo vs Max long run pace Bahrain 2023',
  'clean laps comparison Piastri Norris Hungary 2024',
  'fuel corrected race pace Verstappen Hamilton Abu Dhabi 2021',
  // Lap times
  'Show lap times for Verstappen at Monaco 2023',
  'lap times Norris Piastri Monza 2024',
  'Hamilton lap chart Silverstone 2024',
  // Tyre strategy
  'What tyre strategies were used at the 2023 Qatar GP?',
  'Which compounds did Verstappen use at Silverstone 2024?',
  'Ferrari strategy at Monaco 2024',
  'tire strategy for McLaren at Zandvoort 2024',
  // Degradation
  'Leclerc tyre degradation in Austin 2024',
  'tyre drop off for Red Bull at Jeddah 2024',
  'how fast did the softs degrade at the 2024 Bahrain GP?',
  // Positions
  'How many places did Verstappen gain at Interlagos 2024?',
  'position changes at the 2024 Brazilian GP',
  // Gaps
  'gaps between Norris and Verstappen at Imola 2024',
  'gap between Leclerc and Sainz at Monza 2023',
  // Pit stops
  'How many stops did Hamilton make at the 2023 Dutch GP?',
  'pit lane times at the 2024 Hungarian Grand Prix',
  'pit stops at the 2024 Singapore Grand Prix',
  // Qualifying
  'Who took pole at the 2024 São Paulo GP?',
  'qualifying results Monaco 2023',
  '2024 Singapore quali',
  'Gap to pole at Silverstone 2024',
  'How far off pole was Hamilton at Spa 2024?',
  // Team pace
  'Team pace ranking at the 2024 Hungarian GP',
  'Which team was fastest at Monza 2023?',
  'fastest team at the 2024 British Grand Prix',
  // Teammate head-to-head
  'Qualifying head-to-head Leclerc vs Sainz 2023',
  'Hamilton vs Russell head to head 2024',
  'McLaren teammate head-to-head 2024',
  'h2h Norris Piastri 2024',
  'Alonso vs Stroll teammate comparison 2023',
  'qualifying battle Ocon Gasly 2024',
  // Standings and points
  'Who won the 2021 championship?',
  'Who won the constructors title in 2024?',
  'How many wins did Verstappen have in 2023?',
  'F1 champion 2008',
  'Points progression 2021',
  '2024 title fight between Norris and Verstappen',
  'points over the 2010 season',
  // Comparisons and careers
  'Compare Hamilton and Verstappen across seasons',
  'compare Vettel and Webber across their seasons',
  'Fernando Alonso career',
  'Nico Hülkenberg career',
];
