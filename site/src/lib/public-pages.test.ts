import { describe, expect, it } from 'vitest';
import { isPublicPage, signInHref } from './public-pages.ts';

describe('isPublicPage', () => {
  it('opens the data explorer, driver pages, shared links and sign-in to everyone', () => {
    for (const path of ['/login', '/data', '/data/', '/drivers/max_verstappen', '/shared/AbC_-123']) {
      expect(isPublicPage(path), path).toBe(true);
    }
  });

  it('keeps asking, analyses, history, uploads and usage behind the account', () => {
    for (const path of [
      '/',
      '/analyses/an_x',
      '/history',
      '/upload',
      '/usage',
      '/batches/b',
      '/drivers/',
      '/shared/',
      '/database',
      '/shared',
      '/dev/charts',
    ]) {
      expect(isPublicPage(path), path).toBe(false);
    }
  });

  it('reads paths under the base path', () => {
    expect(isPublicPage('/pit/data', '/pit')).toBe(true);
    expect(isPublicPage('/pit/history', '/pit')).toBe(false);
    expect(isPublicPage('/data', '/pit')).toBe(false);
  });
});

describe('signInHref', () => {
  it('comes back to the page afterwards', () => {
    expect(signInHref('/login', '/data?season=2023&round=6')).toBe(
      '/login?next=%2Fdata%3Fseason%3D2023%26round%3D6',
    );
  });
});
