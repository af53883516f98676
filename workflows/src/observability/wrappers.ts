import { type Assistant, NO_USAGE, type Registry, type Usage } from '../assistants/registry.ts';
import type { ResponseCache } from '../loaders/http/cache.ts';
import { currentContext } from './context.ts';
import type { MetricsReporter } from './reporter.ts';

/** Counts a response cache's hits and misses under `name`. */
export function countingCache(name: string, cache: ResponseCache, reporter: MetricsReporter): ResponseCache {
  reporter.registerCache(name);
  return {
    async get(url) {
      const body = await cache.get(url);
      reporter.cacheLookup(name, body !== undefined);
      return body;
    },
    set: (url, body, ttlMs) => cache.set(url, body, ttlMs),
  };
}

/**
 * Times an assistant's plan and narrate calls and reports their tokens and cost, tied to the analysis
 * the current activity serves. A Proxy leaves every other member of the assistant as it is.
 */
function observeAssistant(assistant: Assistant, reporter: MetricsReporter): Assistant {
  const report = (operation: 'plan' | 'narrate', started: number, usage: Usage) => {
    const { analysisId } = currentContext();
    reporter.record({
      kind: 'model',
      assistant: assistant.name,
      model: assistant.model,
      operation,
      seconds: (performance.now() - started) / 1000,
      ...usage,
      ...(analysisId ? { analysisId } : {}),
    });
  };
  return new Proxy(assistant, {
    get(target, prop, receiver) {
      if (prop === 'plan') {
        return async (...args: Parameters<Assistant['plan']>) => {
          const started = performance.now();
          const outcome = await target.plan(...args);
          report('plan', started, outcome.usage ?? NO_USAGE);
          return outcome;
        };
      }
      if (prop === 'narrate') {
        return async (...args: Parameters<Assistant['narrate']>) => {
          const started = performance.now();
          const narrative = await target.narrate(...args);
          report('narrate', started, narrative.usage);
          return narrative;
        };
      }
      const value = Reflect.get(target, prop, receiver);
      return typeof value === 'function' ? value.bind(target) : value;
    },
  });
}

/** A registry whose assistants report model time and usage. */
export function observeRegistry(registry: Registry, reporter: MetricsReporter): Registry {
  const wrapped = new WeakMap<Assistant, Assistant>();
  return new Proxy(registry, {
    get(target, prop, receiver) {
      if (prop === 'select') {
        return async (...args: Parameters<Registry['select']>) => {
          const assistant = await target.select(...args);
          let observed = wrapped.get(assistant);
          if (!observed) {
            observed = observeAssistant(assistant, reporter);
            wrapped.set(assistant, observed);
          }
          return observed;
        };
      }
      const value = Reflect.get(target, prop, receiver);
      return typeof value === 'function' ? value.bind(target) : value;
    },
  });
}
