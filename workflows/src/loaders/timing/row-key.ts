/**
 * A (race, driver, n) triple as one number (n is a lap or a stint number). Number keys hash and compare
 * far faster than `${race}/${driver}/${lap}` strings, and there are several hundred thousand of them per
 * import. Ergast's ids are small, so their keys fit V8's small integers (below 2^30), which Maps handle
 * about twice as fast as other numbers; ids Pit Wall creates (from 100000) get keys in a range of their
 * own above 2^30, exact below 2^53.
 */
export function rowKey(raceId: number, driverId: number, n: number): number {
  if (!(raceId >= 0 && raceId < 2 ** 22 && driverId >= 0 && driverId < 2 ** 20 && n >= 0 && n < 2 ** 10))
    throw new RangeError(`row key out of range: ${raceId}/${driverId}/${n}`);
  if (raceId < 2 ** 11 && driverId < 2 ** 11 && n < 2 ** 8) return (raceId * 2 ** 11 + driverId) * 2 ** 8 + n;
  return 2 ** 30 + (raceId * 2 ** 20 + driverId) * 2 ** 10 + n;
}
