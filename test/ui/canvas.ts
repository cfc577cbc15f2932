// What a canvas in a webview painted, read back from its pixels: a blank or wrongly coloured
// chart is caught without comparing screenshots.
import type { FrameLocator } from 'playwright-core';

/**
 * Pixels of the canvas at `selector` that are (nearly opaque and) close to a colour, or (drawn
 * and) away from it. The colour is a CSS colour or a `--vscode-*` variable, resolved inside the
 * webview so that it is the theme's own.
 */
export async function countPixels(
  frame: FrameLocator,
  selector: string,
  test: { near: string } | { awayFrom: string },
): Promise<number> {
  const near = 'near' in test;
  const color = 'near' in test ? test.near : test.awayFrom;
  return frame.locator(selector).evaluate(
    (el, { color, near }) => {
      const canvas = el as HTMLCanvasElement;
      const probe = document.createElement('span');
      probe.style.color = color.startsWith('--') ? getComputedStyle(document.body).getPropertyValue(color) : color;
      document.body.append(probe);
      const m = /(\d+)\D+(\d+)\D+(\d+)/.exec(getComputedStyle(probe).color)!;
      probe.remove();
      const [r, g, b] = [Number(m[1]), Number(m[2]), Number(m[3])];
      const data = canvas.getContext('2d')!.getImageData(0, 0, canvas.width, canvas.height).data;
      let n = 0;
      for (let i = 0; i < data.length; i += 4) {
        const distance = Math.abs(data[i] - r) + Math.abs(data[i + 1] - g) + Math.abs(data[i + 2] - b);
        if (near ? data[i + 3] > 200 && distance < 40 : data[i + 3] > 0 && distance > 30) n++;
      }
      return n;
    },
    { color, near },
  );
}
