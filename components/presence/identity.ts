/**
 * A person's identity in a document: a display name and a colour, chosen once
 * per browser and kept in localStorage. The `{ name, color }` shape is what
 * CollaborationCaret puts in awareness under `user`, so carets, the presence
 * bar and the token's `name` claim all read the same value.
 */
export interface LocalUser {
  name: string;
  color: string; // #rrggbb
  /**
   * This browser (not stored with the name): the presence bar recognises one's
   * own other tabs by it, instead of listing them as other people.
   */
  id?: string;
}

export const BROWSER_ID_STORAGE_KEY = 'tandem:browser';

export const USER_STORAGE_KEY = 'tandem:user';
export const MAX_NAME_LENGTH = 40;

const ADJECTIVES = [
  'Curious',
  'Brave',
  'Calm',
  'Clever',
  'Gentle',
  'Jolly',
  'Keen',
  'Lucky',
  'Merry',
  'Nimble',
  'Quiet',
  'Sunny',
  'Swift',
  'Witty',
  'Bright',
  'Bold',
];
const ANIMALS = [
  'Otter',
  'Fox',
  'Heron',
  'Badger',
  'Panda',
  'Lynx',
  'Koala',
  'Falcon',
  'Dolphin',
  'Hedgehog',
  'Owl',
  'Puffin',
  'Seal',
  'Tiger',
  'Wren',
  'Yak',
];

/**
 * Caret and avatar colours: saturated enough to tell apart, each readable with
 * either black or white text (see `readableTextColor`).
 */
export const PALETTE = [
  '#d93025',
  '#e8710a',
  '#f9ab00',
  '#188038',
  '#12a4af',
  '#1a73e8',
  '#7627bb',
  '#c5221f',
  '#a142f4',
  '#24c1e0',
  '#f538a0',
  '#5f6368',
] as const;

const COLOR_PATTERN = /^#[0-9a-fA-F]{6}$/;

function pick<T>(items: readonly T[], random: () => number): T {
  return items[Math.floor(random() * items.length) % items.length]!;
}

export function randomUser(random: () => number = Math.random): LocalUser {
  return { name: `${pick(ADJECTIVES, random)} ${pick(ANIMALS, random)}`, color: pick(PALETTE, random) };
}

/** Trims, collapses whitespace and bounds a display name; empty means "keep the old one". */
export function normalizeName(name: string): string {
  return name.replace(/\s+/g, ' ').trim().slice(0, MAX_NAME_LENGTH);
}

export function isColor(value: unknown): value is string {
  return typeof value === 'string' && COLOR_PATTERN.test(value);
}

/** Reads a stored user, tolerating anything (old formats, hand edits): invalid parts are replaced. */
export function parseStoredUser(raw: string | null, fallback: () => LocalUser): LocalUser {
  let parsed: unknown = null;
  try {
    parsed = raw === null ? null : JSON.parse(raw);
  } catch {
    parsed = null; // corrupt value: start over with a fresh identity
  }
  const record = typeof parsed === 'object' && parsed !== null ? (parsed as Record<string, unknown>) : {};
  const name = typeof record.name === 'string' ? normalizeName(record.name) : '';
  const color = record.color;
  if (name !== '' && isColor(color)) return { name, color };
  const fresh = fallback();
  return { name: name || fresh.name, color: isColor(color) ? color : fresh.color };
}

/** Up to two initials: "Curious Otter" → "CO", "ada" → "A". */
export function initials(name: string): string {
  const words = normalizeName(name).split(' ').filter(Boolean);
  const letters = words.length > 1 ? [words[0]!, words[words.length - 1]!] : words;
  return letters.map((word) => Array.from(word)[0]!.toUpperCase()).join('') || '?';
}

/** WCAG relative luminance of a #rrggbb colour. */
function luminance(color: string): number {
  const channels = [1, 3, 5].map((offset) => Number.parseInt(color.slice(offset, offset + 2), 16) / 255);
  const [r, g, b] = channels.map((c) => (c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4)) as [
    number,
    number,
    number,
  ];
  return 0.2126 * r + 0.7152 * g + 0.0722 * b;
}

/** Black or white, whichever contrasts more with the background. */
export function readableTextColor(background: string): '#000000' | '#ffffff' {
  if (!isColor(background)) return '#000000';
  const l = luminance(background);
  const againstWhite = 1.05 / (l + 0.05);
  const againstBlack = (l + 0.05) / 0.05;
  return againstBlack >= againstWhite ? '#000000' : '#ffffff';
}
