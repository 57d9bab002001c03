/**
 * Plate layouts the reader RECOGNISES but never corrects towards (pure data).
 *
 * Why: the site's formats (format-rules.ts) swap look-alike glyphs to fit a read into the site's
 * layouts. A foreign car whose plate already reads as a valid plate of its own country (a Belgian
 * 1-ABC-123, a Bulgarian CA 1234 AB, an old French 1234 AB 56) would otherwise be bent into the
 * nearest site layout (1ABC123 → IABC123, German-like). When the raw read fits one of these, the
 * format rules keep it as read.
 *
 * Layouts are the registration characters only (no country band, separators or badges), in the
 * same pattern syntax as format-rules.ts, written from each country's published scheme (current
 * and the commonest older series), not from any evaluation image. Catch-all layouts are left out on
 * purpose: a layout that fits almost anything would stop every correction.
 *
 * `near`: which sites consider the layout. 'europe' layouts count at any site with a European
 * format enabled; 'world' layouts only where every format is enabled (a site that sees cars from
 * everywhere). Brazilian and US sites get none: a Brazilian site's one-swap misreads (AEYI548 for
 * AEY1548) are exactly the layouts of its neighbours, and foreign cars are the rarer case there.
 */
export interface ForeignFormat {
  id: string;
  region: string;
  description: string;
  patterns: string[];
  minDigits?: number;
  near: 'europe' | 'world';
}

export const FOREIGN_FORMATS: readonly ForeignFormat[] = [
  {
    id: 'at',
    region: 'at',
    description: 'Austria W 12345 X / G 123 AB',
    patterns: ['L{1,2}N{3,5}L{1,2}'],
    near: 'europe',
  },
  {
    id: 'be',
    region: 'be',
    description: 'Belgium 1-ABC-123 / ABC-123',
    patterns: ['NLLLNNN', 'LLLNNN'],
    near: 'europe',
  },
  {
    id: 'bg',
    region: 'bg',
    description: 'Bulgaria CA 1234 AB',
    patterns: ['L{1,2}NNNNL{1,2}'],
    near: 'europe',
  },
  {
    id: 'ch',
    region: 'ch',
    description: 'Switzerland ZH 123456',
    patterns: ['LLN{1,6}'],
    near: 'europe',
  },
  {
    id: 'cz',
    region: 'cz',
    description: 'Czechia 1A2 3456',
    patterns: ['NLANNNN'],
    near: 'europe',
  },
  {
    id: 'dk',
    region: 'dk',
    description: 'Denmark / Norway AB 12345',
    patterns: ['LLNNNNN'],
    near: 'europe',
  },
  { id: 'ee', region: 'ee', description: 'Estonia 123 ABC', patterns: ['NNNLLL'], near: 'europe' },
  {
    id: 'fr-fni',
    region: 'fr',
    description: 'France before 2009: 1234 AB 56',
    patterns: ['N{1,4}L{1,3}NN'],
    near: 'europe',
  },
  {
    id: 'gb',
    region: 'gb',
    description: 'UK AB12 CDE / A123 BCD / ABC 123D',
    patterns: ['LLNNLLL', 'LN{1,3}LLL', 'LLLN{1,3}L'],
    near: 'europe',
  },
  { id: 'gr', region: 'gr', description: 'Greece ABC-1234', patterns: ['LLLNNNN'], near: 'europe' },
  {
    id: 'hr',
    region: 'hr',
    description: 'Croatia ZG 123-AB',
    patterns: ['LLN{3,4}L{1,2}'],
    near: 'europe',
  },
  {
    id: 'hu',
    region: 'hu',
    description: 'Hungary ABC-123 / AA BC-123',
    patterns: ['L{3,4}NNN'],
    near: 'europe',
  },
  {
    id: 'ie',
    region: 'ie',
    description: 'Ireland 131-D-12345',
    patterns: ['N{2,3}L{1,2}N{1,6}'],
    near: 'europe',
  },
  { id: 'lv', region: 'lv', description: 'Latvia AB-1234', patterns: ['LLN{1,4}'], near: 'europe' },
  {
    id: 'pt',
    region: 'pt',
    description: 'Portugal AA-00-00 / 00-00-AA / 00-AA-00 / AA-00-AA',
    patterns: ['LLNNNN', 'NNNNLL', 'NNLLNN', 'LLNNLL'],
    near: 'europe',
  },
  {
    id: 'se',
    region: 'se',
    description: 'Sweden ABC 12A',
    patterns: ['LLLNNA'],
    minDigits: 2,
    near: 'europe',
  },
  {
    id: 'sk',
    region: 'sk',
    description: 'Slovakia BA-123AB',
    patterns: ['LLNNNLL'],
    near: 'europe',
  },
  {
    id: 'ua',
    region: 'ua',
    description: 'Ukraine AA 1234 BB',
    patterns: ['LLNNNNLL'],
    near: 'europe',
  },
  {
    id: 'es-old',
    region: 'es',
    description: 'Spain before 2000: M-1234-AB',
    patterns: ['L{1,2}NNNNL{0,2}'],
    near: 'europe',
  },
  {
    id: 'tr',
    region: 'tr',
    description: 'Turkey 34 ABC 123',
    patterns: ['NNL{1,3}N{2,4}'],
    near: 'europe',
  },
  {
    id: 'au-nsw',
    region: 'au',
    description: 'Australia (New South Wales) ABC-12D / AB-12-CD',
    patterns: ['LLLNNL', 'LLNNLL'],
    near: 'world',
  },
  {
    id: 'ca-on',
    region: 'ca',
    description: 'Canada (Ontario) ABCD 123',
    patterns: ['LLLLNNN'],
    near: 'world',
  },
  {
    id: 'il',
    region: 'il',
    description: 'Israel 12-345-67 / 123-45-678',
    patterns: ['N{7,8}'],
    near: 'world',
  },
  {
    id: 'in',
    region: 'in',
    description: 'India MH 12 AB 1234',
    patterns: ['LLNNL{1,3}NNNN'],
    near: 'world',
  },
];
