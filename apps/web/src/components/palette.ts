/** Okabe–Ito: told apart with every common colour-vision deficiency; series also differ in dash. */
export const PALETTE = {
  blue: '#0072B2',
  orange: '#E69F00',
  green: '#009E73',
  vermillion: '#D55E00',
  purple: '#CC79A7',
  sky: '#56B4E9',
  grey: '#6b6b6b',
} as const;
