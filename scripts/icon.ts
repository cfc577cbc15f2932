// `npm run icon`: draws the extension's 128 × 128 marketplace icon (media/icon.png) in Chromium
// from the SVG below: a handwritten-looking 8 in MNIST's 28 × 28 grid of grey pixels, and the
// activity bar's little network in the theme's chart colours. Only the PNG is packaged.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { chromium } from 'playwright-core';

const root = join(__dirname, '..');

// An 8 drawn on a 14 × 14 grid (half MNIST's resolution, so the pixels read at 128 px): ink
// intensity 0–9.
const DIGIT = [
  '..............',
  '.....3786.....',
  '....79..98....',
  '...59....93...',
  '...69....8....',
  '....89..87....',
  '.....7998.....',
  '....5899......',
  '...69...96....',
  '..59.....94...',
  '..69.....95...',
  '...98...79....',
  '....69996.....',
  '..............',
];

function svg(): string {
  const cell = 5.2;
  const x0 = 12;
  const y0 = 28;
  const pixels: string[] = [];
  DIGIT.forEach((row, r) =>
    [...row].forEach((ch, c) => {
      if (ch === '.') return;
      const v = Number(ch) / 9;
      const grey = Math.round(120 + 135 * v);
      pixels.push(
        `<rect x="${(x0 + c * cell).toFixed(1)}" y="${(y0 + r * cell).toFixed(1)}" width="${cell - 0.4}" height="${cell - 0.4}" fill="rgb(${grey},${grey},${grey})"/>`,
      );
    }),
  );
  const nodes = [
    [88, 42],
    [88, 64],
    [88, 86],
    [112, 64],
  ];
  const edges = [0, 1, 2].map(
    (i) => `<line x1="${nodes[i][0]}" y1="${nodes[i][1]}" x2="112" y2="64" stroke="#3794ff" stroke-width="3"/>`,
  );
  const inputs = [0, 1, 2].map(
    (i) =>
      `<line x1="82" y1="${40 + i * 24}" x2="${nodes[i][0]}" y2="${nodes[i][1]}" stroke="#8c8c8c" stroke-width="2"/>`,
  );
  const circles = nodes.map(
    ([x, y], i) =>
      `<circle cx="${x}" cy="${y}" r="${i === 3 ? 8 : 7}" fill="#1b2333" stroke="${i === 3 ? '#f5a524' : '#3794ff'}" stroke-width="3.5"/>`,
  );
  return `<svg xmlns="http://www.w3.org/2000/svg" width="128" height="128" viewBox="0 0 128 128">
  <rect x="2" y="2" width="124" height="124" rx="22" fill="#1b2333"/>
  <rect x="9" y="25" width="78" height="78" rx="4" fill="#000" opacity="0.55"/>
  ${pixels.join('\n  ')}
  ${inputs.join('\n  ')}
  ${edges.join('\n  ')}
  ${circles.join('\n  ')}
</svg>`;
}

async function main(): Promise<void> {
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu'],
  });
  try {
    const page = await browser.newPage({ viewport: { width: 128, height: 128 }, deviceScaleFactor: 1 });
    await page.setContent(`<!DOCTYPE html><html><body style="margin:0;background:transparent">${svg()}</body></html>`);
    const out = join(root, 'media/icon.png');
    writeFileSync(out, await page.locator('svg').screenshot({ omitBackground: true }));
    process.stdout.write(`${out}\n`);
  } finally {
    await browser.close();
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
