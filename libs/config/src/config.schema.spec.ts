import { ConfigError, loadConfig } from './config.schema.js';

describe('loadConfig', () => {
  it('runs embedded with no environment at all', () => {
    const config = loadConfig({}, '/srv/app');
    expect(config).toMatchObject({
      dataDir: '/srv/app/data',
      host: '127.0.0.1',
      port: 3000,
      demo: { enabled: true },
      sqlite: { file: '/srv/app/data/events.sqlite' },
    });
  });

  it('reads the documented variables', () => {
    const config = loadConfig({ ORGHEALTH_DATA_DIR: '/var/lib/orghealth', PORT: '8080', ORGHEALTH_DEMO: '0' }, '/x');
    expect(config).toMatchObject({ dataDir: '/var/lib/orghealth', port: 8080, demo: { enabled: false } });
  });

  it('names every bad variable and why', () => {
    let error: unknown;
    try {
      loadConfig({ PORT: 'eighty', ORGHEALTH_DEMO: 'maybe' });
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const problems = (error as ConfigError).problems.join('\n');
    expect(problems).toMatch(/^PORT: /m);
    expect(problems).toMatch(/^ORGHEALTH_DEMO: /m);
  });
});
