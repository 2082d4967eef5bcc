// @vitest-environment jsdom
/**
 * The playground's object field follows the photo: a sample brings its own name, the visitor's
 * own photo starts blank (and the sample's name is not sent with its requests); the keyboard
 * help beside the canvas says what Backspace and undo each take back.
 */
import { cleanup, fireEvent, render, screen, waitFor } from '@testing-library/react';
import { readFileSync } from 'node:fs';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { Playground } from '../../stories/playground/Playground';

/** The bodies POSTed to /segment; every answer is an empty SSE stream that ends at once. */
let bodies: { object: string }[] = [];

beforeEach(() => {
  bodies = [];
  vi.stubGlobal('fetch', async (url: string, init?: RequestInit) => {
    if (String(url).endsWith('/segment')) bodies.push(JSON.parse(String(init!.body)));
    if (String(url).endsWith('/capabilities'))
      return new Response(JSON.stringify({ extensions: [] }), {
        headers: { 'Content-Type': 'application/json' },
      });
    return new Response('', { headers: { 'Content-Type': 'text/event-stream' } });
  });
});
afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
});

const objectField = () => screen.getByLabelText('Object') as HTMLInputElement;
const canvas = () => document.querySelector('[data-segmask-canvas]') as HTMLElement;

/** Adds a point with the keyboard (arrows move the reticle, Enter adds), as a user could. */
function addPoint() {
  canvas().focus();
  fireEvent.keyDown(canvas(), { key: 'ArrowRight' });
  fireEvent.keyDown(canvas(), { key: 'Enter' });
}

describe('the playground', () => {
  it('clears the object field for the visitor’s own photo and does not send the sample’s name', async () => {
    render(<Playground backend="server" endpoint="http://segment.test/v1" object="astronaut" />);
    expect(objectField().value).toBe('astronaut');
    const bytes = readFileSync('stories/assets/rocket.jpg');
    const file = new File([bytes], 'holiday.jpg', { type: 'image/jpeg' });
    fireEvent.change(screen.getByTestId('photo-input'), { target: { files: [file] } });
    await waitFor(() => expect(canvas().querySelector('img')!.alt).toContain('holiday.jpg'));
    expect(objectField().value).toBe('');
    expect(objectField().placeholder).toMatch(/name it/i);
    addPoint();
    await waitFor(() => expect(bodies.length).toBeGreaterThan(0));
    expect(bodies.map((b) => b.object)).not.toContain('astronaut');
    expect(bodies.at(-1)!.object).toBe('object');
  });

  it('a sample brings its own name back', async () => {
    render(<Playground backend="server" endpoint="http://segment.test/v1" />);
    expect(objectField().value).toBe('astronaut');
    fireEvent.change(screen.getByLabelText('Sample photo'), { target: { value: 'chelsea.png' } });
    expect(objectField().value).toBe('cat');
  });

  it('shows one rule for Backspace and another for undo in its keyboard help', () => {
    render(<Playground backend="server" endpoint="http://segment.test/v1" />);
    const help = screen.getByTestId('keyboard-help').textContent!;
    expect(help).toMatch(/Backspace or Delete removes the last point or box, include or exclude/);
    expect(help).toMatch(/Z undoes the last step/);
  });
});
