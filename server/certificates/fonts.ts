// The fonts certificates are printed with, parsed once per process, and which of them renders which text.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { inflateSync } from 'node:zlib';

/** The part of a fontkit glyph run this code touches; pdfkit reads and rescales `positions` in place. */
interface GlyphRun {
  readonly glyphs: readonly object[];
  readonly positions: Record<string, number>[];
  readonly advanceWidth: number;
}

/** The part of a fontkit font this code relies on (fontkit ships no type declarations). */
export interface FontkitFont {
  readonly postscriptName: string;
  readonly unitsPerEm: number;
  hasGlyphForCodePoint(codePoint: number): boolean;
  layout(text: string, features?: unknown): GlyphRun;
}

interface Fontkit {
  create(data: Uint8Array): FontkitFont;
}

// A non-literal specifier lets TypeScript take the narrow interface above instead of failing on the
// untyped package; at run time it is the same ES module copy of fontkit that pdfkit imports.
const fontkitSpecifier = 'fontkit';
const fontkit = (await import(fontkitSpecifier)) as Fontkit;

/** Scripts a name can be written in that one of our fonts is designed for. */
export type Script = 'latin' | 'cyrillic' | 'greek' | 'arabic' | 'devanagari' | 'thai' | 'hangul' | 'han' | 'kana';

const scriptPatterns: readonly (readonly [Script, RegExp])[] = [
  ['latin', /\p{Script=Latin}/u],
  ['cyrillic', /\p{Script=Cyrillic}/u],
  ['greek', /\p{Script=Greek}/u],
  ['arabic', /\p{Script=Arabic}/u],
  ['devanagari', /\p{Script=Devanagari}/u],
  ['thai', /\p{Script=Thai}/u],
  ['hangul', /\p{Script=Hangul}/u],
  ['han', /\p{Script=Han}/u],
  ['kana', /[\p{Script=Hiragana}\p{Script=Katakana}]/u],
];

/** The script of one character, or undefined for spaces, digits, punctuation and combining marks. */
export function scriptOf(char: string): Script | undefined {
  return scriptPatterns.find(([, pattern]) => pattern.test(char))?.[0];
}

interface FaceSource {
  name: string;
  /** A file inside an installed npm package, resolved like an import. */
  file: string;
  scripts: readonly Script[];
}

// Order is preference: a character no designed-for font covers goes to the first face that has it.
// @fontsource cuts Noto Sans into unicode-range slices (Latin has no Cyrillic, Cyrillic has no hyphen),
// so one name can need several faces; the CJK and Thai packages ship whole TTFs.
const regularFaces: readonly FaceSource[] = [
  { name: 'noto-latin', file: '@fontsource/noto-sans/files/noto-sans-latin-400-normal.woff', scripts: ['latin'] },
  { name: 'noto-latin-ext', file: '@fontsource/noto-sans/files/noto-sans-latin-ext-400-normal.woff', scripts: ['latin'] },
  { name: 'noto-vietnamese', file: '@fontsource/noto-sans/files/noto-sans-vietnamese-400-normal.woff', scripts: ['latin'] },
  { name: 'noto-cyrillic', file: '@fontsource/noto-sans/files/noto-sans-cyrillic-400-normal.woff', scripts: ['cyrillic'] },
  { name: 'noto-cyrillic-ext', file: '@fontsource/noto-sans/files/noto-sans-cyrillic-ext-400-normal.woff', scripts: ['cyrillic'] },
  { name: 'noto-greek', file: '@fontsource/noto-sans/files/noto-sans-greek-400-normal.woff', scripts: ['greek'] },
  { name: 'noto-greek-ext', file: '@fontsource/noto-sans/files/noto-sans-greek-ext-400-normal.woff', scripts: ['greek'] },
  { name: 'noto-devanagari', file: '@fontsource/noto-sans/files/noto-sans-devanagari-400-normal.woff', scripts: ['devanagari'] },
  { name: 'noto-arabic', file: '@fontsource/noto-sans-arabic/files/noto-sans-arabic-arabic-400-normal.woff', scripts: ['arabic'] },
  { name: 'noto-thai', file: '@expo-google-fonts/noto-sans-thai/400Regular/NotoSansThai_400Regular.ttf', scripts: ['thai'] },
  { name: 'noto-sc', file: '@expo-google-fonts/noto-sans-sc/400Regular/NotoSansSC_400Regular.ttf', scripts: ['han', 'kana'] },
  { name: 'noto-kr', file: '@expo-google-fonts/noto-sans-kr/400Regular/NotoSansKR_400Regular.ttf', scripts: ['hangul', 'han', 'kana'] },
];

const headingFace: FaceSource = { name: 'noto-latin-bold', file: '@fontsource/noto-sans/files/noto-sans-latin-700-normal.woff', scripts: ['latin'] };

/** A parsed font with the name it is registered under in every certificate document. */
export interface FontFace {
  readonly name: string;
  readonly font: FontkitFont;
  readonly scripts: readonly Script[];
  /** The advance width of `text` shaped as one run (as pdfkit does with `features: []`), in points at `size`. */
  widthOf(text: string, size: number): number;
}

export interface LoadedFonts {
  /** Every face that may print dynamic text, in order of preference. */
  readonly regular: readonly FontFace[];
  /** Bold Latin for the fixed English wording of the template only. */
  readonly heading: FontFace;
}

const require = createRequire(import.meta.url);

const WOFF_SIGNATURE = 0x774f4646; // 'wOFF'

/**
 * Unpacks a WOFF 1.0 file into the plain TrueType/OpenType file it wraps. fontkit inflates a WOFF
 * table again on every read, and subsetting reads the glyph table once per glyph: kept as WOFF, the
 * fonts made a certificate cost ~60 ms, nearly all of it inflating. Unpacked once, reads are slices.
 * Layout: https://www.w3.org/TR/WOFF/#WOFFHeader (44-byte header, 20-byte directory entries).
 */
export function unpackWoff(woff: Buffer): Buffer {
  if (woff.readUInt32BE(0) !== WOFF_SIGNATURE) return woff;
  const numTables = woff.readUInt16BE(12);
  const tables = Array.from({ length: numTables }, (_, i) => {
    const entry = 44 + i * 20;
    const offset = woff.readUInt32BE(entry + 4);
    const compressedLength = woff.readUInt32BE(entry + 8);
    const length = woff.readUInt32BE(entry + 12);
    const stored = woff.subarray(offset, offset + compressedLength);
    return {
      tag: woff.readUInt32BE(entry),
      checksum: woff.readUInt32BE(entry + 16),
      data: compressedLength < length ? inflateSync(stored) : stored,
    };
  });
  const power = 2 ** Math.floor(Math.log2(numTables));
  const header = Buffer.alloc(12 + numTables * 16);
  header.writeUInt32BE(woff.readUInt32BE(4), 0); // the wrapped font's sfnt version
  header.writeUInt16BE(numTables, 4);
  header.writeUInt16BE(power * 16, 6);
  header.writeUInt16BE(Math.log2(power), 8);
  header.writeUInt16BE(numTables * 16 - power * 16, 10);
  const parts: Buffer[] = [header];
  let offset = header.length;
  tables.forEach((table, i) => {
    const record = 12 + i * 16;
    header.writeUInt32BE(table.tag, record);
    header.writeUInt32BE(table.checksum, record + 4);
    header.writeUInt32BE(offset, record + 8);
    header.writeUInt32BE(table.data.length, record + 12);
    const padded = Buffer.alloc(Math.ceil(table.data.length / 4) * 4);
    table.data.copy(padded);
    parts.push(padded);
    offset += padded.length;
  });
  return Buffer.concat(parts);
}

const LAYOUTS_KEPT_PER_FACE = 512;
/** The `features` option certificates are drawn with; cache keys compare it by JSON, so drawing hits what measuring shaped. */
const WHOLE_RUN_FEATURES: readonly string[] = [];

/** A run pdfkit may rescale without touching the cached one (glyph objects are immutable and shared). */
function copyRun(run: GlyphRun): GlyphRun {
  const positions = run.positions.map((position) => ({ ...position }));
  return {
    glyphs: run.glyphs,
    positions,
    get advanceWidth() {
      return positions.reduce((width, position) => width + (position.xAdvance ?? 0), 0);
    },
  };
}

/**
 * The font with a bounded least-recently-used cache of shaped text. Shaping is most of the cost of a
 * certificate, and a cohort's certificates repeat nearly every string but the name and number;
 * pdfkit's own layout cache lives and dies with one document. The wrapper inherits everything else
 * from the fontkit font, so pdfkit subsets and measures it as usual.
 */
function withLayoutCache(font: FontkitFont): { font: FontkitFont; shape: (text: string, features?: unknown) => GlyphRun } {
  const cache = new Map<string, GlyphRun>();
  const shape = (text: string, features?: unknown): GlyphRun => {
    const key = `${JSON.stringify(features ?? null)}|${text}`;
    let run = cache.get(key);
    if (run) {
      cache.delete(key);
    } else {
      run = copyRun(font.layout(text, features));
      if (cache.size >= LAYOUTS_KEPT_PER_FACE) cache.delete(cache.keys().next().value ?? '');
    }
    cache.set(key, run);
    return run;
  };
  const cached: FontkitFont = Object.create(font, { layout: { value: (text: string, features?: unknown) => copyRun(shape(text, features)) } });
  return { font: cached, shape };
}

function parseFace(source: FaceSource): FontFace {
  const parsed = fontkit.create(unpackWoff(readFileSync(require.resolve(source.file))));
  const { font, shape } = withLayoutCache(parsed);
  const widthOf = (text: string, size: number) => (shape(text, WHOLE_RUN_FEATURES).advanceWidth * size) / parsed.unitsPerEm;
  return { name: source.name, font, scripts: source.scripts, widthOf };
}

// Fonts are immutable data, not a client: parsing the 10 MB Chinese font per certificate would cost
// about 12x the rendering itself, so they are parsed on first use and kept for the process lifetime.
let loaded: LoadedFonts | undefined;

/** The certificate fonts, parsed on the first call. */
export function loadFonts(): LoadedFonts {
  loaded ??= { regular: regularFaces.map(parseFace), heading: parseFace(headingFace) };
  return loaded;
}

/** A stretch of text printed with one face. */
export interface TextRun {
  text: string;
  face: FontFace;
}

const codePointOf = (char: string): number => char.codePointAt(0) ?? 0;

function hasGlyph(face: FontFace, char: string): boolean {
  return face.font.hasGlyphForCodePoint(codePointOf(char));
}

/** The face for a character: one designed for its script if any covers it, else the first that does. */
function bestFace(faces: readonly FontFace[], char: string, script: Script | undefined): FontFace | undefined {
  const covering = faces.filter((face) => hasGlyph(face, char));
  return covering.find((face) => script !== undefined && face.scripts.includes(script)) ?? covering[0];
}

/** Whether a character may continue the current run instead of switching to its own script's face. */
function canExtend(faces: readonly FontFace[], run: TextRun, char: string, script: Script | undefined): boolean {
  if (!hasGlyph(run.face, char)) return false;
  if (script === undefined || run.face.scripts.includes(script)) return true;
  return bestFace(faces, char, script) === run.face;
}

/**
 * Splits text into runs that each one face renders, in logical order, after NFC normalisation (so a
 * decomposed "é" is not split from its accent). Spaces and punctuation stay in the surrounding run, so
 * an Arabic name is one run that fontkit can join and order right to left. Throws when a character has
 * no glyph in any face; call `unrenderableCharacters` first to report that properly.
 */
export function fontRuns(text: string): TextRun[] {
  const faces = loadFonts().regular;
  const runs: TextRun[] = [];
  for (const char of text.normalize('NFC')) {
    const script = scriptOf(char);
    const current = runs.at(-1);
    if (current && canExtend(faces, current, char, script)) {
      current.text += char;
      continue;
    }
    const face = bestFace(faces, char, script);
    if (!face) throw new Error(`No certificate font has a glyph for ${codePointLabel(char)}`);
    runs.push({ text: char, face });
  }
  return runs;
}

/** The one face that renders all of `text`, or undefined when it needs several (or none can). */
export function chooseFont(text: string): FontFace | undefined {
  if (unrenderableCharacters(text).length > 0) return undefined;
  const runs = fontRuns(text);
  return runs.length === 1 ? runs[0]?.face : undefined;
}

/** The distinct characters of `text` (after NFC) that no certificate font has a glyph for. */
export function unrenderableCharacters(text: string): string[] {
  const faces = loadFonts().regular;
  const missing = new Set<string>();
  for (const char of text.normalize('NFC')) {
    if (!faces.some((face) => hasGlyph(face, char))) missing.add(char);
  }
  return [...missing];
}

/** "U+13A0" for a character, the way Unicode charts name it. */
export function codePointLabel(char: string): string {
  return `U+${codePointOf(char).toString(16).toUpperCase().padStart(4, '0')}`;
}
