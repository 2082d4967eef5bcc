/**
 * Play functions that change a story's state (click, save, press Esc) run only under the story
 * tests (test/browser/storybook.browser.test.ts sets the flag before the page loads), so a
 * visitor opens each story as it is, not in the middle of a scripted session.
 */
export const STORY_TEST_FLAG = '__segmaskStoryTest';

export function testOnly<Context>(
  play: (context: Context) => Promise<void>,
): (context: Context) => Promise<void> {
  return async (context) => {
    if ((globalThis as Record<string, unknown>)[STORY_TEST_FLAG] === true) await play(context);
  };
}
