// The completion certificate as an A4 landscape PDF: names in their own script, a QR code to verify it.
import PDFDocument from 'pdfkit';
import QRCode from 'qrcode';
import { AppError } from '../errors.ts';
import { codePointLabel, fontRuns, loadFonts, scriptOf, unrenderableCharacters, type FontkitFont } from './fonts.ts';

declare global {
  // eslint-disable-next-line @typescript-eslint/no-namespace
  namespace PDFKit.Mixins {
    interface PDFFont {
      /** pdfkit 0.20 also takes a parsed fontkit font (`PDFFontFactory.open` accepts anything with `layout`). */
      registerFont(name: string, src: FontkitFont): this;
    }
  }
}

export interface CertificateContent {
  number: string;
  verifyUrl: string;
  /** The name in the person's own script; null or equal to `nameLatin` prints one name only. */
  nameNative: string | null;
  nameLatin: string;
  programmeTitle: string;
  cohortTitle: string;
  /** Calendar dates, 'YYYY-MM-DD'. */
  firstDay: string;
  lastDay: string;
  hoursAttended: number;
  issuer: { name: string; city: string };
  signer: { name: string; title: string };
  /** The calendar date of issuance, 'YYYY-MM-DD'; also the PDF's creation date, so equal input gives equal bytes. */
  issuedOn: string;
}

export interface UnrenderableCharacter {
  character: string;
  codePoint: string;
}

/** A name with characters no certificate font can draw: refused rather than printed as empty boxes. */
export class UnrenderableNameError extends AppError {
  readonly characters: readonly UnrenderableCharacter[];

  constructor(field: string, characters: UnrenderableCharacter[]) {
    const listed = characters.map((c) => `${c.codePoint} "${c.character}"`).join(', ');
    super('rule_violated', `The ${field} contains characters no certificate font can print: ${listed}`, {
      fields: [{ field, message: `cannot print ${listed}` }],
      details: { characters },
    });
    this.name = 'UnrenderableNameError';
    this.characters = characters;
  }
}

const PAGE = { width: 841.89, height: 595.28 };
const CENTRE_X = PAGE.width / 2;
const TEXT_WIDTH = PAGE.width - 160;
const COLOURS = { ink: '#1d2433', navy: '#1f3a68', muted: '#5a6478', gold: '#b08d3c' };

const printedNames = (content: CertificateContent) => ({
  'native name': content.nameNative ?? '',
  'Latin name': content.nameLatin,
  'signer name': content.signer.name,
});

const printedTexts = (content: CertificateContent) => ({
  'programme title': content.programmeTitle,
  'cohort title': content.cohortTitle,
  'issuer name': content.issuer.name,
  'issuer city': content.issuer.city,
  'signer title': content.signer.title,
});

function missingCharacters(text: string): UnrenderableCharacter[] {
  return unrenderableCharacters(text).map((character) => ({ character, codePoint: codePointLabel(character) }));
}

/** Checks every printed string before drawing anything, so a bad name fails issuance with the characters named. */
export function assertPrintable(content: CertificateContent): void {
  for (const [field, text] of Object.entries(printedNames(content))) {
    const missing = missingCharacters(text);
    if (missing.length > 0) throw new UnrenderableNameError(field, missing);
  }
  for (const [field, text] of Object.entries(printedTexts(content))) {
    const missing = missingCharacters(text);
    if (missing.length > 0) throw new AppError('rule_violated', `The ${field} contains characters no certificate font can print: ${missing.map((c) => c.codePoint).join(', ')}`);
  }
}

/** Right to left when the first letter with a direction is Arabic (the only RTL script we have a font for). */
function isRightToLeft(text: string): boolean {
  for (const char of text) {
    const script = scriptOf(char);
    if (script) return script === 'arabic';
  }
  return false;
}

// Without `features` pdfkit lays out each space-separated word on its own and concatenates them left to
// right, which drops the spaces of an Arabic name and would order words wrongly; with it, fontkit shapes
// the whole run at once (its default features still apply).
const WHOLE_RUN: { features: PDFKit.Mixins.OpenTypeFeatures[] } = { features: [] };

interface LineStyle {
  baseline: number;
  size: number;
  colour?: string;
  /** Centred on the page unless a left edge is given. */
  left?: number;
  maxWidth?: number;
}

/**
 * Draws one line of mixed-script text from per-font runs, shrunk to fit. Runs are measured and placed
 * by hand on a shared alphabetic baseline because fonts of different scripts have different ascents;
 * within a run fontkit shapes and orders the glyphs (Arabic joined, right to left), and for a
 * right-to-left line the runs themselves are placed from the right.
 */
function drawLine(doc: PDFKit.PDFDocument, text: string, style: LineStyle): void {
  const runs = fontRuns(text);
  const measure = (size: number) => runs.map((run) => run.face.widthOf(run.text, size));
  const maxWidth = style.maxWidth ?? TEXT_WIDTH;
  let size = style.size;
  let widths = measure(size);
  const natural = widths.reduce((a, b) => a + b, 0);
  if (natural > maxWidth) {
    size = (size * maxWidth) / natural;
    widths = measure(size);
  }
  const total = widths.reduce((a, b) => a + b, 0);
  const placed = runs.map((run, i) => ({ run, width: widths[i] ?? 0 }));
  if (isRightToLeft(text)) placed.reverse();
  let x = style.left ?? CENTRE_X - total / 2;
  doc.fillColor(style.colour ?? COLOURS.ink);
  for (const { run, width } of placed) {
    doc.font(run.face.name).fontSize(size).text(run.text, x, style.baseline, { ...WHOLE_RUN, lineBreak: false, baseline: 'alphabetic' });
    x += width;
  }
}

function drawHeading(doc: PDFKit.PDFDocument, text: string, baseline: number, size: number): void {
  const face = loadFonts().heading;
  doc.font(face.name).fontSize(size).fillColor(COLOURS.navy);
  const width = doc.widthOfString(text, { characterSpacing: 2 });
  doc.text(text, CENTRE_X - width / 2, baseline, { lineBreak: false, baseline: 'alphabetic', characterSpacing: 2 });
}

function drawFrame(doc: PDFKit.PDFDocument): void {
  doc.lineWidth(2.5).strokeColor(COLOURS.navy).rect(20, 20, PAGE.width - 40, PAGE.height - 40).stroke();
  doc.lineWidth(0.75).strokeColor(COLOURS.gold).rect(30, 30, PAGE.width - 60, PAGE.height - 60).stroke();
}

/** The QR code as vector rectangles (one per horizontal stretch of dark modules): sharp at any zoom and cheap. */
function drawQrCode(doc: PDFKit.PDFDocument, url: string, left: number, top: number, size: number): void {
  const { modules } = QRCode.create(url, { errorCorrectionLevel: 'M' });
  const cell = size / modules.size;
  for (let row = 0; row < modules.size; row++) {
    let col = 0;
    while (col < modules.size) {
      if (!modules.get(row, col)) {
        col++;
        continue;
      }
      const start = col;
      while (col < modules.size && modules.get(row, col)) col++;
      // A hair of overlap keeps renderers from drawing seams between rows.
      doc.rect(left + start * cell, top + row * cell, (col - start) * cell, cell + 0.05);
    }
  }
  doc.fillColor('#000000').fill();
}

const hoursFormat = new Intl.NumberFormat('en', { maximumFractionDigits: 1 });

/** "24.5 hours", "1 hour". */
export function formatHours(hours: number): string {
  return `${hoursFormat.format(hours)} ${hours === 1 ? 'hour' : 'hours'}`;
}

// One formatter for the process: building an Intl.DateTimeFormat costs more than the rest of a line.
const dateFormat = new Intl.DateTimeFormat('en-GB', { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' });

/** A calendar date 'YYYY-MM-DD' as "13 July 2026": day first and the month in words, unambiguous abroad. */
export function formatCertificateDate(date: string): string {
  return dateFormat.format(new Date(`${date}T00:00:00Z`));
}

function drawBody(doc: PDFKit.PDFDocument, content: CertificateContent): void {
  drawLine(doc, `${content.issuer.name} · ${content.issuer.city}`, { baseline: 82, size: 13, colour: COLOURS.muted });
  drawHeading(doc, 'CERTIFICATE OF COMPLETION', 132, 28);
  drawLine(doc, 'This is to certify that', { baseline: 176, size: 13, colour: COLOURS.muted });
  const hasNativeName = content.nameNative !== null && content.nameNative.trim() !== '' && content.nameNative !== content.nameLatin;
  if (hasNativeName) {
    drawLine(doc, content.nameNative ?? '', { baseline: 230, size: 34 });
    drawLine(doc, content.nameLatin, { baseline: 264, size: 18, colour: COLOURS.muted });
  } else {
    drawLine(doc, content.nameLatin, { baseline: 240, size: 34 });
  }
  drawLine(doc, 'has completed the online international training programme', { baseline: 302, size: 13, colour: COLOURS.muted });
  drawLine(doc, content.programmeTitle, { baseline: 340, size: 22, colour: COLOURS.navy });
  drawLine(doc, content.cohortTitle, { baseline: 366, size: 13 });
  const period = `held from ${formatCertificateDate(content.firstDay)} to ${formatCertificateDate(content.lastDay)}, attending ${formatHours(content.hoursAttended)} of live sessions.`;
  drawLine(doc, period, { baseline: 396, size: 13 });
}

function drawSignature(doc: PDFKit.PDFDocument, content: CertificateContent): void {
  const left = 90;
  const width = 250;
  doc.lineWidth(0.75).strokeColor(COLOURS.ink).moveTo(left, 482).lineTo(left + width, 482).stroke();
  drawLine(doc, content.signer.name, { baseline: 500, size: 13, left, maxWidth: width });
  drawLine(doc, content.signer.title, { baseline: 516, size: 10, colour: COLOURS.muted, left, maxWidth: width });
  drawLine(doc, content.issuer.name, { baseline: 530, size: 10, colour: COLOURS.muted, left, maxWidth: width });
}

function drawVerification(doc: PDFKit.PDFDocument, content: CertificateContent): void {
  const qrSize = 96;
  const qrLeft = PAGE.width - 90 - qrSize;
  drawQrCode(doc, content.verifyUrl, qrLeft, 430, qrSize);
  drawLine(doc, `Issued on ${formatCertificateDate(content.issuedOn)}`, { baseline: 500, size: 10, colour: COLOURS.muted, left: 400, maxWidth: 180 });
  drawLine(doc, `Certificate No. ${content.number}`, { baseline: 516, size: 10, left: 400, maxWidth: 180 });
  drawLine(doc, `Verify: ${content.verifyUrl}`, { baseline: 540, size: 7, colour: COLOURS.muted, left: 400, maxWidth: PAGE.width - 90 - 400 });
}

function registerFonts(doc: PDFKit.PDFDocument): void {
  const fonts = loadFonts();
  // Registering only records the parsed font; pdfkit embeds (and subsets) the faces actually used.
  for (const face of [...fonts.regular, fonts.heading]) doc.registerFont(face.name, face.font);
}

function collect(doc: PDFKit.PDFDocument): Promise<Buffer> {
  const chunks: Buffer[] = [];
  doc.on('data', (chunk: Buffer) => chunks.push(chunk));
  return new Promise((resolve, reject) => {
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });
}

/**
 * Renders one completion certificate. Throws `UnrenderableNameError` before drawing when a name has
 * characters no font covers. Fonts are parsed once per process and shared by every document.
 */
export async function renderCertificatePdf(content: CertificateContent): Promise<Buffer> {
  assertPrintable(content);
  return drawCertificatePdf(content);
}

/** Draws a certificate whose strings `assertPrintable` has already accepted (the render pool checks on the calling thread). */
export async function drawCertificatePdf(content: CertificateContent): Promise<Buffer> {
  const issued = new Date(`${content.issuedOn}T00:00:00Z`);
  const doc = new PDFDocument({
    size: 'A4',
    layout: 'landscape',
    margin: 0,
    // No default Helvetica: it would be parsed from its AFM file for every certificate and never used.
    font: '',
    displayTitle: true,
    lang: 'en',
    info: {
      Title: `Certificate of completion ${content.number}: ${content.programmeTitle}`,
      Author: content.issuer.name,
      Subject: `${content.nameLatin}, ${content.cohortTitle}`,
      Creator: 'livecohort',
      CreationDate: issued,
      ModDate: issued,
    },
  });
  const done = collect(doc);
  registerFonts(doc);
  drawFrame(doc);
  drawBody(doc, content);
  drawSignature(doc, content);
  drawVerification(doc, content);
  doc.link(PAGE.width - 90 - 96, 430, 96, 96, content.verifyUrl);
  doc.end();
  return done;
}
