import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { SegmentError, imageToPixels } from '../../src/index';
import { createLocalSegmenter } from '../../src/engine/index';
import { cocoClassOf } from '../../src/engine/grounding/coco-class-of';
import { groundPrompt } from '../../src/engine/grounding/ground-prompt';
import {
  loadCenterNet,
  suppress,
  type Detection,
  type ObjectDetector,
} from '../../src/engine/grounding/object-detector';
import { errorOf } from '../helpers/streams';

const pixels = { width: 10, height: 10, data: new Uint8ClampedArray(400) };
const detectorOf = (detections: Detection[]): ObjectDetector => ({ detect: async () => detections });
const noRefs = { boxes: [], points: [] as [number, number][] };

describe('names to COCO classes', () => {
  it('knows the classes, synonyms, plurals and phrases', () => {
    expect(cocoClassOf('cat')).toBe('cat');
    expect(cocoClassOf('kitten')).toBe('cat');
    expect(cocoClassOf('Kittens')).toBe('cat');
    expect(cocoClassOf('mug')).toBe('cup');
    expect(cocoClassOf('people')).toBe('person');
    expect(cocoClassOf('the red mug')).toBe('cup');
    expect(cocoClassOf('wine glasses')).toBe('wine glass');
    expect(cocoClassOf('traffic lights')).toBe('traffic light');
    expect(cocoClassOf('puppies')).toBe('dog');
    expect(cocoClassOf('knives')).toBe('knife');
    expect(cocoClassOf('cat on the sofa')).toBe('cat');
    expect(cocoClassOf('potted plant')).toBe('potted plant');
    expect(cocoClassOf('gravestone')).toBeNull();
    expect(cocoClassOf('')).toBeNull();
  });
});

describe('groundPrompt', () => {
  const left: Detection = { box: [0.05, 0.1, 0.4, 0.9], score: 0.9, label: 'person' };
  const right: Detection = { box: [0.5, 0.1, 0.95, 0.9], score: 0.6, label: 'person' };
  const cat: Detection = { box: [0.3, 0.3, 0.6, 0.6], score: 0.95, label: 'cat' };

  it('takes the most prominent instance (score × √area) of the class for a name alone, and reports its score', async () => {
    const prompt = await groundPrompt(pixels, 'people', noRefs, detectorOf([cat, left, right]));
    expect(prompt.boxes[0]!.xMin).toBeCloseTo(0.05 - 0.35 * 0.02, 5);
    expect(prompt.boxes[0]!.xMax).toBeCloseTo(0.4 + 0.35 * 0.02, 5);
    expect(prompt.groundingScore).toBe(0.9);
  });

  it('prefers a big instance to a slightly surer small one', async () => {
    const small: Detection = { box: [0.1, 0.1, 0.2, 0.2], score: 0.8, label: 'person' };
    const big: Detection = { box: [0.3, 0.1, 0.9, 0.9], score: 0.5, label: 'person' };
    expect((await groundPrompt(pixels, 'person', noRefs, detectorOf([small, big]))).groundingScore).toBe(0.5);
  });

  it('prefers a sure instance to a faint one five times its size (score × √area, not × area)', async () => {
    const sure: Detection = { box: [0.1, 0.1, 0.4, 0.4], score: 0.6, label: 'person' };
    const faint: Detection = { box: [0.25, 0.25, 0.92, 0.92], score: 0.2, label: 'person' };
    expect((await groundPrompt(pixels, 'person', noRefs, detectorOf([faint, sure]))).groundingScore).toBe(
      0.6,
    );
  });

  it('a name alone also brings its two most prominent instances, the picked one first; points bring none', async () => {
    const small: Detection = { box: [0.7, 0.7, 0.8, 0.8], score: 0.3, label: 'person' };
    const prompt = await groundPrompt(pixels, 'people', noRefs, detectorOf([small, right, cat, left]));
    expect(prompt.groundingInstances).toEqual([
      { box: prompt.boxes[0], score: 0.9, prominence: expect.closeTo(0.9 * Math.sqrt(0.35 * 0.8), 6) },
      {
        box: {
          xMin: expect.closeTo(0.5 - 0.45 * 0.02, 6),
          yMin: expect.closeTo(0.1 - 0.8 * 0.02, 6),
          xMax: expect.closeTo(0.95 + 0.45 * 0.02, 6),
          yMax: expect.closeTo(0.9 + 0.8 * 0.02, 6),
        },
        score: 0.6,
        prominence: expect.closeTo(0.6 * Math.sqrt(0.45 * 0.8), 6),
      },
    ]);
    // One instance of the class: nothing to weigh.
    expect(
      (await groundPrompt(pixels, 'cat', noRefs, detectorOf([cat, left]))).groundingInstances,
    ).toBeUndefined();
    const pointed = await groundPrompt(
      pixels,
      'woman',
      { boxes: [], points: [[0.7, 0.5]] },
      detectorOf([left, right]),
    );
    expect(pointed.groundingInstances).toBeUndefined();
  });

  it('takes the instance that holds the points, even when another scores higher', async () => {
    const prompt = await groundPrompt(
      pixels,
      'woman',
      { boxes: [], points: [[0.7, 0.5]] },
      detectorOf([left, right]),
    );
    expect(prompt.boxes[0]!.xMin).toBeCloseTo(0.5 - 0.45 * 0.02, 5);
    expect(prompt.points).toEqual([[0.7, 0.5]]);
    expect(prompt.groundingScore).toBe(0.6);
  });

  it('keeps points alone when no instance holds them, and a given box as it is', async () => {
    expect(await groundPrompt(pixels, 'cat', { boxes: [], points: [[0.9, 0.9]] }, detectorOf([cat]))).toEqual(
      { boxes: [], points: [[0.9, 0.9]] },
    );
    const boxed = { boxes: [{ xMin: 0, yMin: 0, xMax: 1, yMax: 1 }], points: [] };
    expect(await groundPrompt(pixels, 'cat', boxed, detectorOf([cat]))).toBe(boxed);
  });

  it('a name it cannot ground is ungrounded, with the fix in the message', async () => {
    const notFound = await errorOf(groundPrompt(pixels, 'dog', noRefs, detectorOf([cat])));
    expect(notFound.code).toBe('ungrounded');
    expect(notFound.message).toMatch(/No dog found.*add a point or a box/);
    const unknown = await errorOf(groundPrompt(pixels, 'gravestone', noRefs, detectorOf([cat])));
    expect(unknown.message).toMatch(/cannot find "gravestone" by name.*add a point or a box/);
  });

  it('suppresses duplicate boxes of one class, not of different classes', () => {
    const twin: Detection = { ...left, score: 0.5, box: [0.06, 0.1, 0.41, 0.9] };
    expect(suppress([twin, left, { ...twin, label: 'dog' }]).map((d) => [d.label, d.score])).toEqual([
      ['person', 0.9],
      ['dog', 0.5],
    ]);
  });
});

describe('the CenterNet detector (optional packages, installed as dev dependencies here)', () => {
  it('finds the person in the astronaut photo and the engine segments her from the name alone', async () => {
    const bytes = new Uint8Array(readFileSync('stories/assets/astronaut.jpg'));
    const detections = await (await loadCenterNet()).detect(await imageToPixels(bytes));
    const person = detections.find((d) => d.label === 'person')!;
    expect(person.score).toBeGreaterThan(0.5);
    expect(person.box[0]).toBeLessThan(0.1);
    expect(person.box[2]).toBeGreaterThan(0.6);
    expect(person.box[2]).toBeLessThan(0.8);

    const result = await createLocalSegmenter({ worker: false, model: false }).segment({
      image: bytes,
      object: 'astronaut',
    });
    expect(result.metrics?.groundingScore).toBeGreaterThan(0.5);
    expect(result.bbox.xMax).toBeLessThan(0.8);
  }, 30_000);

  it('with the detector turned off, a name alone says so', async () => {
    const bytes = new Uint8Array(readFileSync('stories/assets/astronaut.jpg'));
    const error = await errorOf(
      createLocalSegmenter({ worker: false, detector: false, model: false }).segment({
        image: bytes,
        object: 'person',
      }),
    );
    expect(error).toBeInstanceOf(SegmentError);
    expect(error.message).toMatch(/detector: false.*point or a box/);
  });
});
