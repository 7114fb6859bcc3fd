import { _electron as electron, expect, test } from '@playwright/test';
import { pathToFileURL } from 'node:url';
import { electronBinary } from '../scripts/electron-binary.js';
import { git, makeRepo } from './support/git-repo';

const binary = electronBinary();
const SKIP_REASON =
  'SKIPPED: the Electron binary is not installed on this machine (ELECTRON_SKIP_BINARY_DOWNLOAD); the Electron window tests run where it exists.';
if (!binary) console.warn(SKIP_REASON);

test.describe('the Electron window', () => {
  test.skip(!binary, SKIP_REASON);

  test('opens hardened, and a dropped repository shows its tree, branch and changes', async () => {
    const repo = makeRepo({ 'README.md': '# hi\n' });
    git(repo, 'checkout', '-q', '-b', 'desktop');
    const app = await electron.launch({ executablePath: binary!, args: ['.', '--no-sandbox'] });
    try {
      const window = await app.firstWindow();
      await expect(window.getByText('Drop a repository here')).toBeVisible();
      // The renderer has no Node and exactly the contract: named requests, events, and the drop helper.
      expect(await window.evaluate(() => typeof (globalThis as { require?: unknown }).require)).toBe('undefined');
      expect(
        await window.evaluate(() => Object.keys((window as unknown as { trellis: object }).trellis).sort()),
      ).toEqual(['onEvent', 'pathForFile', 'request']);
      expect(await window.evaluate(() => typeof (globalThis as { process?: unknown }).process)).toBe('undefined');
      // Navigation away from the app is blocked.
      await window.evaluate(() => (location.href = 'https://example.com/'));
      await expect(window.getByText('Drop a repository here')).toBeVisible();

      await window.evaluate((uri) => {
        const data = new DataTransfer();
        data.setData('text/uri-list', uri);
        document.body.dispatchEvent(new DragEvent('drop', { dataTransfer: data, bubbles: true, cancelable: true }));
      }, pathToFileURL(repo).href);
      await expect(window.getByRole('treeitem', { name: 'README.md' })).toBeVisible();
      await expect(window.getByLabel('Current branch')).toHaveText(/desktop/);
      await window.screenshot({ path: 'e2e/screenshots/electron-window.png' });
    } finally {
      await app.close();
    }
  });
});
