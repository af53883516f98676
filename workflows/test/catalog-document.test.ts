import { QueryCatalogSchema } from '@pitwall/db/contracts';
import { describe, expect, it } from 'vitest';
import { queryMetricIds } from '../src/query/catalog.ts';
import { queryCatalog } from '../src/query/catalog-document.ts';

describe('the published query catalog', () => {
  it('lists every metric and view once, in the shape the Worker accepts', () => {
    const catalog = QueryCatalogSchema.parse(queryCatalog());
    expect(catalog.items.map((i) => i.id).sort()).toEqual(queryMetricIds().sort());
    expect(catalog.items.find((i) => i.id === 'wins')).toEqual({
      id: 'wins',
      label: 'wins',
      kind: 'metric',
      aggregate: 'total',
    });
    expect(catalog.items.find((i) => i.id === 'lap_times')).toMatchObject({
      kind: 'view',
      race: true,
      since: 2020,
    });
  });
});
