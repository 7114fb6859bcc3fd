import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { tempDir } from '../testing/temp-repo';
import { readFileAttachments } from './file-attachments';

/** A workspace with a source file, and beside it a secret the agent must never be handed through a mention. */
function workspace() {
  const root = fs.realpathSync(tempDir());
  const outside = fs.realpathSync(tempDir());
  fs.writeFileSync(path.join(outside, 'id_ed25519'), 'PRIVATE KEY\n');
  fs.mkdirSync(path.join(root, 'src'));
  fs.writeFileSync(path.join(root, 'src', 'app.ts'), 'export const app = 1;\n');
  return { root, outside };
}

describe('files attached with @', () => {
  it('reads each named text file of the workspace as the model will get it, in the order named', async () => {
    const { root } = workspace();
    fs.writeFileSync(path.join(root, 'README.md'), '# r\n');
    expect(await readFileAttachments(root, ['src/app.ts', './README.md'])).toEqual([
      { kind: 'file', path: 'src/app.ts', text: 'export const app = 1;\n' },
      { kind: 'file', path: 'README.md', text: '# r\n' },
    ]);
  });

  it('refuses a path that climbs out of the workspace or names an absolute file, saying so', async () => {
    const { root, outside } = workspace();
    await expect(readFileAttachments(root, ['../' + path.basename(outside) + '/id_ed25519'])).rejects.toThrow(
      /is not a path inside the workspace; attach files by their path from its root\.$/,
    );
    await expect(readFileAttachments(root, [path.join(outside, 'id_ed25519')])).rejects.toThrow(
      /is not a path inside the workspace/,
    );
    await expect(readFileAttachments(root, ['src/../../x'])).rejects.toThrow(/is not a path inside the workspace/);
  });

  it('refuses a symlink leading out of the workspace, even from inside a folder, and never reads its target', async () => {
    const { root, outside } = workspace();
    fs.symlinkSync(path.join(outside, 'id_ed25519'), path.join(root, 'src', 'key.ts'));
    fs.symlinkSync(outside, path.join(root, 'vendor'));
    await expect(readFileAttachments(root, ['src/key.ts'])).rejects.toThrow('src/key.ts leads outside the workspace.');
    await expect(readFileAttachments(root, ['vendor/id_ed25519'])).rejects.toThrow(
      'vendor/id_ed25519 leads outside the workspace.',
    );
  });

  it("refuses a file the sandbox's deny_read hides from the agent, or one inside a hidden folder", async () => {
    const { root } = workspace();
    fs.writeFileSync(path.join(root, '.env'), 'API_KEY=secret\n');
    fs.mkdirSync(path.join(root, 'keys'));
    fs.writeFileSync(path.join(root, 'keys', 'id.pem'), 'PRIVATE\n');
    const hidden = [path.join(root, '.env'), path.join(root, 'keys')];
    await expect(readFileAttachments(root, ['.env'], { hidden })).rejects.toThrow(
      ".env is hidden from the agent by the sandbox's deny_read, so it cannot be attached.",
    );
    await expect(readFileAttachments(root, ['keys/id.pem'], { hidden })).rejects.toThrow(/keys\/id\.pem is hidden/);
    expect(await readFileAttachments(root, ['src/app.ts'], { hidden })).toHaveLength(1);
  });

  it('refuses a binary file and one over the cap with a sentence naming it; a missing one is said too', async () => {
    const { root } = workspace();
    fs.writeFileSync(path.join(root, 'logo.png'), Buffer.from([0x89, 0x50, 0x4e, 0x47, 0, 0, 0, 1]));
    fs.writeFileSync(path.join(root, 'big.log'), 'x'.repeat(3000));
    await expect(readFileAttachments(root, ['logo.png'])).rejects.toThrow(
      'logo.png is a binary file; only text files can be attached.',
    );
    await expect(readFileAttachments(root, ['big.log'], { maxBytes: 2048 })).rejects.toThrow(
      /^big\.log is 3 KB, more than the 2 KB a file attached with @ may be;/,
    );
    expect(await readFileAttachments(root, ['big.log'], { maxBytes: 4096 })).toHaveLength(1);
    await expect(readFileAttachments(root, ['src/gone.ts'])).rejects.toThrow(/gone\.ts/);
    await expect(readFileAttachments(root, ['src'])).rejects.toThrow('src is not a file.');
  });
});
