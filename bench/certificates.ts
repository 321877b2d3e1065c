// Certificate rendering benchmark of the certificates issue; `node bench/certificates.ts` runs it alone.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import PDFDocument from 'pdfkit';
import QRCode from 'qrcode';
import { unpackWoff, type FontkitFont } from '../server/certificates/fonts.ts';
import { renderCertificatePdf, type CertificateContent } from '../server/certificates/pdf.ts';

export const names = [
  { native: 'أحمد عبد الرحمن', latin: 'Ahmed Abdelrahman', file: '@fontsource/noto-sans-arabic/files/noto-sans-arabic-arabic-400-normal.woff' },
  { native: 'Дилшод Каримов', latin: 'Dilshod Karimov', file: '@fontsource/noto-sans/files/noto-sans-cyrillic-400-normal.woff' },
  { native: 'Олена Шевченко', latin: 'Olena Shevchenko', file: '@fontsource/noto-sans/files/noto-sans-cyrillic-400-normal.woff' },
  { native: '王晓明', latin: 'Wang Xiaoming', file: '@expo-google-fonts/noto-sans-sc/400Regular/NotoSansSC_400Regular.ttf' },
  { native: '김민준', latin: 'Kim Minjun', file: '@expo-google-fonts/noto-sans-kr/400Regular/NotoSansKR_400Regular.ttf' },
  { native: 'สมชาย ใจดี', latin: 'Somchai Jaidee', file: '@expo-google-fonts/noto-sans-thai/400Regular/NotoSansThai_400Regular.ttf' },
  { native: 'José Ramírez Núñez', latin: 'Jose Ramirez Nunez', file: '@fontsource/noto-sans/files/noto-sans-latin-400-normal.woff' },
];
const LATIN = '@fontsource/noto-sans/files/noto-sans-latin-400-normal.woff';
const LATIN_BOLD = '@fontsource/noto-sans/files/noto-sans-latin-700-normal.woff';

export function certificate(i: number): CertificateContent {
  const name = names[i % names.length]!;
  const number = `LC-${String(i).padStart(6, '0')}-BNCH`;
  return {
    number,
    verifyUrl: `https://livecohort.example.org/verify/${number}`,
    nameNative: name.native,
    nameLatin: name.latin,
    programmeTitle: 'Smart City Governance and Digital Transformation',
    cohortTitle: 'Alumni 2005-2021',
    firstDay: '2026-07-13',
    lastDay: '2026-08-07',
    hoursAttended: 24.5,
    issuer: { name: 'Seoul Human Resources Development Center', city: 'Seoul' },
    signer: { name: 'Park Ji-won', title: 'Director, International Training' },
    issuedOn: '2026-08-10',
  };
}

interface Fontkit {
  create(data: Uint8Array): FontkitFont;
}

/** Fonts for the bare loop: the same bytes, parsed once by fontkit, with no help from our module. */
export async function loadBareFonts(): Promise<Map<string, FontkitFont>> {
  const fontkitSpecifier = 'fontkit';
  const fontkit = (await import(fontkitSpecifier)) as Fontkit;
  const require = createRequire(import.meta.url);
  const files = new Set([LATIN, LATIN_BOLD, ...names.map((n) => n.file)]);
  // Unpacking WOFF is font preparation, not rendering: fontkit re-inflates WOFF tables on every read,
  // which would make the baseline ~6x slower and the comparison meaningless.
  return new Map([...files].map((file) => [file, fontkit.create(unpackWoff(readFileSync(require.resolve(file))))]));
}

/** The same template drawn the plain pdfkit way: one font per line, pdfkit's own centring and measuring. */
export function renderBare(fonts: Map<string, FontkitFont>, content: CertificateContent, nativeFile: string): Promise<Buffer> {
  const doc = new PDFDocument({ size: 'A4', layout: 'landscape', margin: 0, font: '', info: { Title: content.number, Author: content.issuer.name, CreationDate: new Date(`${content.issuedOn}T00:00:00Z`) } });
  for (const [file, font] of fonts) doc.registerFont(file, font);
  const chunks: Buffer[] = [];
  doc.on('data', (chunk: Buffer) => chunks.push(chunk));
  const done = new Promise<Buffer>((resolve) => doc.on('end', () => resolve(Buffer.concat(chunks))));
  const centred = (text: string, y: number, size: number, file = LATIN) =>
    doc.font(file).fontSize(size).text(text, 0, y, { width: 841.89, align: 'center', lineBreak: false, features: [] });
  doc.lineWidth(2.5).rect(20, 20, 801.89, 555.28).stroke();
  doc.lineWidth(0.75).rect(30, 30, 781.89, 535.28).stroke();
  centred(`${content.issuer.name} · ${content.issuer.city}`, 70, 13);
  centred('CERTIFICATE OF COMPLETION', 105, 28, LATIN_BOLD);
  centred('This is to certify that', 164, 13);
  centred(content.nameNative ?? '', 195, 34, nativeFile);
  centred(content.nameLatin, 248, 18);
  centred('has completed the online international training programme', 290, 13);
  centred(content.programmeTitle, 320, 22);
  centred(content.cohortTitle, 354, 13);
  centred(`held from 13 July 2026 to 7 August 2026, attending 24.5 hours of live sessions.`, 384, 13);
  doc.moveTo(90, 482).lineTo(340, 482).stroke();
  doc.font(LATIN).fontSize(13).text(content.signer.name, 90, 488, { lineBreak: false });
  doc.fontSize(10).text(content.signer.title, 90, 506, { lineBreak: false }).text(content.issuer.name, 90, 520, { lineBreak: false });
  doc.text(`Issued on 10 August 2026`, 400, 490, { lineBreak: false }).text(`Certificate No. ${content.number}`, 400, 506, { lineBreak: false });
  doc.fontSize(7).text(`Verify: ${content.verifyUrl}`, 400, 534, { lineBreak: false });
  const { modules } = QRCode.create(content.verifyUrl, { errorCorrectionLevel: 'M' });
  const cell = 96 / modules.size;
  for (let row = 0; row < modules.size; row++) {
    for (let col = 0; col < modules.size; col++) if (modules.get(row, col)) doc.rect(655.89 + col * cell, 430 + row * cell, cell, cell);
  }
  doc.fill('#000000');
  doc.end();
  return done;
}

/** Samples resident memory every 50 ms and on demand; `peak` is the highest value seen so far. */
function memorySampler() {
  let peak = process.memoryUsage.rss();
  const sample = () => {
    peak = Math.max(peak, process.memoryUsage.rss());
  };
  const timer = setInterval(sample, 50);
  return { sample, peak: () => peak, stop: () => clearInterval(timer) };
}

const mb = (bytes: number) => Math.round(bytes / 1024 / 1024);

export async function benchCertificates(count = 2425) {
  const bareFonts = await loadBareFonts();
  const bareFile = (i: number) => names[i % names.length]!.file;
  // Warm both paths (JIT, font parsing, glyph caches) before timing either.
  for (let i = 0; i < 50; i++) {
    await renderCertificatePdf(certificate(i));
    await renderBare(bareFonts, certificate(i), bareFile(i));
  }

  const memory = memorySampler();
  const checkpoints = new Map([[Math.floor(count / 4), 'quarter'], [Math.floor(count / 2), 'half'], [count, 'end']] as const);
  const peaks: Record<'quarter' | 'half' | 'end', number> = { quarter: 0, half: 0, end: 0 };
  let bytes = 0;
  const started = performance.now();
  for (let i = 1; i <= count; i++) {
    bytes += (await renderCertificatePdf(certificate(i))).length;
    // The loop rarely yields to timers, so memory is also sampled here.
    if (i % 25 === 0) memory.sample();
    const checkpoint = checkpoints.get(i);
    if (checkpoint) {
      memory.sample();
      peaks[checkpoint] = memory.peak();
    }
  }
  const seconds = (performance.now() - started) / 1000;
  memory.stop();

  const bareStarted = performance.now();
  for (let i = 1; i <= count; i++) await renderBare(bareFonts, certificate(i), bareFile(i));
  const bareSeconds = (performance.now() - bareStarted) / 1000;

  const rate = count / seconds;
  const bareRate = count / bareSeconds;
  const figures = {
    count,
    certificatesPerSecond: rate,
    bareCertificatesPerSecond: bareRate,
    ratio: rate / bareRate,
    averageBytes: bytes / count,
    peakRssMb: { quarter: mb(peaks.quarter), half: mb(peaks.half), end: mb(peaks.end) },
  };
  console.log(`\nCertificates: ${count.toLocaleString('en')} A4 PDFs, names in ${names.length} scripts, Unicode fonts subset into each file`);
  console.log(`  measured  renderCertificatePdf                 ${Math.round(rate).toLocaleString('en')} certificates/s (${seconds.toFixed(2)} s, ${Math.round(figures.averageBytes / 1024)} KB each)`);
  console.log(`  baseline  bare pdfkit loop, fonts parsed once  ${Math.round(bareRate).toLocaleString('en')} certificates/s (${bareSeconds.toFixed(2)} s)`);
  console.log(`  ratio     ${figures.ratio.toFixed(2)}x (target >= 0.8x)`);
  console.log(`  memory    peak RSS ${figures.peakRssMb.quarter} MB at 1/4, ${figures.peakRssMb.half} MB at 1/2, ${figures.peakRssMb.end} MB at the end (must not grow with the count)`);
  return figures;
}

if (import.meta.main) await benchCertificates(Number(process.argv[2] ?? 2425));
