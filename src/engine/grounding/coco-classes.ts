/** The 80 COCO classes in the detector's output order. */
export const COCO_CLASSES = [
  'person',
  'bicycle',
  'car',
  'motorcycle',
  'airplane',
  'bus',
  'train',
  'truck',
  'boat',
  'traffic light',
  'fire hydrant',
  'stop sign',
  'parking meter',
  'bench',
  'bird',
  'cat',
  'dog',
  'horse',
  'sheep',
  'cow',
  'elephant',
  'bear',
  'zebra',
  'giraffe',
  'backpack',
  'umbrella',
  'handbag',
  'tie',
  'suitcase',
  'frisbee',
  'skis',
  'snowboard',
  'sports ball',
  'kite',
  'baseball bat',
  'baseball glove',
  'skateboard',
  'surfboard',
  'tennis racket',
  'bottle',
  'wine glass',
  'cup',
  'fork',
  'knife',
  'spoon',
  'bowl',
  'banana',
  'apple',
  'sandwich',
  'orange',
  'broccoli',
  'carrot',
  'hot dog',
  'pizza',
  'donut',
  'cake',
  'chair',
  'couch',
  'potted plant',
  'bed',
  'dining table',
  'toilet',
  'tv',
  'laptop',
  'mouse',
  'remote',
  'keyboard',
  'cell phone',
  'microwave',
  'oven',
  'toaster',
  'sink',
  'refrigerator',
  'book',
  'clock',
  'vase',
  'scissors',
  'teddy bear',
  'hair drier',
  'toothbrush',
] as const;

export type CocoClass = (typeof COCO_CLASSES)[number];

// Everyday names for the classes; plurals are handled by `cocoClassOf`.
const SYNONYMS: Record<string, CocoClass> = {
  people: 'person',
  man: 'person',
  men: 'person',
  woman: 'person',
  women: 'person',
  child: 'person',
  children: 'person',
  kid: 'person',
  boy: 'person',
  girl: 'person',
  human: 'person',
  player: 'person',
  swimmer: 'person',
  skier: 'person',
  surfer: 'person',
  astronaut: 'person',
  rider: 'person',
  baby: 'person',
  pedestrian: 'person',
  lady: 'person',
  guy: 'person',
  bike: 'bicycle',
  motorbike: 'motorcycle',
  scooter: 'motorcycle',
  automobile: 'car',
  taxi: 'car',
  'race car': 'car',
  van: 'car',
  plane: 'airplane',
  aeroplane: 'airplane',
  jet: 'airplane',
  aircraft: 'airplane',
  airliner: 'airplane',
  lorry: 'truck',
  pickup: 'truck',
  ship: 'boat',
  sailboat: 'boat',
  canoe: 'boat',
  kayak: 'boat',
  yacht: 'boat',
  stoplight: 'traffic light',
  'traffic signal': 'traffic light',
  hydrant: 'fire hydrant',
  kitten: 'cat',
  kitty: 'cat',
  puppy: 'dog',
  doggy: 'dog',
  pony: 'horse',
  foal: 'horse',
  lamb: 'sheep',
  ram: 'sheep',
  calf: 'cow',
  cattle: 'cow',
  bull: 'cow',
  ox: 'cow',
  'elephant figurine': 'elephant',
  parrot: 'bird',
  duck: 'bird',
  gull: 'bird',
  seagull: 'bird',
  pigeon: 'bird',
  penguin: 'bird',
  owl: 'bird',
  eagle: 'bird',
  rucksack: 'backpack',
  purse: 'handbag',
  bag: 'handbag',
  luggage: 'suitcase',
  ball: 'sports ball',
  football: 'sports ball',
  racket: 'tennis racket',
  racquet: 'tennis racket',
  mug: 'cup',
  teacup: 'cup',
  coffee: 'cup',
  glass: 'wine glass',
  sofa: 'couch',
  plant: 'potted plant',
  houseplant: 'potted plant',
  flowerpot: 'potted plant',
  table: 'dining table',
  desk: 'dining table',
  television: 'tv',
  monitor: 'tv',
  screen: 'tv',
  notebook: 'laptop',
  computer: 'laptop',
  phone: 'cell phone',
  smartphone: 'cell phone',
  'mobile phone': 'cell phone',
  cellphone: 'cell phone',
  iphone: 'cell phone',
  fridge: 'refrigerator',
  'remote control': 'remote',
  doughnut: 'donut',
  hotdog: 'hot dog',
  teddy: 'teddy bear',
  'hair dryer': 'hair drier',
  hairdryer: 'hair drier',
  'toy bear': 'teddy bear',
  stool: 'chair',
  armchair: 'chair',
};

const BY_NAME = new Map<string, CocoClass>([
  ...COCO_CLASSES.map((c) => [c, c] as const),
  ...Object.entries(SYNONYMS),
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
