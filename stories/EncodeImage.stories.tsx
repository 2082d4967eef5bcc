import type { Meta, StoryObj } from '@storybook/react-vite';
import { useEffect, useState } from 'react';
import { expect, waitFor } from 'storybook/test';
import { encodeImage, sniffImage, type EncodedImage } from '../src/index';

/**
 * `encodeImage` in a real browser, with the browser's own codecs: what each kind of source
 * becomes before it is sent. The play function checks each row (it runs in CI in Chromium).
 */
interface Row {
  source: string;
  encoded?: EncodedImage;
  mime?: string;
  cached?: boolean;
  error?: string;
}

const base64ToBytes = (dataUrl: string) =>
  Uint8Array.from(atob(dataUrl.slice(dataUrl.indexOf(',') + 1)), (c) => c.charCodeAt(0));

async function run(): Promise<Row[]> {
  const rows: Row[] = [];
  const add = async (source: string, make: () => Promise<Parameters<typeof encodeImage>[0]>) => {
    try {
      const input = await make();
      const encoded = await encodeImage(input);
      const again = await encodeImage(input);
      rows.push({
        source,
        encoded,
        mime: sniffImage(base64ToBytes(encoded.dataUrl))?.mime,
        cached: again === encoded,
      });
    } catch (error) {
      rows.push({ source, error: String(error) });
    }
  };
  const photo = 'assets/coffee.png';
  await add('URL of a 600×400 PNG', async () => photo);
  await add('Blob of the same PNG', async () => (await fetch(photo)).blob());
  await add('<img> element', async () => {
    const img = new Image();
    img.src = photo;
    await img.decode();
    return img;
  });
  await add('ImageBitmap', async () => createImageBitmap(await (await fetch(photo)).blob()));
  await add('<canvas> 2400×1600 (3.8 MP)', async () => {
    const canvas = document.createElement('canvas');
    canvas.width = 2400;
    canvas.height = 1600;
    const context = canvas.getContext('2d')!;
    context.fillStyle = '#2a6';
    context.fillRect(0, 0, 2400, 1600);
    context.fillStyle = '#fff';
    context.fillRect(600, 400, 1200, 800);
    return canvas;
  });
  await add(
    'ImageData 64×48',
    async () => new ImageData(new Uint8ClampedArray(64 * 48 * 4).fill(200), 64, 48),
  );
  return rows;
}

function EncodeImageDemo() {
  const [rows, setRows] = useState<Row[] | null>(null);
  useEffect(() => {
    void run().then(setRows);
  }, []);
  if (!rows) return <p>Encoding…</p>;
  return (
    <table
      style={{ font: '14px system-ui, sans-serif', borderCollapse: 'collapse' }}
      data-testid="encode-table"
    >
      <thead>
        <tr>
          {['source', 'sent as', 'sent size', 'natural size', 'cached'].map((h) => (
            <th key={h} style={{ textAlign: 'left', padding: '4px 12px 4px 0' }}>
              {h}
            </th>
          ))}
        </tr>
      </thead>
      <tbody>
        {rows.map((r) => (
          <tr key={r.source} data-source={r.source}>
            <td style={{ padding: '4px 12px 4px 0' }}>{r.source}</td>
            <td data-cell="mime">{r.error ?? r.mime}</td>
            <td data-cell="size">{r.encoded ? `${r.encoded.width}×${r.encoded.height}` : ''}</td>
            <td data-cell="natural">
              {r.encoded ? `${r.encoded.naturalWidth}×${r.encoded.naturalHeight}` : ''}
            </td>
            <td data-cell="cached">{r.cached ? 'yes' : 'no'}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

const meta = { title: 'Core/encodeImage', component: EncodeImageDemo } satisfies Meta<typeof EncodeImageDemo>;
export default meta;

const cell = (root: HTMLElement, source: string, name: string) =>
  root.querySelector(`[data-source="${source}"] [data-cell="${name}"]`)?.textContent;

export const InTheBrowser: StoryObj<typeof meta> = {
  name: 'In the browser',
  play: async ({ canvasElement }) => {
    await waitFor(() => expect(canvasElement.querySelector('[data-testid="encode-table"]')).not.toBeNull(), {
      timeout: 10_000,
    });
    // A PNG that fits is sent as it is, whatever wraps it.
    for (const source of ['URL of a 600×400 PNG', 'Blob of the same PNG']) {
      await expect(cell(canvasElement, source, 'mime')).toBe('image/png');
      await expect(cell(canvasElement, source, 'size')).toBe('600×400');
    }
    // Decoded sources are drawn and sent as JPEG at their size.
    for (const source of ['<img> element', 'ImageBitmap']) {
      await expect(cell(canvasElement, source, 'mime')).toBe('image/jpeg');
      await expect(cell(canvasElement, source, 'size')).toBe('600×400');
    }
    // 3.8 MP is downscaled to at most 1.5 MP, keeping the aspect ratio.
    const big = cell(canvasElement, '<canvas> 2400×1600 (3.8 MP)', 'size')!.split('×').map(Number) as [
      number,
      number,
    ];
    await expect(big[0] * big[1]).toBeLessThanOrEqual(1_500_000);
    await expect(big[0] / big[1]).toBeCloseTo(1.5, 2);
    await expect(cell(canvasElement, '<canvas> 2400×1600 (3.8 MP)', 'natural')).toBe('2400×1600');
    await expect(cell(canvasElement, 'ImageData 64×48', 'mime')).toBe('image/jpeg');
    // Each source is encoded once: the second call returns the cached result.
    for (const row of canvasElement.querySelectorAll('[data-cell="cached"]'))
      await expect(row.textContent).toBe('yes');
  },
};
