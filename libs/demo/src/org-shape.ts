import type { Random } from './random.js';

export const MIN_LAYERS = 4;
export const MAX_LAYERS = 7;
const MIN_SPAN = 3;
export const MAX_SPAN = 12;
/** The span managers get on average when a layer has more people than it needs as managers. */
const TYPICAL_SPAN = 6;

/** Where one person sits at the start; `manager` indexes the same list, which is top first. */
export interface Slot {
  layer: number;
  manager: number | null;
}

/** Enough layers that spans stay near five: 300 people get 5 layers, 10,000 get 7. */
export function defaultLayers(people: number): number {
  return Math.min(MAX_LAYERS, Math.max(MIN_LAYERS, Math.ceil(Math.log(people) / Math.log(5)) + 1));
}

/**
 * Head counts per layer, growing by a common ratio r (every layer below the
 * top holds at least MIN_SPAN people, so even a small org has a manager with a
 * full team on each layer): 1 + Σ max(3, r^l) = people.
 */
function layerSizes(people: number, layers: number): number[] {
  const total = (ratio: number) => {
    let sum = 1;
    for (let l = 1; l < layers; l++) sum += Math.max(MIN_SPAN, ratio ** l);
    return sum;
  };
  if (people < total(1)) throw new RangeError(`${people} people cannot fill ${layers} layers with teams of at least ${MIN_SPAN}`);
  let low = 1;
  let high = MAX_SPAN * 2;
  for (let i = 0; i < 60; i++) {
    const mid = (low + high) / 2;
    if (total(mid) > people) high = mid;
    else low = mid;
  }
  const sizes = [1];
  for (let l = 1; l < layers - 1; l++) sizes.push(Math.max(MIN_SPAN, Math.floor(low ** l)));
  sizes.push(people - sizes.reduce((sum, size) => sum + size, 0));
  for (let l = 1; l < layers; l++) {
    if (sizes[l]! > sizes[l - 1]! * MAX_SPAN) {
      throw new RangeError(`${people} people do not fit in ${layers} layers with spans of at most ${MAX_SPAN}; allow more layers`);
    }
  }
  return sizes;
}

/**
 * A tree with exactly `layers` layers: on each layer some people manage
 * (spans MIN_SPAN..MAX_SPAN, near TYPICAL_SPAN when there is room), the rest
 * are individual contributors; the last layer is all individual contributors.
 */
export function orgShape(people: number, layers: number, random: Random): Slot[] {
  const sizes = layerSizes(people, layers);
  const slots: Slot[] = [{ layer: 1, manager: null }];
  let layerStart = 0;
  for (let l = 0; l < layers - 1; l++) {
    const size = sizes[l]!;
    const below = sizes[l + 1]!;
    const managerCount = Math.max(
      Math.ceil(below / MAX_SPAN),
      Math.min(size, Math.floor(below / MIN_SPAN), Math.round(below / TYPICAL_SPAN)),
    );
    const managers = random
      .sample(
        Array.from({ length: size }, (_, i) => layerStart + i),
        managerCount,
      )
      .sort((a, b) => a - b);
    const spans = managers.map(() => MIN_SPAN);
    const open = managers.map((_, i) => i);
    for (let extra = below - MIN_SPAN * managerCount; extra > 0; extra--) {
      const at = Math.floor(random.next() * open.length);
      const i = open[at]!;
      if (++spans[i]! === MAX_SPAN) open.splice(at, 1);
    }
    managers.forEach((manager, i) => {
      for (let k = 0; k < spans[i]!; k++) slots.push({ layer: l + 2, manager });
    });
    layerStart += size;
  }
  return slots;
}
