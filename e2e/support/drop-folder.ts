import type { Page } from '@playwright/test';
import { pathToFileURL } from 'node:url';

/** Drop a folder on the window as a file manager does: a drop event whose data carries its file:// URI. */
export async function dropFolder(page: Page, folder: string): Promise<void> {
  const uri = pathToFileURL(folder).href;
  await page.evaluate((uri) => {
    const data = new DataTransfer();
    data.setData('text/uri-list', uri);
    for (const type of ['dragenter', 'dragover', 'drop']) {
      document.body.dispatchEvent(new DragEvent(type, { dataTransfer: data, bubbles: true, cancelable: true }));
    }
  }, uri);
}
