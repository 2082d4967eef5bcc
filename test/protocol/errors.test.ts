import { describe, expect, it } from 'vitest';
import { SegmentError, errorFromHttp } from '../../src/protocol/errors';

const count = (text: string, part: string) => text.split(part).length - 1;

describe('error advice is said once', () => {
  it('a 401 says what happened, then the advice once (it used to say it twice in the canvas)', () => {
    const error = errorFromHttp(401, { error: { message: 'Invalid API key' } });
    expect(error.message).toBe(
      'HTTP 401: Invalid API key. Check the API key (X-Moondream-Auth), or call a proxy that adds it.',
    );
    expect(error.hint).toBe('Check the API key (X-Moondream-Auth), or call a proxy that adds it.');
  });

  it('a message that already carries the advice (a server relaying ours) does not get it again', () => {
    const relayed = new SegmentError('payload_too_large', 'Too big.').message;
    const error = errorFromHttp(413, { error: relayed });
    expect(count(error.message, 'Send a smaller image')).toBe(1);
    expect(error.message).not.toMatch(/\.\.$/);
  });

  it('a thrower that knows better gives its own hint; codes without advice have none', () => {
    expect(new SegmentError('rate_limited', 'Busy.', { hint: 'Retry in 5 s.' }).message).toBe(
      'Busy. Retry in 5 s.',
    );
    const plain = new SegmentError('invalid_input', 'Spatial ref 0 is out of range.');
    expect(plain.hint).toBeUndefined();
    expect(plain.message).toBe('Spatial ref 0 is out of range.');
  });
});
