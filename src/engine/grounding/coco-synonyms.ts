import type { CocoClass } from './coco-classes';

/**
 * Everyday names for the classes, by class, comma-separated (kept as strings, the smallest form
 * for the bundle); plurals are handled by `cocoClassOf`.
 */
export const COCO_SYNONYMS: Readonly<Partial<Record<CocoClass, string>>> = {
  person:
    'people,man,men,woman,women,child,children,kid,boy,girl,human,player,swimmer,skier,surfer,astronaut,rider,baby,pedestrian,lady,guy',
  bicycle: 'bike',
  car: 'automobile,taxi,race car,van',
  motorcycle: 'motorbike,scooter',
  airplane: 'plane,aeroplane,jet,aircraft,airliner',
  truck: 'lorry,pickup',
  boat: 'ship,sailboat,canoe,kayak,yacht',
  'traffic light': 'stoplight,traffic signal',
  'fire hydrant': 'hydrant',
  bird: 'parrot,duck,gull,seagull,pigeon,penguin,owl,eagle',
  cat: 'kitten,kitty',
  dog: 'puppy,doggy',
  horse: 'pony,foal',
  sheep: 'lamb,ram',
  cow: 'calf,cattle,bull,ox',
  elephant: 'elephant figurine',
  backpack: 'rucksack',
  handbag: 'purse,bag',
  suitcase: 'luggage',
  'sports ball': 'ball,football',
  'tennis racket': 'racket,racquet',
  'wine glass': 'glass',
  cup: 'mug,teacup,coffee',
  'hot dog': 'hotdog',
  donut: 'doughnut',
  chair: 'stool,armchair',
  couch: 'sofa',
  'potted plant': 'plant,houseplant,flowerpot',
  'dining table': 'table,desk',
  tv: 'television,monitor,screen',
  laptop: 'notebook,computer',
  remote: 'remote control',
  'cell phone': 'phone,smartphone,mobile phone,cellphone,iphone',
  refrigerator: 'fridge',
  'teddy bear': 'teddy,toy bear',
  'hair drier': 'hair dryer,hairdryer',
};
