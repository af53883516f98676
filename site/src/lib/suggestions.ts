/** Example questions on the ask page, one or more per kind of answer Pit Wall computes. */
export const SUGGESTIONS: { intent: string; query: string }[] = [
  { intent: 'Race result', query: 'Who won the 2023 Monaco Grand Prix?' },
  { intent: 'Race pace', query: 'Compare Verstappen and Norris race pace at the 2024 São Paulo Grand Prix' },
  {
    intent: 'Tyre strategy',
    query: 'What tyre strategies did the top five use at the 2023 Dutch Grand Prix?',
  },
  { intent: 'Degradation', query: 'How fast did the hards degrade at the 2023 Italian Grand Prix?' },
  { intent: 'Positions', query: 'Who gained the most places at the 2024 Brazilian Grand Prix?' },
  { intent: 'Gaps', query: 'Show the gaps to the leader at the 2021 Abu Dhabi Grand Prix' },
  { intent: 'Pit stops', query: 'Who had the fastest pit stops at the 2023 British Grand Prix?' },
  { intent: 'Qualifying', query: 'Qualifying results of the 2024 Monaco Grand Prix' },
  { intent: 'Teammates', query: 'Qualifying head-to-head Leclerc vs Sainz 2023' },
  { intent: 'Standings', query: 'Who won the 2021 drivers’ championship?' },
  { intent: 'Title fight', query: 'Points progression of the 2021 title fight' },
  { intent: 'Career', query: 'How many career wins does Fernando Alonso have?' },
];
