import { heartbeat } from '@temporalio/activity';
import { type PublishReport, publishBundles, seasonBundleRefs } from '../bundles/publish.ts';
import type { EdgeClient } from '../edge-client.ts';
import type { Warehouse } from '../warehouse.ts';

export type PublishDeps = { warehouse: Warehouse; edge: Pick<EdgeClient, 'bundleManifest' | 'putBundle'> };

export function createPublishActivities(deps: PublishDeps) {
  return {
    /**
     * After a season (or some of its rounds) was loaded: publishes the season's bundle, those of the
     * rounds, and those of the drivers in the season's results. Only changed content is written.
     */
    async publishSeasonBundles(input: { season: number; rounds?: number[] }): Promise<PublishReport> {
      const refs = await seasonBundleRefs(deps.warehouse, input.season, input.rounds);
      return publishBundles(deps, refs, { onProgress: (done, total) => heartbeat({ done, total }) });
    },
  };
}

export type PublishActivities = ReturnType<typeof createPublishActivities>;
