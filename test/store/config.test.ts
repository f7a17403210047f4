import { describe, expect, it } from 'vitest';
import { ConfigError } from '../../adapters/shared/env.js';
import { parseStoreConfig } from '../../adapters/shared/store/config.js';

describe('store configuration', () => {
  it('defaults: SQLite under data/state/, question log on, 90 days', () => {
    expect(parseStoreConfig({})).toEqual({ dataDir: 'data/state/', databaseUrl: undefined, logQuestions: true, retentionDays: 90 });
  });

  it('treats empty and blank values as unset', () => {
    expect(parseStoreConfig({ CITEBOT_DATA_DIR: '', DATABASE_URL: ' ', CITEBOT_LOG_QUESTIONS: '', CITEBOT_RETENTION_DAYS: '' })).toEqual(
      parseStoreConfig({}),
    );
  });

  it('reads every variable', () => {
    expect(
      parseStoreConfig({
        CITEBOT_DATA_DIR: '/var/lib/citebot',
        DATABASE_URL: 'postgresql://citebot:pw@db:5432/citebot',
        CITEBOT_LOG_QUESTIONS: 'OFF',
        CITEBOT_RETENTION_DAYS: '30',
      }),
    ).toEqual({
      dataDir: '/var/lib/citebot',
      databaseUrl: 'postgresql://citebot:pw@db:5432/citebot',
      logQuestions: false,
      retentionDays: 30,
    });
    expect(parseStoreConfig({ DATABASE_URL: 'postgres://localhost/citebot', CITEBOT_LOG_QUESTIONS: 'on' })).toMatchObject({
      logQuestions: true,
    });
  });

  it('names every bad variable and never prints a value (DATABASE_URL may hold a password)', () => {
    const env = { DATABASE_URL: 'mysql://root:hunter2secret@db/citebot', CITEBOT_LOG_QUESTIONS: 'sometimes', CITEBOT_RETENTION_DAYS: '0' };
    let error: unknown;
    try {
      parseStoreConfig(env);
    } catch (err) {
      error = err;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const problems = (error as ConfigError).problems;
    expect(problems).toEqual([
      expect.stringMatching(/^DATABASE_URL: must be a postgres:\/\/ or postgresql:\/\/ URL/),
      'CITEBOT_LOG_QUESTIONS: must be on or off',
      'CITEBOT_RETENTION_DAYS: must be a whole number of days, 1 or more',
    ]);
    for (const value of Object.values(env)) expect((error as Error).message).not.toContain(value);
    for (const bad of ['1.5', '-3', 'ninety', 'postgres://'])
      expect(() => parseStoreConfig(bad.startsWith('postgres') ? { DATABASE_URL: bad } : { CITEBOT_RETENTION_DAYS: bad })).toThrow(
        ConfigError,
      );
  });
});
