/**
 * Reasons a warehouse row is flagged. Flagged rows stay in the warehouse, visible to status reports and to
 * queries that ask for them, and out of every analysis by default.
 */
export const DATA_FLAGS = {
  did_not_start: 'the driver did not start the race, yet the source has a row for them',
  beyond_classified_laps:
    'lap number beyond the laps the driver is classified with (an unfinished final lap)',
  no_lap_time: 'the source has no time for this lap',
  openf1_lap1_offset: 'OpenF1 lap-1 durations run about 0.3 s longer than official timing',
  spurious_stint: 'a one-lap stint that the lap data does not support',
  red_flag_stop: 'a pit stop that includes a red-flag suspension, not a normal stop',
  not_in_classification: 'the driver is not in the classification of this race',
} as const;
export type DataFlag = keyof typeof DATA_FLAGS;
