import { chromium, type BrowserContext } from 'playwright-core';
import { tempDir } from './temp-dir.js';

/** Debian's Chromium (`apt-get install -y chromium`, as .ci/run does). */
export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/** Headless Chromium on a fresh profile, with nothing of its own reaching the network. */
export async function launchChromium(): Promise<{ context: BrowserContext; close: () => Promise<void> }> {
  const profile = tempDir('orghealth-chromium-');
  const context = await chromium.launchPersistentContext(profile.path, {
    executablePath: CHROMIUM,
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
  return {
    context,
    close: async () => {
      await context.close();
      profile.remove();
    },
  };
}
