import { COCO_CLASSES, type CocoClass } from './coco-classes';
import { COCO_SYNONYMS } from './coco-synonyms';

const BY_NAME = new Map<string, CocoClass>([
  ...COCO_CLASSES.map((c) => [c, c] as const),
  ...Object.entries(COCO_SYNONYMS).flatMap(([c, names]) =>
    names.split(',').map((n) => [n, c as CocoClass] as const),
  ),
]);

function singular(word: string): string[] {
  const forms = [word];
  if (word.endsWith('ies')) forms.push(`${word.slice(0, -3)}y`);
  if (word.endsWith('es')) forms.push(word.slice(0, -2));
  if (word.endsWith('s')) forms.push(word.slice(0, -1));
  if (word.endsWith('ves')) forms.push(`${word.slice(0, -3)}f`, `${word.slice(0, -3)}fe`);
  return forms;
}

function lookup(phrase: string): CocoClass | undefined {
  for (const form of singular(phrase)) {
    const hit = BY_NAME.get(form);
    if (hit) return hit;
  }
  // Plurals inside a phrase: "wine glasses", "traffic lights".
  const words = phrase.split(' ');
  if (words.length > 1) {
    for (const form of singular(words[words.length - 1]!)) {
      const hit = BY_NAME.get([...words.slice(0, -1), form].join(' '));
      if (hit) return hit;
    }
  }
  return undefined;
}

/**
 * The COCO class an object name means: "kittens" → cat, "the red mug" → cup, "wine glasses" →
 * wine glass. The whole phrase first, then shorter tails ("red mug" → "mug"). Null when unknown.
 */
export function cocoClassOf(name: string): CocoClass | null {
  const all = name
    .toLowerCase()
    .replace(/[^a-z\s-]/g, ' ')
    .replace(/-/g, ' ')
    .split(/\s+/)
    .filter((w) => w && !ARTICLES.has(w));
  // "cat on the sofa", "cup of coffee": the head noun comes before the first preposition.
  const cut = all.findIndex((w) => PREPOSITIONS.has(w));
  for (const words of cut > 0 ? [all.slice(0, cut), all] : [all]) {
    for (let start = 0; start < words.length; start++) {
      const hit = lookup(words.slice(start).join(' '));
      if (hit) return hit;
    }
  }
  return null;
}

const ARTICLES = new Set(['a', 'an', 'the', 'this', 'that', 'these', 'those', 'my', 'some']);
const PREPOSITIONS = new Set([
  'on',
  'in',
  'of',
  'with',
  'near',
  'under',
  'behind',
  'beside',
  'by',
  'at',
  'next',
  'from',
  'over',
  'above',
  'below',
  'holding',
  'wearing',
]);
